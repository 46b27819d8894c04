// The shapes the complaint pages read (src/server/complaints/presenter.ts) and their words.
import { COMPLAINT_CATEGORIES, COMPLAINT_STATUSES } from '../domain/complaints';

export interface Step { action: string; status: string; note: string; domain: string | null; byLabel: string; at: string }
export interface Complaint {
  id: string; complaintNo: string; category: string; regionCode: string; regionName: string | null; lon: number | null; lat: number | null; address: string; description: string; photos: string[];
  status: string; domain: string | null; duplicateOf: string | null; acceptDue: string; closeDue: string; acceptedAt: string | null; resolvedAt: string | null; answer: string | null;
  stars: number | null; ratingComment: string | null; ratedAt: string | null; createdAt: string; updatedAt: string; assignedRegion: string | null; assignedRegionName: string | null;
}
export interface Followed extends Complaint { steps: Step[]; reopenUntil: string | null; canRate: boolean; canReopen: boolean; original: (Complaint & { steps: Step[] }) | null }
export interface QueueItem extends Complaint { overdue: 'accept' | 'close' | null; contactGiven: boolean }
export interface OfficialComplaint extends Complaint { contactName: string; contactPhone: string; overdue: 'accept' | 'close' | null; steps: Step[]; actions: string[]; reopenUntil: string | null }

type Word = (zh: string, en: string) => string;
export const categoryWord = (L: Word, value: string) => { const c = COMPLAINT_CATEGORIES.find((x) => x.value === value); return c ? L(c.zh, c.en) : value; };
export const statusWord = (L: Word, value: string) => { const s = COMPLAINT_STATUSES.find((x) => x.value === value); return s ? L(s.zh, s.en) : value; };
export const STATUS_COLOUR: Record<string, string> = {
  submitted: 'orange', accepted: 'blue', assigned: 'geekblue', in_progress: 'processing', resolved: 'green', closed: 'default', rejected: 'red', duplicate: 'purple', not_ours: 'magenta',
};
const ACTION_WORDS: Record<string, [string, string]> = {
  submit: ['提交', 'Submitted'], same_as: ['与已有投诉相同', 'Same as an earlier report'], accept: ['受理', 'Accepted'], assign: ['转办', 'Assigned'], start: ['开始办理', 'Work started'],
  resolve: ['办结答复', 'Answered'], reject: ['不予受理', 'Rejected'], duplicate: ['标为重复', 'Marked duplicate'], not_ours: ['非本部门职责', 'Not our responsibility'],
  rate: ['评价', 'Rated'], reopen: ['重新提起', 'Reopened'], close: ['到期关闭', 'Closed'],
};
export const actionWord = (L: Word, value: string) => (ACTION_WORDS[value] ? L(...ACTION_WORDS[value]) : value);
const BY_WORDS: Record<string, [string, string]> = { citizen: ['群众', 'Citizen'], system: ['系统', 'System'], office: ['无废办', 'Zero-waste office'], admin: ['平台管理员', 'Administrator'] };
export const byWord = (L: Word, value: string, domains: { value: string; zh: string; en: string }[]) => {
  if (BY_WORDS[value]) return L(...BY_WORDS[value]);
  const d = domains.find((x) => x.value === value);
  return d ? L(`${d.zh}部门`, d.en) : value;
};
