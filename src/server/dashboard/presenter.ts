import { z } from 'zod';

// What the wall screen (一屏掌控) of a region receives, in one call.

/** A plan row a department's records compute, as the 大屏 shows it. */
const computedRate = z.object({
  no: z.number(), name: z.string(), unit: z.string(), value: z.number().nullable().describe('computed for the plan’s region and the year; null without data'), status: z.string(), target: z.string().nullable().describe('the plan’s last target as written'),
});

export const dashboardSchema = z.object({
  region: z.object({ code: z.string(), name: z.string(), level: z.string() }).nullable(),
  year: z.number(),
  children: z.array(z.object({ code: z.string(), name: z.string(), level: z.string() })),
  indicators: z.object({
    planId: z.string(), title: z.string(), regionCode: z.string().describe('the region the plan is for and assessed over: the screen’s own, or the nearest above it'),
    attainment: z.array(z.object({ area: z.string().describe('一级指标'), counts: z.record(z.string(), z.number()).describe('indicators per status') })),
    offTrack: z.array(z.object({
      no: z.number(), name: z.string(), status: z.string(),
      latest: z.object({ year: z.number(), value: z.number(), numerator: z.number().nullable(), denominator: z.number().nullable(), origin: z.string(), status: z.string() }).nullable(),
    })),
  }).nullable(),
  flows: z.object({
    generatedT: z.number().describe('tonnes generated this year, every stream shown together (the Sankey’s 产生 node)'),
    links: z.array(z.object({ source: z.string(), target: z.string(), value: z.number() })).describe('the Sankey of generation, handling and treatment'),
  }),
  streams: z.array(z.object({
    stream: z.string(), label: z.object({ zh: z.string(), en: z.string() }),
    categoryPrefix: z.string().describe('the ledger categories counted (HW: every HW category; HW01 for the health commission)'),
    generatedT: z.number().describe('tonnes generated this year in those categories only'),
  })).describe('one figure per stream of the registry (or per stream the department regulates)'),
  manifestsInTransit: z.object({ count: z.number(), t: z.number(), overdue: z.number() }),
  overdueTasks: z.object({ total: z.number(), items: z.array(z.object({ id: z.string(), title: z.string(), deadlineText: z.string(), lead: z.array(z.string()) })) }),
  facilities: z.array(z.object({ id: z.string(), name: z.string(), capabilities: z.array(z.string()), longitude: z.number().nullable(), latitude: z.number().nullable(), regionCode: z.string() })),
  household: z.object({
    day: z.string().describe('today, Asia/Shanghai'),
    byClass: z.record(z.string(), z.number()).describe('tonnes weighed today by class (GB/T 19095, plus mixed), where loads end'),
    totalT: z.number(),
    facilities: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string(), capacityTPerDay: z.number().nullable(), todayT: z.number(), loadPct: z.number().nullable() })).describe('treatment facilities of the area, today’s tonnes against capacity'),
  }).nullable().describe('for those who regulate household waste; null otherwise'),
  agriculture: z.array(computedRate).nullable().describe('the plan’s agricultural rows computed from the farm records, for the office, general and agriculture departments; null otherwise'),
  recycling: z.array(computedRate).nullable().describe('the plan’s rows computed from the recycling network’s ledgers, for the office, general and commerce departments; null otherwise'),
  trend: z.array(z.object({ month: z.number(), generatedT: z.number(), handledT: z.number() })).describe('every stream shown together, by month: generated, and utilised, disposed or transferred'),
  generatedAt: z.string().describe('ISO 8601'),
});
