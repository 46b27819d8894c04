import { z } from 'zod';
import { creditCodeProblem } from '../../../domain/credit-code';
import { isRegionCode } from '../../../domain/region-code';
import { CAPABILITIES, DOMAINS } from '../../../domain/enums';
import { bilingual } from '../../http/zod-messages';

const CREDIT_CODE_MESSAGES = {
  LENGTH: bilingual('统一社会信用代码应为18位', 'A unified social credit code has 18 characters'),
  CHARACTER: bilingual('统一社会信用代码含有不允许的字符（不使用 I、O、Z、S、V）', 'The credit code contains a character that is not allowed (I, O, Z, S, V are never used)'),
  ORG_CHECK: bilingual('统一社会信用代码第9-17位（组织机构代码）校验位不正确', 'Characters 9-17 (the organisation code) fail their check character'),
  CHECK: bilingual('统一社会信用代码校验位（第18位）不正确，请核对', 'The check character (18th) does not match: please check the code'),
};

export const creditCodeField = z.string().trim().toUpperCase().superRefine((value, ctx) => {
  const problem = creditCodeProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: CREDIT_CODE_MESSAGES[problem] });
});

export const regionCodeField = z.string().trim().refine(isRegionCode, { message: bilingual('行政区划代码应为6位（县级）或9位（乡镇级）数字', 'A region code has 6 digits (county) or 9 digits (town)') });

// Plain text: trimmed, bounded, no control characters. Pages escape on output; this keeps the data clean.
export const text = (max: number) => z.string().trim().max(max).refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(s), { message: bilingual('含有不可见的控制字符', 'Contains control characters') });

export const phoneField = z.string().trim().regex(/^[0-9+\-() ]{5,20}$/, { message: bilingual('联系电话格式不正确', 'The phone number is not valid') });

const organisationShape = {
  name: text(100).pipe(z.string().min(2, { message: bilingual('单位名称至少2个字', 'The name needs at least 2 characters') })),
  creditCode: creditCodeField,
  regionCode: regionCodeField,
  capabilities: z.array(z.enum(CAPABILITIES.values)).max(CAPABILITIES.values.length),
  industry: text(60).optional(),
  address: text(200),
  longitude: z.number().min(73).max(136).nullable().optional(),
  latitude: z.number().min(3).max(54).nullable().optional(),
  contactName: text(40),
  contactPhone: z.union([phoneField, z.literal('')]),
};

export const organisationFields = z.object({
  ...organisationShape,
  capabilities: organisationShape.capabilities.default([]),
  address: organisationShape.address.default(''),
  contactName: organisationShape.contactName.default(''),
  contactPhone: organisationShape.contactPhone.default(''),
}).strict();
export type OrganisationFields = z.infer<typeof organisationFields>;

export const governmentFields = organisationFields.extend({ kind: z.enum(['enterprise', 'government']), domain: z.enum(DOMAINS.values).nullable().optional() }).strict();

// Built from the fields without their defaults: zod applies a default even inside .partial(), which
// would reset every field a patch leaves out.
export const organisationPatch = z.object(organisationShape).partial().extend({ domain: z.enum(DOMAINS.values).nullable().optional() }).strict();

/** A date written YYYY-MM-DD. */
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: bilingual('日期格式应为 YYYY-MM-DD', 'Dates are written YYYY-MM-DD') });
/** …that is also a day of the calendar (no 2026-02-30). */
export const calendarDate = isoDate.refine((s) => { const d = new Date(`${s}T00:00:00Z`); return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s; },
  { message: bilingual('不是有效的日期', 'Not a real date') });

// 经营许可证. The capacity is kept to 0.001 t (numeric(14, 3)): a finer figure would be stored rounded,
// 0.0000001 t as 0, which then refused every load. Ten million tonnes a year is far above any facility.
const licenceDate = calendarDate.refine((s) => s >= '2000-01-01' && s <= '2099-12-31', { message: bilingual('日期应在 2000 年至 2099 年之间', 'Dates lie between 2000 and 2099') });
const licenceFields = {
  number: text(60).pipe(z.string().min(3, { message: bilingual('许可证编号至少3个字符', 'A licence number has at least 3 characters') })),
  validFrom: licenceDate,
  validTo: licenceDate,
  // 国家危险废物名录: a category HW01–HW50 or an eight-digit code such as 900-041-49.
  wasteCodes: z.array(z.string().trim().regex(/^\d{3}-\d{3}-\d{2}$|^HW\d{2}$/, { message: bilingual('废物代码格式应为 900-041-49 或 HW08', 'Waste codes look like 900-041-49 or HW08') })).min(1).max(500),
  annualCapacityT: z.number()
    .min(0.001, { message: bilingual('年许可能力至少为 0.001 吨', 'The annual capacity is at least 0.001 t') })
    .max(10_000_000, { message: bilingual('年许可能力不能超过 10,000,000 吨', 'The annual capacity is at most 10,000,000 t') })
    .refine((t) => Math.abs(t * 1000 - Math.round(t * 1000)) < 1e-6, { message: bilingual('年许可能力最多保留三位小数（0.001 吨）', 'The annual capacity has at most 3 decimals (0.001 t)') }),
};
const validityOrder = (l: { validFrom: string; validTo: string }) => l.validFrom < l.validTo;
const VALIDITY_ORDER = { message: bilingual('有效期结束日期早于开始日期或与之相同', 'The licence ends before it starts, or on the day it starts'), path: ['validTo'] };

export const licenceInput = z.object(licenceFields).strict().refine(validityOrder, VALIDITY_ORDER);

/** 更正: the licence as it should have read, and why. It replaces the record it corrects. */
export const licenceCorrection = z.object({ ...licenceFields, reason: text(500).pipe(z.string().min(2, { message: bilingual('请说明更正原因', 'Say why the licence is corrected') })) })
  .strict().refine(validityOrder, VALIDITY_ORDER);

/** 注销、吊销: from which day the licence no longer counts, and why. */
export const licenceEnd = z.object({
  endedOn: calendarDate,
  reason: text(500).pipe(z.string().min(2, { message: bilingual('请说明终止原因', 'Say why the licence ends') })),
}).strict();

// 机动车号牌: province character, letter, then 5 (or 6 for new-energy) letters/digits.
export const plateField = z.string().trim().toUpperCase().regex(/^[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z][A-HJ-NP-Z0-9]{4,5}[A-HJ-NP-Z0-9挂学警]$/, { message: bilingual('车牌号格式不正确（例如 鲁P12345）', 'The plate is not valid (for example 鲁P12345)') });

export const vehicleInput = z.object({
  plate: plateField,
  vehicleType: text(40).pipe(z.string().min(1)),
  // 核定载质量 in tonnes, kept with 3 decimals: 0.0000001 would be stored as a 0 t truck.
  loadT: z.number().positive().max(100).multipleOf(0.001, { message: bilingual('核定载质量最多保留 3 位小数（千克）', 'The rated load has at most 3 decimals (kilograms)') }),
  dgPermitNo: text(60).nullable().optional(),
}).strict();

export const driverInput = z.object({
  name: text(40).pipe(z.string().min(1)),
  phone: phoneField,
  licenceNo: text(40).pipe(z.string().min(4)),
  qualificationNo: text(40).nullable().optional(),
  username: z.string().trim().max(64).optional(),
}).strict();
