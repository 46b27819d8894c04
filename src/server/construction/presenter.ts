import { z } from 'zod';
import { calendarDay, instant, vocabularyText } from '../http/presenter';
import { pageSchema } from '../http/pagination';

// What leaves the server about construction waste: projects, their disposal plans (处理方案), the
// consumption sites and recycling plants, and the risk scores.

export const constructionProjectSchema = z.object({
  id: z.string(), regionCode: z.string(), organisationId: z.string(), name: z.string(), address: z.string(), longitude: z.number().nullable(), latitude: z.number().nullable(),
  kind: z.enum(['new', 'demolition', 'renovation']), floorAreaM2: z.number(), startDate: calendarDay, endDate: calendarDay.nullable(),
  greenBuilding: z.boolean().nullable().describe('绿色建筑; null: not said'), greenStar: z.number().nullable().describe('GB/T 50378 star, 1–3; null: 基本级 or not rated'),
  prefabricated: z.boolean().nullable().describe('装配式建筑; null: not said'),
  status: z.enum(['registered', 'active', 'finished']), createdBy: z.string(), createdAt: instant,
});

export const constructionProjectPage = pageSchema(constructionProjectSchema.pick({ id: true, name: true, kind: true, floorAreaM2: true, startDate: true, status: true, greenBuilding: true, greenStar: true, prefabricated: true })
  .extend({ owner: z.string().describe('the construction company'), planStatus: z.string().nullable().describe('status of the latest plan version') }));

export const constructionPlanSchema = z.object({
  id: z.string(), projectId: z.string(), version: z.number(),
  items: z.array(z.object({ code: z.string().describe('CW01…CW05'), expectedT: z.number(), reuseOnSiteT: z.number() })),
  reductionTargetPct: z.number(), measures: z.string(), transporterIds: z.array(z.string()), siteIds: z.array(z.string()),
  route: z.array(z.array(z.number())).describe('[longitude, latitude] points; empty: the straight corridor applies'),
  status: z.enum(['submitted', 'approved', 'returned']), submittedBy: z.string(), submittedAt: instant, decidedBy: z.string().nullable(), decidedAt: instant.nullable(), comment: z.string(),
});

export const constructionProjectDetail = constructionProjectSchema.extend({
  plans: z.array(constructionPlanSchema).describe('newest version first'),
  outflow: z.array(z.object({ code: z.string(), loads: z.number(), t: z.number() })).describe('loads and tonnes that left, per category'),
  actions: z.object({ editBuilding: z.boolean(), submitPlan: z.boolean(), reviewPlan: z.boolean() }).describe('what the caller may do with the project now'),
});

/** A site as stored. */
export const disposalSiteSchema = z.object({
  id: z.string(), organisationId: z.string(), regionCode: z.string(), name: z.string(), kind: z.enum(['consumption', 'recycling']),
  longitude: z.number().nullable(), latitude: z.number().nullable(), capacityT: z.number(), openingFillT: z.number(), receivedT: z.number(),
  accepts: z.array(z.string()), active: z.boolean(), createdAt: instant,
});

// The directory every company may read; the register's figures (capacity, fill, tonnes) only for its
// operator and the area's officials who supervise construction waste (figures: true).
const siteFigures = disposalSiteSchema.pick({ capacityT: true, openingFillT: true, receivedT: true, createdAt: true })
  .extend({ fillT: z.number(), onTheWayT: z.number(), roomT: z.number(), fillPct: z.number().nullable() }).partial();
export const disposalSitePage = pageSchema(disposalSiteSchema.pick({ id: true, organisationId: true, regionCode: true, name: true, kind: true, longitude: true, latitude: true, accepts: true, active: true })
  .extend({ hasRoom: z.boolean(), figures: z.boolean().describe('whether the register’s figures below are present') }).extend(siteFigures.shape));

const riskRow = z.object({ id: z.string(), name: z.string(), score: z.number(), alarms: z.number(), open: z.number(), band: vocabularyText(['high', 'medium', 'low']) });
export const riskScoresSchema = z.object({ projects: z.array(riskRow), transporters: z.array(riskRow) });
