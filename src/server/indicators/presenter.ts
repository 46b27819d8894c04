import { z } from 'zod';
import { bilingual, instant, vocabularyText } from '../http/presenter';
import { COLUMN_ROLES } from '../../domain/indicators/columns';

// What leaves the server about indicator plans (指标体系), their indicators' status and reported values.

const columnRole = z.enum(COLUMN_ROLES);
const status = z.enum(['achieved', 'on_track', 'at_risk', 'off_track', 'no_data', 'awaiting_assessment']);
const verdict = z.enum(['achieved', 'on_track', 'at_risk', 'off_track']);

/** A sheet read and its columns guessed: nothing is saved until the office confirms the mapping. */
export const indicatorPreviewSchema = z.object({
  filename: z.string(), headers: z.array(z.string()),
  mapping: z.array(z.object({ index: z.number(), header: z.string(), role: columnRole, year: z.number().optional() })),
  rows: z.array(z.array(z.string())), totalRows: z.number(),
  baselineYear: z.number().describe('the year of the baseline column when its header names one (现状值（2021年）), else 2020'),
  proposals: z.array(z.object({
    row: z.number().describe('index into rows'), no: z.number().describe('the indicator’s 序号, the key of `formulas` in the import request'), name: z.string(),
    unit: z.string().describe('the unit a formula must give: the unit column’s, the name’s, or the one its figures are written in'),
    formula: z.string().nullable().describe('the proposed formula’s key; null: reported by the departments'), label: bilingual.nullable(),
  })).describe('per indicator row (read with the guessed columns), the formula the platform proposes'),
});

/** A formula of the registry, as the import preview offers it. */
export const formulaSchema = z.object({
  key: z.string(), label: bilingual, method: bilingual.describe('how it counts, in words'),
  units: z.string().describe('the units of indicators it can give a value for, as a regular expression source'),
  inputs: z.array(z.object({ key: z.string(), kind: z.string().describe('ledger, manifests, declarations, registry, statistics or plan'), label: bilingual, unit: z.string() })),
});

/** A plan as stored. */
export const indicatorPlanSchema = z.object({
  id: z.string(), regionCode: z.string(), title: z.string(), source: z.string(), baselineYear: z.number(), years: z.array(z.number()).describe('the target years'),
  version: z.number().describe('1, then one more for each import that replaced the plan before'),
  supersedesId: z.string().nullable().describe('the plan this version replaced'),
  supersededAt: instant.nullable().describe('set when a later version replaced this plan: it stays readable'),
  createdBy: z.string().nullable(), createdAt: instant,
});
export const indicatorPlanItem = indicatorPlanSchema.extend({ indicatorCount: z.number() });

/** Each indicator of a plan with its latest value in the region, where it came from, and its status (one documented method). */
export const planStatusSchema = z.object({
  plan: indicatorPlanSchema,
  regionCode: z.string(),
  rows: z.array(z.object({
    id: z.string(), no: z.number(), level1: z.string(), level2: z.string(), name: z.string(), mark: vocabularyText(['mandatory', 'optional']).nullable().describe('★ mandatory, ☆ self-chosen'),
    unit: z.string(), direction: vocabularyText(['increase', 'decrease']), baselineText: z.string(), targets: z.array(z.object({ year: z.number(), text: z.string() })),
    lead: z.string().describe('the lead department(s) (牵头部门) where the table names them; also first in responsible'), responsible: z.string(), dataSource: z.string(), formula: z.string().nullable().describe('set when the platform computes the value from its own data'),
    formulaLabel: bilingual.nullable().describe('the formula in one line'),
    source: z.enum(['computed', 'reported', 'qualitative']).describe('computed by the platform, reported by a department, or a qualitative target assessed by a person'),
    latest: z.object({ year: z.number(), value: z.number(), numerator: z.number().nullable(), denominator: z.number().nullable(), origin: z.string().describe('computed or reported'), status: z.string() }).nullable(),
    qualitative: z.boolean(),
    status,
    explanation: z.object({ expected: z.number().optional(), ratio: z.number().optional(), targetYear: z.number().optional(), targetValue: z.number().optional(), reason: bilingual })
      .describe('the inputs of the status, so a person can check it by hand'),
    verdictYear: z.number().optional().describe('for a qualitative target: the year of the verdict the status comes from'),
  })),
});

/** A reported (or computed) value as stored. */
export const indicatorValueSchema = z.object({
  id: z.string(), indicatorId: z.string(), regionCode: z.string(), year: z.number(), month: z.number().nullable(),
  value: z.number().nullable().describe('null for a qualitative indicator, which carries a verdict'), verdict: verdict.nullable(),
  numerator: z.number().nullable(), denominator: z.number().nullable(), origin: z.enum(['computed', 'reported']), status: z.enum(['submitted', 'approved', 'returned']),
  evidence: z.array(z.object({ name: z.string(), note: z.string().optional() })), note: z.string(),
  reportedBy: z.string().nullable(), reportedAt: instant, reviewedBy: z.string().nullable(), reviewedAt: instant.nullable(),
});

/** A values sheet imported: all rows, approved at once when the office files them. */
export const valuesImportSchema = z.object({ inserted: z.number(), status: vocabularyText(['approved', 'submitted']) });
