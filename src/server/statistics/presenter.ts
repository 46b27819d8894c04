import { z } from 'zod';
import { bilingual, instant, vocabularyText } from '../http/presenter';
import { pageSchema } from '../http/pagination';
import { STATISTIC_KEYS } from '../../domain/statistics/keys';

// What leaves the server about 统计数据: each figure with its statistic's label and unit, the region's
// name, who entered it and when, whether it is the one in force, and what the caller may do with it.

const evidence = z.object({ name: z.string(), note: z.string().optional() });
const groups = [...new Set(STATISTIC_KEYS.map((k) => k.group))];

export const figureSchema = z.object({
  id: z.string(), regionCode: z.string(), regionName: z.string().nullable(), year: z.number(),
  key: vocabularyText(STATISTIC_KEYS.map((k) => k.value)), label: bilingual, unit: z.string(), integer: z.boolean().describe('counted in whole numbers'),
  group: vocabularyText(groups), value: z.number(), source: z.string(), note: z.string(), evidence: z.array(evidence),
  supersedesId: z.string().nullable().describe('the figure this one revised'), supersededAt: instant.nullable().describe('when a revision took over; null while in force'),
  enteredAt: instant, enteredBy: z.string().nullable().describe('display name'), enteredByUsername: z.string().nullable(),
  current: z.boolean().describe('the figure in force for its region, year and key'), revisions: z.number().describe('earlier figures it replaced'),
  actions: z.object({ revise: z.boolean() }),
});

export const figurePage = pageSchema(figureSchema).extend({ canEnter: z.boolean().describe('whether the caller may enter figures for the region asked for (or its own area)') });
export const historyPage = pageSchema(figureSchema);

const plannedRow = z.object({
  row: z.number().describe('the sheet row'), regionCode: z.string(), regionName: z.string(), key: z.string(), label: bilingual, unit: z.string(),
  value: z.number(), source: z.string(), note: z.string(),
  status: z.enum(['new', 'revise', 'unchanged']).describe('new: no figure in force; revise: replaces the figure in force; unchanged: the same as in force'),
  current: z.object({ id: z.string(), value: z.number(), source: z.string() }).nullable(),
});

export const sheetPreviewSchema = z.object({
  year: z.number(), fingerprint: z.string().describe('the figures in force as the preview saw them: confirming after they changed is refused'),
  rows: z.array(plannedRow), counts: z.object({ new: z.number(), revise: z.number(), unchanged: z.number(), blank: z.number().describe('rows left without a value') }),
});

export const sheetConfirmSchema = z.object({ year: z.number(), entered: z.number(), revised: z.number(), unchanged: z.number() });
