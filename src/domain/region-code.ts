// GB/T 2260 region codes: province 370000, city 371500, county 371581; towns (乡级, from the
// statistics division code) 371581101. A record's region code is scoped by prefix: everything
// under 聊城市 starts with 3715, everything under 临清市 with 371581.
export type RegionLevel = 'province' | 'city' | 'county' | 'town';

export const REGION_LEVELS: RegionLevel[] = ['province', 'city', 'county', 'town'];

export function isRegionCode(code: string): boolean {
  return /^\d{6}$/.test(code) || /^\d{9}$/.test(code);
}

export function regionLevelOf(code: string): RegionLevel | null {
  if (/^\d{9}$/.test(code)) return 'town';
  if (!/^\d{6}$/.test(code)) return null;
  if (code.endsWith('0000')) return 'province';
  if (code.endsWith('00')) return 'city';
  return 'county';
}

/** The prefix shared by the code and every region beneath it. */
export function regionScopePrefix(code: string): string {
  switch (regionLevelOf(code)) {
    case 'province': return code.slice(0, 2);
    case 'city': return code.slice(0, 4);
    case 'county': return code.slice(0, 6);
    case 'town': return code;
    default: throw new Error(`not a region code: ${code}`);
  }
}

/** True when `code` is `scopeCode` itself or lies beneath it. */
export function regionWithin(code: string, scopeCode: string): boolean {
  return code.startsWith(regionScopePrefix(scopeCode));
}

/** The parent code implied by the code's structure (province has none). */
export function impliedParent(code: string): string | null {
  switch (regionLevelOf(code)) {
    case 'town': return code.slice(0, 6);
    case 'county': return `${code.slice(0, 4)}00`;
    case 'city': return `${code.slice(0, 2)}0000`;
    default: return null;
  }
}

/** The region itself and the regions above it, most specific first: a town's county, city and province. */
export function regionLineage(code: string): string[] {
  const out: string[] = [];
  for (let c: string | null = code; c; c = impliedParent(c)) out.push(c);
  return out;
}
