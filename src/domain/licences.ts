// 经营许可证: which day a licence counts on, and the state the console shows. Shared by the server and
// the browser; the server's SQL (src/server/platform/organisations/licences.ts) says the same.

export type LicenceState = 'valid' | 'upcoming' | 'expired' | 'ended' | 'superseded';

export const LICENCE_STATES: Record<LicenceState, { zh: string; en: string }> = {
  valid: { zh: '有效', en: 'Valid' },
  upcoming: { zh: '未生效', en: 'Not yet valid' },
  expired: { zh: '已过期', en: 'Expired' },
  ended: { zh: '已终止', en: 'Ended' },
  superseded: { zh: '已更正', en: 'Superseded' },
};

export interface LicenceDates {
  validFrom: string;
  validTo: string;
  /** The first day the licence no longer counts (注销、吊销, or the day a correction takes over). */
  endedOn: string | null;
  /** False for a record ended before ended_on existed. */
  active: boolean;
}

/** Whether the licence counts on `day` (YYYY-MM-DD): within its validity, not ended or superseded by then. */
export const inForceOn = (l: LicenceDates, day: string) =>
  l.validFrom <= day && day <= l.validTo && (l.endedOn !== null ? day < l.endedOn : l.active);

/** What the licence is today. A superseded record is ended too; it says so, with its successor. */
export function licenceState(l: LicenceDates, today: string, superseded: boolean): LicenceState {
  if (superseded) return 'superseded';
  if (l.endedOn !== null ? l.endedOn <= today : !l.active) return 'ended';
  if (l.validTo < today) return 'expired';
  if (l.validFrom > today) return 'upcoming';
  return 'valid';
}
