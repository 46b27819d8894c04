import { z } from 'zod';

// The building blocks of the answers' schemas (each area's presenter.ts): what the serializer writes
// for a value, so the OpenAPI document says what a client receives.

/** A moment the service holds as a Date: ISO 8601 in UTC in the answer ("2025-03-01T00:00:00.000Z"). */
export const instant = z.date();
/**
 * A moment in an answer that an Idempotency-Key may replay (http/idempotency.ts): without a key the
 * service's Date is sent, with one the stored JSON's ISO text. Either way the client receives ISO 8601.
 */
export const replayableInstant = z.codec(z.union([z.date(), z.string()]), z.string().meta({ format: 'date-time' }), {
  decode: (value) => (value instanceof Date ? value.toISOString() : value),
  encode: (value) => value,
});
/**
 * A moment read by raw SQL (db.execute): drizzle leaves PostgreSQL's own text, which is not ISO 8601
 * ("2025-03-01 08:00:00.123+08"). Declared as it is sent.
 */
export const pgTimestamp = z.string().describe('PostgreSQL timestamp text, e.g. "2025-03-01 08:00:00.123+08"');
/** A calendar day, YYYY-MM-DD (a date column: drizzle reads it as text). */
export const calendarDay = z.string().describe('YYYY-MM-DD');
/** A month, YYYY-MM. */
export const calendarMonth = z.string().describe('YYYY-MM');
/**
 * A value from a vocabulary, kept in a text column the service reads as a plain string: the values are
 * named in the description rather than enforced, so a row written before a value was retired still answers.
 */
export const vocabularyText = (values: readonly string[]) => z.string().describe(`one of: ${values.join(', ')}`);
/** A text in Chinese and English. */
export const bilingual = z.object({ zh: z.string(), en: z.string() });
/** A value with its Chinese and English labels (a vocabulary entry). */
export const labelled = z.object({ value: z.string(), zh: z.string(), en: z.string() });
/** Content the platform does not shape: a record's own data map, an audit row's before/after, a value's details. */
export const freeRecord = z.record(z.string(), z.unknown());
/** The error shape of every refusal (AppError.toJSON), where an answer carries one per item. */
export const errorBody = z.object({ code: z.string(), message: bilingual, path: z.string().nullable(), issues: z.array(z.object({ path: z.string(), message: bilingual })) });
/** A problem with one row of an imported sheet. */
export const rowProblem = z.object({ row: z.number(), message: bilingual });
/** A list answer that is not paged. */
export const itemsOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
