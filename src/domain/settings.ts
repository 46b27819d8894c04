import type { Domain } from './enums';
import { POINTS_SETTINGS } from './green';
import { LIVESTOCK_SETTINGS } from './agri/livestock-settings';
import { CREDIT_SETTINGS } from './credit';

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
  {
    key: 'recycling.declaration_days',
    label: { zh: '再生资源回收网点、分拣中心月度申报截止（月末后天数）', en: 'Recycling stations and sorting centres: days after a month to declare it' },
    unit: { zh: '天', en: 'days' },
    default: 10, min: 3, max: 30,
    domains: ['commerce'],
    basis: '聊城市再生资源回收体系建设实施方案（三(五)：回收网点和分拣中心依托“互联网+”回收平台电子化申报）；截止天数为平台默认，待商务主管部门确认',
  },
  // 线上预约、线下回收 (seed 004 三(五)): the platform's defaults, for the commerce bureau to set.
  {
    key: 'recycling.accept_minutes',
    label: { zh: '再生资源预约回收：接单时限', en: 'Recycling pickups: minutes for a company to accept a booking' },
    unit: { zh: '分钟', en: 'minutes' },
    default: 120, min: 10, max: 1440,
    domains: ['commerce'],
    basis: '聊城市再生资源回收体系建设实施方案（三(五)：开展线上预约、线下回收服务）；超时转派下一家回收企业，无企业可派时报商务主管部门。时限为平台默认',
  },
  {
    key: 'recycling.points_per_yuan',
    label: { zh: '再生资源预约回收：选择积分时每元折算积分', en: 'Recycling pickups: green-account points per yuan when paid in points' },
    unit: { zh: '分/元', en: 'points/yuan' },
    default: 10, min: 0, max: 100,
    domains: ['commerce', 'urban'],
    basis: '聊城市再生资源回收体系建设实施方案（三(五)：灵活运用积分兑换等形式）；折算比例为平台默认',
  },
  {
    key: 'industrial.declaration_days',
    label: { zh: '一般工业固体废物月度/季度申报截止（期末后天数）', en: 'General industrial waste: days after a month or quarter to declare it' },
    unit: { zh: '天', en: 'days' },
    default: 15, min: 5, max: 60,
    domains: ['ecology'],
    basis: '地方规定：月度、季度申报于期末后15日内完成，年度申报于次年3月31日前完成',
  },
  // 绿色账户 points rules: set by urban management (or the office) for its area.
  ...POINTS_SETTINGS.map(({ key, label, unit, default: value, min, max }) => ({
    key, label, unit, default: value, min, max, domains: ['urban', 'housing'] as Domain[], basis: '地方生活垃圾分类激励办法：居民分类投放积分、兑换与有效期由各地规定',
  })),
  {
    key: 'kitchen.pickup_gap_days',
    label: { zh: '餐厨垃圾产生单位无收运记录预警天数', en: 'Kitchen waste: days without a pickup before an alarm' },
    unit: { zh: '天', en: 'days' },
    // 餐厨垃圾 should be collected daily (日产日清); three days leaves room for a closed weekend.
    default: 3, min: 1, max: 30,
    domains: ['urban', 'housing'],
    basis: '餐厨废弃物管理规定：餐厨垃圾日产日清，产生单位应交由签约的收运单位按时收运',
  },
  // 病死畜禽 (issue 16): the platform's defaults, for a region to tighten; the 管理办法 asks for timely
  // collection without an hour figure, and Shandong's practice is collection within the day.
  {
    key: 'carcass.collect_hours',
    label: { zh: '病死畜禽报告未收集预警时限', en: 'Dead livestock: hours a report may wait for its pickup' },
    unit: { zh: '小时', en: 'hours' },
    default: 24, min: 4, max: 72,
    domains: ['agriculture'],
    basis: '《病死畜禽和病害畜禽产品无害化处理管理办法》：及时收集、运输；平台默认24小时，各地可从严规定',
  },
  {
    key: 'carcass.receipt_hours',
    label: { zh: '病死畜禽收集后未入厂预警时限', en: 'Dead livestock: hours from pickup to the plant’s reception' },
    unit: { zh: '小时', en: 'hours' },
    default: 12, min: 2, max: 48,
    domains: ['agriculture'],
    basis: '《病死畜禽和病害畜禽产品无害化处理管理办法》：专用车辆运输、全程监控，当日送达处理场所；平台默认12小时',
  },
  // 畜禽规模养殖场 thresholds per species and the days of slurry a store must hold.
  ...LIVESTOCK_SETTINGS,
  // Seed 004 五(四): counties report monthly; the city bureau sets by which day of the next month.
  {
    key: 'recycling.report_due_day',
    label: { zh: '再生资源月度工作进展报送截止日（次月）', en: 'Recycling monthly progress: day of the next month it is due' },
    unit: { zh: '日', en: 'day' },
    default: 5, min: 1, max: 28,
    domains: ['commerce'],
    basis: '聊无废办〔2023〕7号 五(四)：各县（市、区）商务主管部门每月报送工作进展情况；平台默认次月5日前',
  },
  // 信访投诉举报 (issue 18): the platform's defaults, for the office to set. 信访工作条例 第二十二条:
  // decide within 15 days whether to accept; Shandong's 12345 practice answers a solid-waste report
  // within 2 working days of receipt and closes it within 30 days.
  {
    key: 'complaints.accept_working_days',
    label: { zh: '信访投诉举报：受理时限（工作日）', en: 'Complaints: working days to accept a report' },
    unit: { zh: '个工作日', en: 'working days' },
    default: 2, min: 1, max: 15,
    domains: ['ecology'],
    basis: '《信访工作条例》第二十二条；平台默认2个工作日内受理，节假日按无废办设置的工作日历扣除',
  },
  {
    key: 'complaints.close_days',
    label: { zh: '信访投诉举报：办结时限', en: 'Complaints: days to close a report' },
    unit: { zh: '天', en: 'days' },
    default: 30, min: 5, max: 90,
    domains: ['ecology'],
    basis: '《信访工作条例》第三十二条：自受理之日起60日内办结；平台默认30日，各地可从严规定',
  },
  {
    key: 'complaints.reopen_days',
    label: { zh: '信访投诉举报：办结后可重新提起的期限', en: 'Complaints: days after the answer in which the citizen may reopen' },
    unit: { zh: '天', en: 'days' },
    default: 15, min: 1, max: 60,
    domains: ['ecology'],
    basis: '平台默认：答复后15日内不满意可重新提起，逾期自动关闭',
  },
  // 企业环境信用评价: the grade scheme and the base score (issue 18).
  ...CREDIT_SETTINGS,
];

export const settingByKey = (key: string) => SETTINGS.find((s) => s.key === key);
