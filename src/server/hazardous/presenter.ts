import { z } from 'zod';
import { bilingual, calendarDay, freeRecord, instant, pgTimestamp } from '../http/presenter';
import { pageSchema } from '../http/pagination';
import type { DeclarationLine } from './declarations';

// What leaves the server about management plans (管理计划, HJ 1259) and declarations (申报).

const planStatus = z.enum(['draft', 'submitted', 'approved', 'returned']);
const managementClass = z.enum(['key', 'simplified', 'registered']);
const planTable = z.enum(['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7']);
const periodType = z.enum(['month', 'quarter', 'year']);

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

/** C.1–C.3 figures of one waste code for a period, computed from the ledger and the manifests. */
export const declarationLine = z.object({
  wasteCode: z.string(), generatedT: z.number(), selfUtilisedT: z.number(), selfDisposedT: z.number(), receivedT: z.number(),
  transfers: z.array(z.object({ receiverName: z.string(), licenceNo: z.string().nullable(), method: z.string(), quantityT: z.number(), manifests: z.number() })),
  storedStartT: z.number(), storedEndT: z.number(),
});

/** A declaration as stored; a resubmission is a new version. */
export const declarationSchema = z.object({
  id: z.string(), regionCode: z.string(), organisationId: z.string(), stream: z.string(), periodType, period: z.string(), version: z.number(),
  figures: z.array(declarationLine), remark: z.string(), submittedBy: z.string(), submittedAt: instant,
});

/** A declaration's figures are stored as jsonb (typed unknown): they are the DeclarationLine[] computeFigures wrote. */
export const withFigures = <T extends { figures: unknown }>(declaration: T) => ({ ...declaration, figures: declaration.figures as DeclarationLine[] });

export const declarationDraftSchema = z.object({
  stream: z.string(), periodType, period: z.string(), closesAt: instant.nullable().describe('when online declaration of the period closes; null: it does not'),
  lines: z.array(declarationLine), submitted: declarationSchema.nullable().describe('the latest version filed'),
});

export const declarationOverviewSchema = pageSchema(z.object({
  organisationId: z.string(), organisationName: z.string(), regionCode: z.string(), version: z.number().nullable(), industry: z.string().nullable(),
  submittedAt: pgTimestamp.nullable().describe('the latest version’s (read by a subquery: PostgreSQL text, not ISO 8601)'), declared: z.boolean(),
}));

export const registrationSchema = z.object({
  year: z.number(), producers: z.number(), declared: z.number(), ratePct: z.number().nullable(), targetPct: z.number(),
  items: z.array(z.object({ industry: z.string(), producers: z.number(), declared: z.number(), keyIndustry: z.string().nullable(), targetPct: z.number(), ratePct: z.number().nullable(), met: z.boolean() })),
});

export const receiverReportSchema = z.object({
  organisation: z.object({ id: z.string(), name: z.string() }), year: z.number(), receivedT: z.number(), utilisedT: z.number(), disposedT: z.number(),
  byMethod: z.array(z.object({ wasteCode: z.string(), method: z.string().describe('R… utilised, D… disposed'), quantityT: z.number() })), inTransitT: z.number(),
  licences: z.array(z.object({ number: z.string(), validTo: calendarDay, annualCapacityT: z.number() })), capacityT: z.number(), capacityUsed: z.number().nullable().describe('received over capacity'),
});
