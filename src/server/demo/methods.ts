// The demo's industrial flows say in words what each receiver does with a load (蒸压粉煤灰砖,
// 回炉炼钢); a manifest takes the code of 利用/处置方式 (src/domain/treatment-methods.ts), so each
// handed-over flow's words map here to the code the receiver signs with. The words stay on the ledger's
// own movements, where a company describes its own plant.
const DEMO_METHOD_CODES: Record<string, string> = {
  蒸压粉煤灰砖: 'C2', 蒸压加气混凝土砌块: 'C2', 空心砌块骨料: 'C2', 石膏砌块: 'C2', 免烧砖: 'C2', 铸造废砂制砖: 'C2', 制砖骨料: 'C2',
  水泥混合材: 'C2', 水泥缓凝剂: 'C2', '矸石发电、烧结砖': 'R1', 锅炉掺烧: 'R1', 自备锅炉掺烧发电: 'R1',
  回炉炼钢: 'R4', 造纸原料: 'R3', 分拣再生: 'R3', 再生纤维: 'R3', '白泥制碳酸钙、浆渣掺烧': 'R5', 井下充填: 'R5',
};

/** The code a demo receiver signs with for a flow described in words; a code passes through. */
export function demoMethodCode(words: string): string {
  if (/^[RDC]\d+$/.test(words)) return words;
  const code = DEMO_METHOD_CODES[words];
  if (!code) throw new Error(`demo: no 利用/处置方式 code for "${words}"`);
  return code;
}
