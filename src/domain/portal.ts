// 信息公开 (seed 000 五(三): 在政府网站开设信息公开专栏，公示政策、“无废细胞”创建情况，做到管理公开、数据可视):
// what the zero-waste office publishes for anyone, without a login.

/** What the office writes on the portal: a piece of news, a policy document, a plan, a notice. */
export const ARTICLE_KINDS = [
  { value: 'news', zh: '工作动态', en: 'News' },
  { value: 'policy', zh: '政策文件', en: 'Policy' },
  { value: 'plan', zh: '建设方案', en: 'Plan' },
  { value: 'notice', zh: '通知公告', en: 'Notice' },
] as const;
export type ArticleKind = (typeof ARTICLE_KINDS)[number]['value'];
export const ARTICLE_KIND_VALUES = ARTICLE_KINDS.map((k) => k.value) as [ArticleKind, ...ArticleKind[]];

export const ARTICLE_STATES = {
  draft: { zh: '草稿', en: 'Draft' },
  published: { zh: '已发布', en: 'Published' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
} as const;
export type ArticleState = keyof typeof ARTICLE_STATES;

/** How often a published dataset changes (DCAT dct:accrualPeriodicity, from the EU frequency vocabulary). */
export const DATASET_FREQUENCIES = [
  { value: 'DAILY', zh: '每日', en: 'Daily' },
  { value: 'MONTHLY', zh: '每月', en: 'Monthly' },
  { value: 'QUARTERLY', zh: '每季度', en: 'Quarterly' },
  { value: 'ANNUAL', zh: '每年', en: 'Yearly' },
  { value: 'IRREG', zh: '不定期', en: 'Irregular' },
] as const;
export type DatasetFrequency = (typeof DATASET_FREQUENCIES)[number]['value'];
export const DATASET_FREQUENCY_VALUES = DATASET_FREQUENCIES.map((f) => f.value) as [DatasetFrequency, ...DatasetFrequency[]];

/** The licences an office may publish under; open data needs one that allows reuse. */
export const DATASET_LICENCES = [
  { value: 'CC-BY-4.0', zh: '知识共享署名 4.0（CC BY 4.0）', en: 'Creative Commons Attribution 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' },
  { value: 'CC0-1.0', zh: '公共领域贡献（CC0 1.0）', en: 'CC0 1.0 public domain dedication', url: 'https://creativecommons.org/publicdomain/zero/1.0/' },
] as const;
export type DatasetLicence = (typeof DATASET_LICENCES)[number]['value'];
export const DATASET_LICENCE_VALUES = DATASET_LICENCES.map((l) => l.value) as [DatasetLicence, ...DatasetLicence[]];

/** A dataset's stable address part: `<region code>-<dataset key with dashes>`, e.g. 371581-recycling-sites. */
export const datasetSlug = (regionCode: string, key: string) => `${regionCode}-${key.replace(/_/g, '-')}`;

/**
 * A cell of a CSV that a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start) is
 * written with a leading apostrophe, so an open-data download cannot carry a formula into a reader's
 * Excel (OWASP "CSV injection"). Numbers are left as they are.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const guarded = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}
