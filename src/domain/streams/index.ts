import type { StreamConfig } from '../manifests/engine';
import type { StreamDefinition, Regulator } from './definition';
import { HAZARDOUS } from './hazardous';
import { INDUSTRIAL } from './industrial';
import { CONSTRUCTION } from './construction';
import { SLUDGE } from './sludge';
import { KITCHEN } from './kitchen';
import { PESTICIDE } from './pesticide';
import { CARCASS } from './carcass';
import { MANURE } from './manure';
import { RECYCLABLES } from './recyclables';
import { EWASTE } from './ewaste';

export type { StreamDefinition, Regulator, DeclarationRule, BatchField } from './definition';

/** The registry: every waste stream the platform runs, and the only list of them. A new stream is a file beside this one, added here. */
export const STREAM_DEFINITIONS: readonly StreamDefinition[] = [HAZARDOUS, INDUSTRIAL, CONSTRUCTION, SLUDGE, KITCHEN, MANURE, PESTICIDE, CARCASS, RECYCLABLES, EWASTE];

export const STREAM_KEYS = STREAM_DEFINITIONS.map((d) => d.key) as [string, ...string[]];

const byKey = new Map(STREAM_DEFINITIONS.map((d) => [d.key, d]));

/** The definition of a stream; throws for a key that is not in the registry (a programming error, not input). */
export function streamDefinition(key: string): StreamDefinition {
  const found = byKey.get(key);
  if (!found) throw new Error(`unknown waste stream ${key}`);
  return found;
}

/** The streams whose receivers hold a licence for the code (the receiver report, supervision's capacity and key units are about them). */
export const licensedStreams = () => STREAM_DEFINITIONS.filter((d) => d.receivers === 'licensed');

/** The one stream a declaration feature is for (the Excel sheet, the registration rate); throws when the registry has none (a programming error). */
export function declarationStream(feature: 'sheet' | 'registrationRate'): StreamDefinition {
  const found = STREAM_DEFINITIONS.find((d) => d.declaration?.[feature]);
  if (!found) throw new Error(`no stream declares with ${feature}`);
  return found;
}

export const isStreamKey = (key: string) => byKey.has(key);

/** The manifest configuration of a stream. */
export const manifestConfig = (key: string): StreamConfig => streamDefinition(key).manifest;

/** The stream a waste code belongs to, by the definitions' code patterns (null when none matches). */
export const streamOfCode = (code: string): string | null => STREAM_DEFINITIONS.find((d) => d.codePattern.test(code))?.key ?? null;

/**
 * Whether a department regulates records of this stream and code: a general department every
 * stream; another department the streams whose definition names it (with its code prefix, if any).
 * Generated from the definitions: the one rule manifests, alarms, rounds, supervision and exports apply.
 */
export function regulatedBy(domain: string | null, stream: string, wasteCode: string): boolean {
  if (domain === 'general') return true;
  const definition = byKey.get(stream);
  return !!definition && definition.regulators.some((r) => r.domain === domain && (!r.codePrefix || wasteCode.startsWith(r.codePrefix)));
}

/**
 * Areas kept as registers and weighbridge tickets rather than manifests (the household chain): no
 * stream definition, but their records and alarms follow the same department rule as a stream's.
 * Their category prefix matches no ledger category.
 */
export const REGISTER_AREAS: readonly { key: string; regulators: Regulator[]; categoryPrefix: string; auditEntities: string[]; alarms: readonly string[] }[] = [
  { key: 'household', regulators: [{ domain: 'urban' }, { domain: 'housing' }], categoryPrefix: 'HH', auditEntities: ['household_place', 'household_facility', 'household_vehicle', 'household_route', 'green_household', 'green_delivery', 'green_points'],
    alarms: ['weighbridge_unknown_plate', 'weighbridge_overload', 'weighbridge_tare_drift', 'weighbridge_off_route', 'weighbridge_mixed'] },
  // 秸秆, 农膜: straw season filings and the farm-film ledgers, kept by agriculture.
  { key: 'straw', regulators: [{ domain: 'agriculture' }], categoryPrefix: 'ST', auditEntities: ['straw_season', 'straw_coefficients'], alarms: [] },
  { key: 'film', regulators: [{ domain: 'agriculture' }], categoryPrefix: 'FM', auditEntities: ['film_record', 'film_refusal'], alarms: ['film_thin_mulch'] },
];

/** The streams and register areas whose definitions list an alarm rule: where the scan runs it. */
export const streamsWatchedBy = (rule: string): string[] => [...STREAM_DEFINITIONS, ...REGISTER_AREAS].filter((d) => d.alarms.includes(rule)).map((d) => d.key);

/** What a department regulates, as data: each stream (and code prefix) whose definition names it, with the ledger categories that covers, and the register areas it keeps. */
export const regulatedStreams = (domain: string | null): { stream: string; codePrefix?: string; categoryPrefix: string }[] =>
  [...STREAM_DEFINITIONS, ...REGISTER_AREAS].flatMap((d) => d.regulators.filter((r) => r.domain === domain).map((r) => ({ stream: d.key, ...(r.codePrefix ? { codePrefix: r.codePrefix } : {}), categoryPrefix: r.categoryPrefix ?? d.categoryPrefix })));

/**
 * Who keeps a stream's or register area's records (生活垃圾名录, 绿色账户…): the administrator, the office,
 * a general department, and the departments named its regulators for the whole of it. The server's
 * access rules, the menu and the console's buttons all ask this one question.
 */
export const keepsRecordsOf = (person: { role: string; domain: string | null }, area: string) =>
  person.role === 'platform_admin' || person.role === 'office'
  || (person.role === 'regulator' && (person.domain === 'general' || regulatedStreams(person.domain).some((s) => s.stream === area && !s.codePrefix)));
