import { z } from 'zod';
import { bilingual, calendarDay, instant, vocabularyText } from '../http/presenter';

// What leaves the server about surveys: the survey and its questions, results with n and margins,
// raw answers and bindings. A respondent's phone hash and device id never leave it; the public sees
// a survey without its quotas.

const STATUS = ['draft', 'published', 'closed'];
const KINDS = ['single', 'multiple', 'scale', 'text', 'town'];

const option = z.object({ key: z.string(), label: z.string() });
const questionOut = z.object({
  key: z.string().describe('q1, q2 …'), kind: vocabularyText(KINDS), title: z.string(), required: z.boolean(), options: z.array(option).optional().describe('a town question’s options are town codes'),
  maxChoices: z.number().optional(), lowLabel: z.string().optional(), highLabel: z.string().optional(), quotas: z.record(z.string(), z.number()).optional().describe('answers allowed per town code'),
});
const publicQuestion = questionOut.omit({ quotas: true });
const rule = z.union([z.object({ kind: z.literal('scale_at_least'), min: z.number() }), z.object({ kind: z.literal('options'), options: z.array(z.string()) })]);

export const surveyOut = z.object({
  id: z.string(), regionCode: z.string(), organisationId: z.string(), title: z.string(), intro: z.string(), questions: z.array(questionOut), status: vocabularyText(STATUS), closesOn: calendarDay.nullable(),
  follows: z.string().nullable().describe('the survey this is a new version of'), createdBy: z.string(), createdAt: instant, updatedAt: instant, publishedAt: instant.nullable(), closedAt: instant.nullable(),
});
export const surveyRow = z.object({
  id: z.string(), regionCode: z.string(), regionName: z.string(), title: z.string(), status: vocabularyText(STATUS), closesOn: calendarDay.nullable(), questionCount: z.number(), responses: z.number().describe('answers'),
  createdAt: instant, publishedAt: instant.nullable(), closedAt: instant.nullable(),
});
export const bindingOut = z.object({ id: z.string(), surveyId: z.string(), questionKey: z.string(), indicatorId: z.string(), formula: z.string(), rule, boundAt: instant, indicatorNo: z.number(), indicatorName: z.string() });
export const detailOut = surveyOut.extend({
  regionName: z.string(), responses: z.number(), link: z.string().describe('the public page, /s/:id'),
  bindings: z.array(z.object({ id: z.string(), questionKey: z.string(), indicatorId: z.string(), formula: z.string(), rule, indicatorNo: z.number(), indicatorName: z.string(), planTitle: z.string(), boundAt: instant })),
});
const optionResult = z.object({ key: z.string(), label: z.string(), count: z.number(), share: z.number().nullable().describe('% of the answers to the question'), margin: z.number().nullable().describe('± percentage points, 95 %') });
const questionResult = z.object({ answered: z.number().describe('n: answers to the question'), options: z.array(optionResult), mean: z.number().nullable().describe('a scale’s mean, 1–5') });
export const resultsOut = z.object({
  id: z.string(), title: z.string(), status: vocabularyText(STATUS), n: z.number().describe('answers to the survey'), method: bilingual,
  questions: z.array(questionResult.extend({ key: z.string(), kind: vocabularyText(KINDS), title: z.string(), required: z.boolean(), byTown: z.array(questionResult.extend({ regionCode: z.string(), name: z.string() })) })),
  towns: z.array(z.object({ regionCode: z.string(), name: z.string(), responses: z.number(), quota: z.number().nullable() })),
});
export const responseOut = z.object({ id: z.string(), submittedAt: instant, regionCode: z.string(), regionName: z.string(), answers: z.record(z.string(), z.union([z.string(), z.array(z.string()), z.number(), z.null()])) });
export const publicSurveyOut = z.object({
  id: z.string(), title: z.string(), intro: z.string(), regionCode: z.string(), regionName: z.string(), closesOn: calendarDay.nullable(), open: z.boolean().describe('false once closed or past its closing day'),
  questions: z.array(publicQuestion),
});
export const openSurveyOut = z.object({ id: z.string(), title: z.string(), regionCode: z.string(), closesOn: calendarDay.nullable(), link: z.string() });
export const bindableOut = z.object({ id: z.string(), no: z.number(), name: z.string(), formula: z.string().nullable(), planId: z.string(), planTitle: z.string(), regionCode: z.string() });

/** A moment as Beijing time, YYYY-MM-DD HH:mm, for the Excel sheet. */
export const shanghai = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
