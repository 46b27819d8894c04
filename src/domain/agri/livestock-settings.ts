import type { SettingDefinition } from '../settings';
import { SCALE_BASIS, SPECIES, STORAGE_DAYS_DEFAULT, STORAGE_DAYS_SETTING, scaleSetting } from './livestock';

// The livestock area's regional settings: when a farm of each species counts as a scale farm, and how
// long its liquid store must hold slurry. The agriculture bureau (or the office) of a region sets them.

export const LIVESTOCK_SETTINGS: SettingDefinition[] = [
  ...SPECIES.map((s): SettingDefinition => ({
    key: scaleSetting(s.value),
    label: { zh: `${s.zh}规模养殖场标准（${s.measure === 'sold' ? '年出栏' : '存栏'}）`, en: `${s.en}: scale-farm threshold (${s.measure === 'sold' ? 'sold a year' : 'in stock'})` },
    unit: s.unit,
    default: s.threshold, min: 1, max: 10_000_000,
    domains: ['agriculture'],
    basis: SCALE_BASIS,
  })),
  {
    key: STORAGE_DAYS_SETTING,
    label: { zh: '液体粪污贮存设施贮存天数（设施配套判定）', en: 'Days of slurry a liquid store must hold (complete facilities)' },
    unit: { zh: '天', en: 'days' },
    default: STORAGE_DAYS_DEFAULT, min: 30, max: 365,
    domains: ['agriculture'],
    basis: '《畜禽规模养殖场粪污资源化利用设施建设规范（试行）》（农办牧〔2018〕2号）：贮存设施容积按贮存周期和日产生量确定，北方地区贮存周期一般按180天（冬季封冻期及农田施肥间隔）',
  },
];
