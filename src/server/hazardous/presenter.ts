import { z } from 'zod';
import { bilingual, freeRecord, instant } from '../http/presenter';
import { pageSchema } from '../http/pagination';

// What leaves the server about management plans (管理计划, HJ 1259).

const planStatus = z.enum(['draft', 'submitted', 'approved', 'returned']);
const managementClass = z.enum(['key', 'simplified', 'registered']);
const planTable = z.enum(['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7']);

/** A plan as stored. Its tables are HJ 1259's A.1–A.7, rows of named cells as the company filled them. */
export const managementPlanSchema = z.object({
  id: z.string(), regionCode: z.string(), organisationId: z.string(), year: z.number(), status: planStatus, managementClass, expectedT: z.number(), ownFacility: z.boolean(),
  tables: freeRecord.describe('A1 (the company: named cells), A2–A7 (rows of named cells; A3: wasteCode, expectedT, …)'),
  reviewComment: z.string().nullable(), submittedAt: instant.nullable(), reviewedBy: z.string().nullable(), reviewedAt: instant.nullable(), updatedAt: instant,
});
const requiredTables = z.array(planTable).describe('the tables the management class asks for');

export const savedPlanSchema = managementPlanSchema.extend({ classReason: bilingual.describe('why the plan has its management class'), requiredTables });
export const planDetailSchema = managementPlanSchema.extend({ requiredTables });

/** The company's plan for a year, or what it has to file (status not_filed) and by when. */
export const myPlanSchema = z.union([
  managementPlanSchema.extend({ requiredTables, deadline: instant }),
  z.object({
    year: z.number(), status: z.string().describe('not_filed'), deadline: instant,
    organisation: z.object({ name: z.string(), creditCode: z.string(), regionCode: z.string(), address: z.string(), industry: z.string().nullable(), longitude: z.number().nullable(), latitude: z.number().nullable(), contactName: z.string(), contactPhone: z.string() })
      .describe('A.1 as the platform knows the company'),
  }),
]);

export const planOverviewSchema = pageSchema(z.object({
  organisationId: z.string(), organisationName: z.string(), regionCode: z.string(), planId: z.string().nullable(), status: z.string().describe('not_filed, draft, submitted, approved, returned'),
  managementClass: managementClass.nullable(), expectedT: z.number().nullable(), submittedAt: instant.nullable(), overdue: z.boolean(),
})).extend({ deadline: instant });
