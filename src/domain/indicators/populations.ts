// Who counts as a medical institution or a social-source producer of hazardous waste (社会源危险废物: waste
// from outside industrial production — vehicle repair, laboratories, schools, printing, petrol
// stations …), read from an organisation's industry (行业) as registered. The coverage indicators
// (医疗废物/社会源危险废物收集处置体系覆盖率) count these registered units.

export const MEDICAL_INDUSTRY = /医疗卫生|医院|卫生院|诊所|门诊|卫生服务|妇幼|疾控|医疗机构/;

export const SOCIAL_SOURCE_INDUSTRY = /汽车维修|机动车维修|汽修|检验检测|实验室|学校|中学|小学|高校|科研|印刷|加油站|干洗|洗染|彩扩/;

export const isMedicalInstitution = (industry: string | null) => !!industry && MEDICAL_INDUSTRY.test(industry);
export const isSocialSource = (industry: string | null) => !!industry && !isMedicalInstitution(industry) && SOCIAL_SOURCE_INDUSTRY.test(industry);

/** The same tests as PostgreSQL regular expressions (~), so lists and sums filter in the database. */
export const MEDICAL_INDUSTRY_PG = MEDICAL_INDUSTRY.source;
export const SOCIAL_SOURCE_INDUSTRY_PG = SOCIAL_SOURCE_INDUSTRY.source;
