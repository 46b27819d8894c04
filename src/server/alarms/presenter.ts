import { z } from 'zod';
import { bilingual, freeRecord, instant } from '../http/presenter';
import { pageSchema } from '../http/pagination';
import { ALARM_STATUSES } from './schema';

// What leaves the server about alarms (预警) and their closed loop.

const severity = z.enum(['low', 'medium', 'high']);

/** An alarm as stored. */
export const alarmSchema = z.object({
  id: z.string(), rule: z.string().describe('the rule key'), severity, regionCode: z.string(), organisationId: z.string().nullable(),
  subjectType: z.string().describe('what the alarm is about: manifest, organisation, vehicle, …'), subjectId: z.string(), dedupeKey: z.string(),
  title: z.string(), titleEn: z.string(), details: freeRecord.describe('what the rule found; its fields depend on the rule'),
  status: z.enum(ALARM_STATUSES), ownerUserId: z.string().nullable(), deadline: instant, raisedAt: instant, closedAt: instant.nullable(),
});

/** An alarm with its owner's name and whether its deadline has passed while open. */
export const alarmItem = alarmSchema.extend({ ownerName: z.string().nullable(), overdue: z.boolean() });
export const alarmPage = pageSchema(alarmItem);

export const alarmDetailSchema = alarmItem.extend({
  events: z.array(z.object({ id: z.number(), alarmId: z.string(), action: z.string(), userId: z.string().nullable(), note: z.string(), at: instant, userName: z.string().nullable() })),
  actions: z.object({ assign: z.boolean(), handle: z.boolean(), verify: z.boolean(), dismiss: z.boolean(), reopen: z.boolean() }).describe('the steps the caller may take now (POST /api/alarms/:id/<step>)'),
});

/** Counts per region one level below the caller's, and rule. */
export const alarmStatsSchema = z.object({
  rules: z.array(z.object({ key: z.string(), label: bilingual, severity })),
  rows: z.array(z.object({ regionCode: z.string(), rule: z.string(), open: z.number(), closed: z.number(), regionName: z.string() })),
});

/** A scan of every rule: how many alarms each raised, and how long it took. */
export const alarmScanSchema = z.object({ rules: z.array(z.object({ rule: z.string(), raised: z.number(), ms: z.number() })) });
