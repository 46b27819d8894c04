// 双随机、一公开 (random inspections: a random draw of the units checked, a random draw of the officers who
// check them, and the results made public). The draw is a pure function of a published seed and the
// published member lists, so that anyone can run it again and see the same result. Shared by the
// server, the console and the public verification page, so it uses no Node module.

export type Text = { zh: string; en: string };

// ---- the draw --------------------------------------------------------------------------------------

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** SHA-256 of a text (UTF-8), as 64 hex digits: the same digest as any standard tool (sha256sum, Python's hashlib). */
export function sha256Hex(message: string): string {
  const bytes = new TextEncoder().encode(message);
  const length = bytes.length;
  const padded = new Uint8Array(((length + 9 + 63) >> 6) << 6);
  padded.set(bytes);
  padded[length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(length / 0x20000000));
  view.setUint32(padded.length - 4, (length << 3) >>> 0);
  const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const w = new Uint32Array(64);
  const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));
  for (let offset = 0; offset < padded.length; offset += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(offset + i * 4);
    for (let i = 16; i < 64; i++) {
      const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
      const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) >>> 0;
    }
    let [a, b, c, d, e, f, g, hh] = h;
    for (let i = 0; i < 64; i++) {
      const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) >>> 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
      hh = g; g = f; f = e; e = (d + t1) >>> 0; d = c; c = b; b = a; a = (t1 + t2) >>> 0;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
  }
  return Array.from(h, (x) => x.toString(16).padStart(8, '0')).join('');
}

export interface DrawMember { id: string; name: string }
export interface DrawInput {
  seed: string;
  enterprises: DrawMember[];
  inspectors: DrawMember[];
  enterpriseCount: number;
  inspectorsPerEnterprise: number;
}
export interface DrawnPair { organisationId: string; name: string; rank: string; inspectors: DrawMember[] }

/** Members ordered by sha256(key(member)), the smaller digest first; equal digests (never seen) by id. */
function rankBy<T extends DrawMember>(members: T[], key: (m: T) => string) {
  return members.map((m) => ({ m, rank: sha256Hex(key(m)) }))
    .sort((x, y) => (x.rank < y.rank ? -1 : x.rank > y.rank ? 1 : x.m.id < y.m.id ? -1 : x.m.id > y.m.id ? 1 : 0));
}

/**
 * The draw. Every enterprise of the pool gets the number sha256("<seed>:<enterprise id>") and the
 * `enterpriseCount` smallest numbers are drawn, in that order. For each drawn enterprise every
 * inspector gets sha256("<seed>:<enterprise id>:<inspector id>") and the `inspectorsPerEnterprise`
 * smallest are sent. Nothing else goes in: neither the order of the lists nor the time of the draw,
 * so the same seed and lists give the same result on any machine, and another seed another result.
 */
export function runDraw(input: DrawInput): DrawnPair[] {
  const drawn = rankBy(input.enterprises, (e) => `${input.seed}:${e.id}`).slice(0, input.enterpriseCount);
  return drawn.map(({ m, rank }) => ({
    organisationId: m.id, name: m.name, rank,
    inspectors: rankBy(input.inspectors, (i) => `${input.seed}:${m.id}:${i.id}`).slice(0, input.inspectorsPerEnterprise).map(({ m: i }) => ({ id: i.id, name: i.name })),
  }));
}

/** Whether a published result is what the draw gives: the same enterprises in the same order, each with the same inspectors. */
export function sameDraw(a: { organisationId: string; inspectors: { id: string }[] }[], b: { organisationId: string; inspectors: { id: string }[] }[]) {
  return a.length === b.length && a.every((x, i) => x.organisationId === b[i].organisationId
    && x.inspectors.length === b[i].inspectors.length && x.inspectors.every((p, j) => p.id === b[i].inspectors[j].id));
}

/** The algorithm in words, for the console and the public page. */
export const DRAW_METHOD: Text = {
  zh: '对名单中的每家企业，计算 SHA-256(“随机种子:企业编号”) 的十六进制摘要，按摘要从小到大排序，取前 N 家；对每家抽中的企业，再对执法人员名单中的每个人计算 SHA-256(“随机种子:企业编号:人员编号”)，取摘要最小的 M 人。结果只取决于公布的随机种子和名单，任何人都可以用任一 SHA-256 工具复算。',
  en: 'For every enterprise of the list, take the hex SHA-256 digest of "seed:enterprise id", sort by it (smallest first) and take the first N; for each enterprise drawn, take the hex SHA-256 of "seed:enterprise id:inspector id" for every inspector and send the M with the smallest. The result depends only on the published seed and lists: anyone can re-run it with any SHA-256 tool.',
};

/** 双随机 practice: at least two law-enforcement officers at every check (行政执法 两人以上). */
export const MIN_INSPECTORS = 2;

// ---- the pools ---------------------------------------------------------------------------------------

/** The kinds of unit an enterprise pool is made of. */
export const POOL_UNIT_KINDS = [
  { value: 'hazardous_producer', zh: '危险废物产生单位（工业）', en: 'Hazardous-waste producers (industry)' },
  { value: 'medical', zh: '医疗机构（医疗废物产生单位）', en: 'Medical institutions' },
  { value: 'licensed_receiver', zh: '持证经营单位（利用处置）', en: 'Licensed operators (treatment and disposal)' },
  { value: 'collector', zh: '收集单位', en: 'Licensed collectors' },
] as const;
export type PoolUnitKind = (typeof POOL_UNIT_KINDS)[number]['value'];

/** 危险废物重点风险监管单位清单: a unit is 重点监管 once listed so, 一般 otherwise. */
export const RISK_LEVELS = [
  { value: 'key', zh: '重点监管', en: 'Key supervision' },
  { value: 'general', zh: '一般监管', en: 'General supervision' },
] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number]['value'];
export const POOL_RISK = [...RISK_LEVELS, { value: 'any', zh: '不限', en: 'Any' }] as const;
export type PoolRisk = RiskLevel | 'any';

/** Medical institutions are producers whose trade says so (医疗卫生, 医院, 卫生院 …). */
export const MEDICAL_TRADE = '(医疗|医院|卫生院|卫生服务|诊所)';

// ---- the checklist -------------------------------------------------------------------------------

/**
 * 危险废物规范化环境管理评估 items, in our words. A veto item (否决项) found 不符合 fails the check
 * whatever the score; `mayNotApply` items may be marked 不涉及 (a producer with no own treatment plant).
 */
export const CHECKLIST = [
  { key: 'responsibility', zh: '污染环境防治责任制度', en: 'Pollution-prevention responsibility', hint: { zh: '有负责人和岗位职责，制度上墙', en: 'A person responsible and written duties' } },
  { key: 'labelling', zh: '标识制度', en: 'Labels and signs', hint: { zh: '容器、包装、贮存场所设置危险废物识别标志，信息完整', en: 'Containers, packages and stores labelled in full' } },
  { key: 'management_plan', zh: '管理计划制度', en: 'Management plan', veto: true, hint: { zh: '当年管理计划已备案且与实际相符', en: 'This year’s plan filed and matching practice' } },
  { key: 'declaration', zh: '申报登记与台账', en: 'Declarations and ledger', hint: { zh: '按时申报，台账记录完整可追溯', en: 'Declared on time; a complete, traceable ledger' } },
  { key: 'source_sorting', zh: '源头分类制度', en: 'Sorting at source', hint: { zh: '按类别分类收集，不与一般固废混存', en: 'Sorted by class, never mixed with ordinary waste' } },
  { key: 'manifest', zh: '转移联单制度', en: 'Transfer manifests', veto: true, hint: { zh: '每次转移均运行电子联单，数量一致', en: 'Every transfer on an electronic manifest, quantities matching' } },
  { key: 'licence', zh: '经营许可证制度', en: 'Licensed receivers only', veto: true, mayNotApply: true, hint: { zh: '委托或自身持有相应经营许可证，未超范围、超规模经营', en: 'Handed only to licensed receivers; an operator within its licence' } },
  { key: 'emergency_plan', zh: '应急预案备案制度', en: 'Emergency plan', hint: { zh: '应急预案已备案并开展演练', en: 'An emergency plan filed and rehearsed' } },
  { key: 'storage', zh: '贮存设施管理', en: 'Storage', veto: true, hint: { zh: '防风、防雨、防晒、防渗，分区贮存，未超期', en: 'Covered, sealed floor, separated, not past the time limit' } },
  { key: 'facilities', zh: '利用处置设施运行', en: 'Treatment facilities', mayNotApply: true, hint: { zh: '自建设施正常运行，污染物达标排放', en: 'Own facilities running, emissions within limits' } },
  { key: 'training', zh: '业务培训', en: 'Training', hint: { zh: '管理人员和操作人员接受培训并有记录', en: 'Managers and operators trained, with records' } },
  { key: 'monitoring', zh: '环境监测', en: 'Environmental monitoring', mayNotApply: true, hint: { zh: '按要求开展自行监测并公开', en: 'Self-monitoring done and published as required' } },
] as const satisfies readonly { key: string; zh: string; en: string; veto?: boolean; mayNotApply?: boolean; hint: Text }[];
export type ChecklistKey = (typeof CHECKLIST)[number]['key'];

export const ITEM_RESULTS = [
  { value: 'conform', zh: '符合', en: 'Conforms' },
  { value: 'partly', zh: '基本符合', en: 'Mostly conforms' },
  { value: 'nonconform', zh: '不符合', en: 'Does not conform' },
  { value: 'na', zh: '不涉及', en: 'Not applicable' },
] as const;
export type ItemResult = (typeof ITEM_RESULTS)[number]['value'];
export interface ItemFinding { key: string; result: ItemResult; note?: string }

/** A check passes with no veto item 不符合 and a score of 70 or more. */
export const PASS_SCORE = 70;

export type ChecklistProblem = { code: string; path: string; zh: string; en: string };

/** What is wrong with a list of findings (each item once, in the checklist, 不涉及 only where allowed, a note for every 不符合), or null. */
export function checklistProblem(items: ItemFinding[]): ChecklistProblem | null {
  const seen = new Set<string>();
  for (const [i, f] of items.entries()) {
    const item = CHECKLIST.find((c) => c.key === f.key);
    if (!item) return { code: 'UNKNOWN_ITEM', path: `items.${i}.key`, zh: '检查表中没有该项', en: 'Not an item of the checklist' };
    if (seen.has(f.key)) return { code: 'DUPLICATE_ITEM', path: `items.${i}.key`, zh: `“${item.zh}”填写了两次`, en: `“${item.en}” is given twice` };
    seen.add(f.key);
    if (f.result === 'na' && !('mayNotApply' in item && item.mayNotApply)) return { code: 'ITEM_APPLIES', path: `items.${i}.result`, zh: `“${item.zh}”适用于所有单位，不能填“不涉及”`, en: `“${item.en}” applies to every unit: it cannot be “not applicable”` };
    if (f.result === 'nonconform' && (f.note ?? '').trim().length < 4) return { code: 'NOTE_REQUIRED', path: `items.${i}.note`, zh: `“${item.zh}”不符合，须写明发现的问题（至少4个字）`, en: `“${item.en}” does not conform: say what was found (4 characters or more)` };
  }
  const missing = CHECKLIST.findIndex((c) => !seen.has(c.key));
  if (missing >= 0) return { code: 'MISSING_ITEM', path: 'items', zh: `检查表缺少“${CHECKLIST[missing].zh}”一项`, en: `The checklist lacks “${CHECKLIST[missing].en}”` };
  return null;
}

/**
 * The score and the verdict: 符合 1, 基本符合 ½, 不符合 0 over the items that apply, as a percentage
 * to one decimal; passed when no veto item is 不符合 and the score is at least PASS_SCORE.
 */
export function assess(items: ItemFinding[]) {
  const applying = items.filter((f) => f.result !== 'na');
  const points = applying.reduce((s, f) => s + (f.result === 'conform' ? 1 : f.result === 'partly' ? 0.5 : 0), 0);
  const score = applying.length ? Math.round((points / applying.length) * 1000) / 10 : 100;
  const vetoed = items.filter((f) => f.result === 'nonconform' && CHECKLIST.some((c) => c.key === f.key && 'veto' in c && c.veto)).map((f) => f.key);
  return { score, vetoed, passed: vetoed.length === 0 && score >= PASS_SCORE };
}

/** The findings in one line for the register and the public list: each item not conforming with its note. */
export function findingsSummary(items: ItemFinding[]): string {
  return items.filter((f) => f.result === 'nonconform' || f.result === 'partly').map((f) => {
    const item = CHECKLIST.find((c) => c.key === f.key);
    return `${item?.zh ?? f.key}${f.result === 'partly' ? '（基本符合）' : '（不符合）'}${f.note ? `：${f.note}` : ''}`;
  }).join('；');
}

/** A person's name as the public pages show it: the surname and a mark (王*、欧阳**). */
export const maskName = (name: string) => (name.length <= 1 ? name : `${name.slice(0, name.length >= 4 ? 2 : 1)}${'*'.repeat(Math.min(2, name.length - (name.length >= 4 ? 2 : 1)))}`);
