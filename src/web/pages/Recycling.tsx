import { DepartmentOverview } from '../components/DepartmentOverview';

/** The renewable-resource system's books (seed 004): bookings, stations and the sorting centre, e-waste, monthly reports, 无废商场. */
const SYSTEMS = [
  { path: '/recycling/bookings', zh: '预约回收', en: 'Pickup bookings' },
  { path: '/recycling/station', zh: '回收网点台账', en: 'Station ledgers' },
  { path: '/recycling/network', zh: '回收网络覆盖', en: 'Network coverage' },
  { path: '/recycling/ewaste', zh: '废弃电器电子产品', en: 'E-waste' },
  { path: '/recycling/reports', zh: '月度工作进展', en: 'Monthly progress' },
  { path: '/cells', zh: '无废商场', en: 'Zero-waste malls' },
];

/** 再生资源: the commerce bureau's rows of the plan in force, computed from the recycling network's ledgers. */
export default function RecyclingPage() {
  return (
    <DepartmentOverview title={{ zh: '再生资源回收', en: 'Renewable resources' }} endpoint="/api/recycling/overview" prefix="recycling" systems={SYSTEMS} note={{
      zh: '本页列出指标体系中由商务部门牵头或配合、或由再生资源回收网点电子台账计算的指标，按本辖区和所选年度计算；点击数值查看计算过程和所依据的台账记录。部门填报的指标请到“指标体系”页填报。',
      en: 'The plan’s rows the commerce departments lead or share, or the recycling stations’ ledgers compute, for your area and the year chosen; click a value to see how it was computed and the records behind it. Rows the departments report are reported on the Indicators page.',
    }} />
  );
}
