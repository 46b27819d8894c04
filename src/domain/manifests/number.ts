// 危险废物转移管理办法 第十五条: the 14-digit manifest number is year (4) + province (2) + city (2) of
// the place the waste leaves + a serial (6) counted per city and year.
export function manifestNumber(year: number, regionCode: string, serial: number): string {
  if (serial < 1 || serial > 999_999) throw new RangeError('manifest serial out of range');
  return `${year}${regionCode.slice(0, 4)}${String(serial).padStart(6, '0')}`;
}

export function parseManifestNumber(number: string): { year: number; cityPrefix: string; serial: number } | null {
  const m = /^(\d{4})(\d{4})(\d{6})$/.exec(number);
  return m ? { year: Number(m[1]), cityPrefix: m[2], serial: Number(m[3]) } : null;
}
