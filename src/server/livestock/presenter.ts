import { z } from 'zod';
import { instant, vocabularyText } from '../http/presenter';
import { pageSchema } from '../http/pagination';
import { DEMONSTRATION_LEVELS, FACILITY_KINDS, GENERATION_BASES, SPECIES_KEYS } from '../../domain/agri/livestock';

// What leaves the server about livestock farms and their manure: the register's yearly records with
// the judgement of the settings in force (scale farm, facility gaps), the monthly manure records with
// what went to fertiliser plants, the farms' page and the area's figures.

const species = vocabularyText(SPECIES_KEYS);
const gaps = z.array(z.enum(['rain_separated', 'covered', 'dry_yard', 'storage'])).describe('what the facilities lack: rain-sewage separation, a covered yard, a dry-manure yard, liquid storage');

export const farmYearSchema = z.object({
  id: z.string(), regionCode: z.string(), organisationId: z.string(), farmName: z.string().optional(), year: z.number(), species,
  stockHead: z.number().describe('存栏, head'), soldHead: z.number().describe('出栏 in the year, head'),
  storageM3: z.number(), dryYardM2: z.number(), covered: z.boolean(), rainSeparated: z.boolean(), facilityKind: vocabularyText(FACILITY_KINDS.map((k) => k.value)),
  demonstrationLevel: vocabularyText(DEMONSTRATION_LEVELS.map((l) => l.value)).nullable(), demonstrationYear: z.number().nullable(),
  supersedes: z.string().nullable(), correctionReason: z.string().nullable(), recordedAt: instant, inForce: z.boolean().optional(),
  threshold: z.number().describe('the scale threshold in force for the farm’s region'), measure: z.enum(['stock', 'sold']), scale: z.boolean(),
  facilityGaps: gaps, complete: z.boolean(),
});

export const farmYearPage = pageSchema(farmYearSchema).extend({ farm: z.object({ id: z.string(), name: z.string(), regionCode: z.string() }) });

export const manureMonthSchema = z.object({
  id: z.string(), regionCode: z.string(), organisationId: z.string(), farmName: z.string(), year: z.number(), month: z.number(),
  basis: vocabularyText(GENERATION_BASES.map((b) => b.value)), generatedT: z.number(), generatedNote: z.string().nullable(),
  fieldT: z.number(), fieldAreaMu: z.number().nullable(), biogasT: z.number(), soldT: z.number(), soldTo: z.string().nullable(), note: z.string().nullable(),
  fertiliserT: z.number().describe('received by organic-fertiliser plants on the month’s hand-over manifests, t'),
  usedT: z.number(), unusedT: z.number(), supersedes: z.string().nullable(), correctionReason: z.string().nullable(), recordedAt: instant, inForce: z.boolean().optional(),
});

export const manureMonthPage = pageSchema(manureMonthSchema);

export const farmPage = pageSchema(z.object({
  id: z.string(), name: z.string(), regionCode: z.string(), regionName: z.string().nullable(), year: z.number(), yearId: z.string().nullable().describe('the year’s record in force, null when none'),
  species: species.nullable(), stockHead: z.number().nullable(), soldHead: z.number().nullable(), storageM3: z.number().nullable(), dryYardM2: z.number().nullable(),
  covered: z.boolean().nullable(), rainSeparated: z.boolean().nullable(), facilityKind: z.string().nullable(), demonstrationLevel: z.string().nullable(), demonstrationYear: z.number().nullable(),
  threshold: z.number().nullable(), scale: z.boolean().nullable(), complete: z.boolean().nullable(), pigEquivalents: z.number().nullable(),
  months: z.number().describe('months of the year with a manure record'), generatedT: z.number(), fieldT: z.number(), fieldAreaMu: z.number(), fertiliserT: z.number(), biogasT: z.number(), soldT: z.number(),
  usedT: z.number(), unusedT: z.number(), utilisationRate: z.number().nullable().describe('%'),
}));

export const summarySchema = z.object({
  year: z.number(), farms: z.number(), farmsRecorded: z.number(), scaleFarms: z.number(), completeScaleFarms: z.number(), demonstrationScaleFarms: z.number(),
  pigEquivalents: z.number(), scalePigEquivalents: z.number(), farmsWithLedger: z.number(), months: z.number(),
  generatedT: z.number(), fieldT: z.number(), fieldAreaMu: z.number(), fertiliserT: z.number(), biogasT: z.number(), soldT: z.number(), usedCountedT: z.number(),
  utilisationRate: z.number().nullable().describe('畜禽粪污综合利用率, %'), scaleShare: z.number().nullable().describe('畜禽规模养殖比重, %'),
  facilityRate: z.number().nullable().describe('规模养殖场设施装备配套率, %'), demonstrationShare: z.number().nullable().describe('标准化示范场占比, %'),
});

export const plantList = z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), regionCode: z.string() })) });
