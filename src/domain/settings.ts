import type { Domain } from './enums';

// Settings a region sets for itself. The most specific region's value wins; where no region has
// set one, the default (from the regulation) applies.
export interface SettingDefinition {
  key: string;
  label: { zh: string; en: string };
  unit: { zh: string; en: string };
  default: number;
  min: number;
  max: number;
  /** Besides the zero-waste office, which regulators may change it. */
  domains: Domain[];
  basis: string;
}

export const SETTINGS: SettingDefinition[] = [
  {
    key: 'medical.storage_hours',
    label: { zh: '医疗废物暂时贮存时限', en: 'Medical-waste storage limit' },
    unit: { zh: '小时', en: 'hours' },
    // 医疗废物管理条例 第十七条: temporary storage no longer than 2 days; some cities set 24 h in summer.
    default: 48, min: 12, max: 168,
    domains: ['health', 'ecology'],
    basis: '《医疗废物管理条例》第十七条：暂时贮存时间不得超过2天',
  },
];

export const settingByKey = (key: string) => SETTINGS.find((s) => s.key === key);
