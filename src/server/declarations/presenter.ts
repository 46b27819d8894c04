import { z } from 'zod';
import { calendarDay, calendarMonth, instant, pgTimestamp } from '../http/presenter';
import { pageSchema } from '../http/pagination';
import { LEDGER_KINDS } from '../ledger/schema';
import type { DeclarationLine } from './service';

// What leaves the server about declarations (申报): drafts, submissions, the regulators' overviews and
// reports, and the monthly declaration of general industrial solid waste by Excel.

const periodType = z.enum(['month', 'quarter', 'year']);

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

const figures = z.object({ generatedT: z.number(), selfUtilisedT: z.number(), selfDisposedT: z.number(), storedEndT: z.number() });

/** A filled declaration sheet checked against the ledger: per class, the ledger, the sheet, and the movements confirming would append. */
export const declarationPreviewSchema = z.object({
  period: calendarMonth, closesAt: instant.nullable(), organisation: z.object({ name: z.string(), creditCode: z.string() }),
  fingerprint: z.string().describe('send it back with the confirmation: the ledger must not have changed meanwhile'),
  lines: z.array(z.object({
    wasteCode: z.string(), name: z.string(), row: z.number().nullable().describe('the sheet row'), ledger: figures, sheet: figures, difference: figures,
    storedStartT: z.number(), transferredT: z.number(), receivedT: z.number(),
    movements: z.array(z.object({
      kind: z.enum(LEDGER_KINDS), corrects: z.enum(['generate', 'self_utilise', 'self_dispose']).optional(), correctionOf: z.number().optional(),
      batchId: z.string().nullable().optional(), quantityT: z.number(), storeEffect: z.number(),
    })),
  })),
  changes: z.number().describe('movements confirming would append'),
});

export const declarationConfirmSchema = z.object({
  declaration: declarationSchema,
  movements: z.array(z.object({ id: z.number(), kind: z.enum(LEDGER_KINDS), wasteCode: z.string(), quantityT: z.number() })),
});
