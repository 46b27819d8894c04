import { DepartmentOverview } from '../components/DepartmentOverview';

/** The agricultural systems, each with its own books, in the order of seed 000's 三(二). */
const SYSTEMS = [
  { path: '/agri/straw', zh: '秸秆利用', en: 'Straw' },
  { path: '/agri/farms', zh: '畜禽养殖与粪污', en: 'Livestock and manure' },
  { path: '/agri/film', zh: '农膜回收', en: 'Farm film' },
  { path: '/agri/pesticide', zh: '农药包装废弃物与农药化肥使用', en: 'Pesticide packaging and farm inputs' },
  { path: '/agri/carcass', zh: '病死畜禽', en: 'Dead livestock' },
];

/** 农业固体废物: the agriculture bureau's (or a town station's) rows of the plan in force, computed from the farm records. */
export default function AgriculturePage() {
  return (
    <DepartmentOverview title={{ zh: '农业固体废物', en: 'Agricultural solid waste' }} endpoint="/api/agri/overview" prefix="agri" systems={SYSTEMS} note={{
      zh: '本页列出指标体系中由农业农村部门牵头或由农业台账计算的指标，按本辖区和所选年度计算；点击数值查看计算过程和所依据的台账记录。部门填报的指标请到“指标体系”页填报。',
      en: 'The plan’s rows the agriculture departments lead or the farm records compute, for your area and the year chosen; click a value to see how it was computed and the records behind it. Rows the departments report are reported on the Indicators page.',
    }} />
  );
}
