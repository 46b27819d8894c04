// 行政处罚案件 (enforcement cases) of the ecology bureau: opened (立案) from a complaint, a random
// inspection, an alarm or otherwise; steps appended (调查取证, 处罚决定, 结案); a suspected crime
// transferred to the police (移送公安机关, 《行政执法机关移送涉嫌犯罪案件的规定》) with the police's
// answer; 生态环境损害赔偿 (《生态环境损害赔偿管理规定》) started by 磋商 or 诉讼, or ruled out with a
// reason. A case is never edited: what happened is a step, and its state is read from its steps.

export type Text = { zh: string; en: string };

export const CASE_SOURCES = [
  { value: 'complaint', zh: '信访投诉举报', en: 'Complaint' },
  { value: 'inspection', zh: '双随机抽查', en: 'Random inspection' },
  { value: 'alarm', zh: '预警', en: 'Alarm' },
  { value: 'other', zh: '其他（日常巡查、上级交办等）', en: 'Other (patrol, referred by a higher level …)' },
] as const;
export type CaseSource = (typeof CASE_SOURCES)[number]['value'];

export const STEP_KINDS = [
  { value: 'investigation', zh: '调查取证', en: 'Investigation' },
  { value: 'decision', zh: '处罚决定', en: 'Penalty decision' },
  { value: 'closure', zh: '结案', en: 'Closed' },
  { value: 'police_transfer', zh: '移送公安机关', en: 'Transferred to the police' },
  { value: 'police_answer', zh: '公安机关立案情况', en: 'The police’s answer' },
  { value: 'compensation', zh: '启动生态环境损害赔偿', en: 'Damage compensation started' },
  { value: 'compensation_na', zh: '不适用生态环境损害赔偿', en: 'Damage compensation not applicable' },
] as const;
export type StepKind = (typeof STEP_KINDS)[number]['value'];

export const COMPENSATION_MODES = [
  { value: 'consultation', zh: '赔偿磋商', en: 'Consultation' },
  { value: 'litigation', zh: '赔偿诉讼', en: 'Litigation' },
] as const;

export interface CaseStep { kind: StepKind; on: string; data: Record<string, unknown> }

export type CaseStatus = 'open' | 'decided' | 'closed';
export type PoliceStatus = 'none' | 'transferred' | 'filed' | 'not_filed';
export type CompensationStatus = 'pending' | 'started' | 'not_applicable';

export const CASE_STATUS: Record<CaseStatus, Text> = { open: { zh: '办理中', en: 'Open' }, decided: { zh: '已作出处罚决定', en: 'Decided' }, closed: { zh: '已结案', en: 'Closed' } };
export const POLICE_STATUS: Record<PoliceStatus, Text> = {
  none: { zh: '未移送', en: 'Not transferred' }, transferred: { zh: '已移送，待公安答复', en: 'Transferred, awaiting the police' },
  filed: { zh: '公安已立案', en: 'Filed by the police' }, not_filed: { zh: '公安不予立案', en: 'Not filed by the police' },
};
export const COMPENSATION_STATUS: Record<CompensationStatus, Text> = {
  pending: { zh: '待启动', en: 'Not yet started' }, started: { zh: '已启动', en: 'Started' }, not_applicable: { zh: '不适用', en: 'Not applicable' },
};

/** Where a case stands, from its steps (in the order written). */
export function caseState(steps: CaseStep[]) {
  const has = (k: StepKind) => steps.some((s) => s.kind === k);
  const answer = steps.find((s) => s.kind === 'police_answer');
  const status: CaseStatus = has('closure') ? 'closed' : has('decision') ? 'decided' : 'open';
  const police: PoliceStatus = answer ? (answer.data.filed ? 'filed' : 'not_filed') : has('police_transfer') ? 'transferred' : 'none';
  const compensation: CompensationStatus = has('compensation') ? 'started' : has('compensation_na') ? 'not_applicable' : 'pending';
  return { status, police, compensation };
}

export type StepProblem = { status: 400 | 409; code: string; path: string; zh: string; en: string };

/**
 * Whether a step may follow the ones a case has: nothing after 结案 but the police's answer and the
 * compensation (which come later by nature); one decision (a correction is a new case's work, not an
 * edit); one transfer and one answer, the answer after the transfer and not before it; compensation
 * started or ruled out once; no step dated before the case was opened or before what it answers.
 */
export function stepProblem(opened: string, steps: CaseStep[], next: CaseStep): StepProblem | null {
  const { status } = caseState(steps);
  const has = (k: StepKind) => steps.find((s) => s.kind === k);
  if (next.on < opened) return { status: 400, code: 'BEFORE_OPENING', path: 'on', zh: `日期不能早于立案日期 ${opened}`, en: `The day cannot be before the case was opened (${opened})` };
  if (status === 'closed' && ['investigation', 'decision', 'closure'].includes(next.kind)) return { status: 409, code: 'CASE_CLOSED', path: 'kind', zh: '案件已结案', en: 'The case is closed' };
  if (next.kind === 'decision' && has('decision')) return { status: 409, code: 'ALREADY_DECIDED', path: 'kind', zh: '本案已作出处罚决定', en: 'The case already has its decision' };
  if (next.kind === 'police_transfer' && has('police_transfer')) return { status: 409, code: 'ALREADY_TRANSFERRED', path: 'kind', zh: '本案已移送公安机关', en: 'The case was already transferred to the police' };
  if (next.kind === 'police_answer') {
    const transfer = has('police_transfer');
    if (!transfer) return { status: 409, code: 'NOT_TRANSFERRED', path: 'kind', zh: '本案尚未移送公安机关', en: 'The case has not been transferred to the police' };
    if (has('police_answer')) return { status: 409, code: 'ALREADY_ANSWERED', path: 'kind', zh: '已登记公安机关的立案情况', en: 'The police’s answer is already recorded' };
    if (next.on < transfer.on) return { status: 400, code: 'BEFORE_TRANSFER', path: 'on', zh: `日期不能早于移送日期 ${transfer.on}`, en: `The day cannot be before the transfer (${transfer.on})` };
  }
  if ((next.kind === 'compensation' || next.kind === 'compensation_na') && (has('compensation') || has('compensation_na'))) {
    return { status: 409, code: 'COMPENSATION_RECORDED', path: 'kind', zh: '已登记生态环境损害赔偿情况', en: 'Damage compensation is already recorded' };
  }
  return null;
}
