import type { Db } from '../db/database';
import { importProjects, type ProjectInput } from '../tasks/projects';
import { demoActors } from './actors';

// 临清's 无废城市 project list as its office keeps it on the platform (its annex printed none): the
// demo's own facilities, each with its investment in 万元. They add up to about 1.26 亿元 against the
// plan's 1.5 亿元 for 2025, so 项目投资总额 (row 35) is computed and short of its target.

const row = (no: number, name: string, owner: string, content: string, place: string, period: string, investmentWanYuan: number, category: string): ProjectInput => ({
  no, name, owner, content, place, period, investmentText: `${investmentWanYuan}万元`, investmentWanYuan, funding: '企业自筹、专项资金', progress: '建设中', category,
});

export const LINQING_PROJECTS: ProjectInput[] = [
  row(1, '临清市建筑垃圾资源化利用厂（二期）', '临清市建筑垃圾资源化利用有限公司', '新增移动式破碎筛分生产线2条、再生骨料制品生产线1条，年处理建筑垃圾30万吨', '临清市刘垓子镇', '2024-2026', 4800, '建筑垃圾'),
  row(2, '临清市城市污水处理厂污泥深度脱水改造', '临清市城市污水处理厂', '新建板框压滤深度脱水车间，污泥含水率降至60%以下，配套污泥料仓及除臭设施', '临清市大辛庄街道', '2024-2025', 3200, '城镇污水污泥'),
  row(3, '鲁西水泥协同利用工业固体废物技改项目', '临清市鲁西水泥有限公司', '粉煤灰、脱硫石膏计量配料系统改造，年协同利用工业固体废物15万吨', '临清市魏湾镇', '2025-2026', 2300, '一般工业固体废物'),
  row(4, '华能临清热电贮灰场防渗及扬尘整治', '华能临清热电有限公司', '渗滤液收集池防渗层更换，灰面覆盖及喷淋抑尘系统，渗漏检测井', '临清市老赵庄镇', '2025', 1600, '一般工业固体废物'),
  row(5, '临清市医疗废物收集转运体系建设', '临清市医疗废物收集转运有限公司', '购置医疗废物专用转运车3辆，建设镇街医疗废物暂存点16处，覆盖基层医疗卫生机构', '临清市全域', '2024-2025', 650, '危险废物'),
];

export async function seedProjects(db: Db): Promise<string> {
  const office = await demoActors(db)('office.linqing');
  const { inserted } = await importProjects(db, office, '371581', LINQING_PROJECTS);
  return `${inserted} projects of 临清, ${LINQING_PROJECTS.reduce((t, p) => t + p.investmentWanYuan!, 0)} 万元`;
}
