import { z } from 'zod';
import { instant, vocabularyText } from '../http/presenter';
import { pageSchema } from '../http/pagination';
import { HARVESTS, STRAW_CROPS } from '../../domain/agri/straw';

// What leaves the server about straw: the coefficients in force, season filings, the summary the
// bureau reads, the straw users to choose from, and the Excel import's preview.

const t = (what: string) => z.number().describe(`${what}, t`);
const crop = vocabularyText(STRAW_CROPS.map((c) => c.value));
const message = z.object({ zh: z.string(), en: z.string() });

export const coefficientList = z.object({
  regionCode: z.string(),
  items: z.array(z.object({ crop, cropName: z.string(), grainRatio: z.number().describe('草谷比'), collectableShare: z.number().describe('可收集系数, 0-1'), source: z.string(), regionCode: z.string().nullable().describe('the region that set it; null: the default'), isDefault: z.boolean() })),
});
export const coefficientSchema = z.object({ id: z.string(), regionCode: z.string(), crop, cropName: z.string(), grainRatio: z.number(), collectableShare: z.number(), source: z.string(), recordedAt: instant });

export const seasonSchema = z.object({
  id: z.string(), regionCode: z.string(), townName: z.string(), year: z.number(), harvest: vocabularyText(HARVESTS.map((h) => h.value)), harvestName: z.string(), crop, cropName: z.string(),
  sownMu: z.number().describe('亩'), yieldT: t('grain yield'), grainRatio: z.number(), collectableShare: z.number(), coefficientSource: z.string(),
  theoreticalT: t('theoretical straw'), collectableT: t('collectable straw'), fieldReturnT: t('returned to the field'), fertiliserT: t('other fertiliser use'), feedT: t('feed'), fuelT: t('fuel'),
  substrateT: t('substrate'), materialT: t('raw material'), usedT: t('used by the five uses'), rate: z.number().nullable().describe('秸秆综合利用率, %'),
  entities: z.array(z.object({ organisationId: z.string().nullable(), name: z.string(), tonnes: z.number() })), remark: z.string(), via: vocabularyText(['form', 'excel']),
  supersedes: z.string().nullable(), supersededBy: z.string().nullable().describe('the filing that replaced it; null: current'), recordedAt: instant,
});
export const filedSchema = seasonSchema.extend({ replaced: z.boolean().describe('it superseded an earlier filing of the same town, year, harvest and crop') });
export const seasonPage = pageSchema(seasonSchema);

const sums = z.object({
  sownMu: z.number(), yieldT: z.number(), theoreticalT: z.number(), collectableT: z.number(), fieldReturnT: z.number(), fertiliserT: z.number(), feedT: z.number(), fuelT: z.number(),
  substrateT: z.number(), materialT: z.number(), usedT: z.number(), filings: z.number(), rate: z.number().nullable(),
});
export const summarySchema = pageSchema(sums.extend({ key: z.string(), regionCode: z.string().nullable(), townName: z.string().nullable(), crop: crop.nullable(), cropName: z.string().nullable() }))
  .extend({ year: z.number(), by: vocabularyText(['town', 'crop', 'town_crop']), totals: sums.describe('over every group the query matches') });

export const strawUserPage = pageSchema(z.object({ id: z.string(), name: z.string(), regionCode: z.string() }));

const cellProblem = z.object({ path: z.string(), row: z.number(), column: z.string(), message });
export const importPreview = z.object({
  filename: z.string(), year: z.number(), harvest: z.string(),
  rows: z.array(z.object({
    row: z.number(), status: vocabularyText(['new', 'replaces', 'problem']), cells: z.record(z.string(), z.string()), regionCode: z.string().nullable(), townName: z.string(), crop: crop.nullable(),
    yieldT: z.number().nullable(), collectableT: z.number().nullable(), usedT: z.number().nullable(), rate: z.number().nullable(), problems: z.array(cellProblem),
  })),
  counts: z.object({ new: z.number(), replaces: z.number(), problem: z.number() }), problems: z.number().describe('problem cells in all; confirming is refused while there are any'),
});
export const importDone = z.object({ filename: z.string(), year: z.number(), harvest: z.string(), filed: z.number(), replaced: z.number() });
