import { z } from 'zod';
import { instant, vocabularyText } from '../http/presenter';
import { pageSchema } from '../http/pagination';
import { FILM_LEDGERS, FILM_TYPES } from '../../domain/agri/film';

// What leaves the server about farm film: ledger rows, the summary by town with 农膜回收率, the
// refused sales, and the parties a company may name.

export const filmRecordSchema = z.object({
  id: z.string(), ledger: vocabularyText(FILM_LEDGERS.map((l) => l.value)), ledgerName: z.string(), regionCode: z.string(), townName: z.string().nullable(), year: z.number(), day: z.string(),
  organisationId: z.string(), organisationName: z.string(), filmType: vocabularyText(FILM_TYPES.map((t) => t.value)), filmTypeName: z.string(), thicknessMm: z.number().nullable(),
  tonnes: z.number().describe('t'), crop: z.string().nullable(), areaMu: z.number().nullable().describe('area covered, 亩'), counterpartId: z.string().nullable(), counterpartName: z.string(),
  remark: z.string(), supersedes: z.string().nullable(), supersededBy: z.string().nullable(), recordedAt: instant,
});
export const filmPage = pageSchema(filmRecordSchema).extend({ tonnes: z.number().describe('over every row the query matches, t') });

const sums = z.object({ soldT: z.number(), usedT: z.number(), collectedT: z.number().describe('taken back at the collection points'), recycledT: z.number().describe('taken in by recyclers'), rate: z.number().nullable().describe('农膜回收率 = collected ÷ used, %') });
export const filmSummarySchema = pageSchema(sums.extend({ regionCode: z.string(), townName: z.string().nullable() })).extend({ year: z.number(), totals: sums });

export const refusalPage = pageSchema(z.object({
  id: z.string(), regionCode: z.string(), organisationId: z.string(), organisationName: z.string(), day: z.string(), filmType: z.string(), filmTypeName: z.string(), thicknessMm: z.number(), tonnes: z.number(),
  counterpartName: z.string(), recordedAt: instant, recordedBy: z.string(),
}));
export const partyPage = pageSchema(z.object({ id: z.string(), name: z.string(), regionCode: z.string() }));
