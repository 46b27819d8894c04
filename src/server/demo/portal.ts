import type { Db } from '../db/database';
import { createArticle, publishArticle, publishDataset, withdrawArticle } from '../portal/service';
import { DATASETS } from '../portal/datasets';
import type { ArticleInput } from '../portal/service';
import { shanghaiDate } from '../../domain/labels';
import { demoActors } from './actors';

// 信息公开 of the demo: 临清's office publishes its plan, the policies it works under, news of the year
// and notices, and every open dataset; 天桥's office its plan and two datasets. One draft waits in
// 临清's console and one withdrawn notice shows what a correction looks like. Written through the
// portal's service as the offices.

const DAY = 86_400_000;
const nothing = { forget: () => undefined };

type Piece = ArticleInput & { daysAgo: number; draft?: boolean; withdrawn?: string };

const LINQING: Piece[] = [
  {
    kind: 'plan', daysAgo: 1_000, title: '临清市“十四五”时期“无废城市”建设实施方案', issuer: '临清市人民政府', documentNo: '临政字〔2023〕32号',
    summary: '到2025年，全市“无废城市”建设指标体系全面达成，打造信息监管“一张网”。',
    body: '本方案确定了临清市“十四五”时期“无废城市”建设的总体要求、主要目标和重点任务。\n\n主要目标：一般工业固体废物综合利用率达到75%以上；工业危险废物利用处置率100%；城市生活垃圾回收利用率达35%以上；秸秆综合利用率稳定在95%以上，畜禽粪污综合利用率稳定在90%以上，农膜回收率稳定在92%以上，农药包装废弃物回收率达80%以上；力争建成“无废工厂”等“无废细胞”30个以上。\n\n方案附有指标体系（45项）和任务清单，各项指标的完成情况见本门户“指标公开”栏目。',
    attachments: [{ name: '临清市“十四五”时期“无废城市”建设实施方案.pdf' }, { name: '附件1 指标体系.xlsx' }],
  },
  {
    kind: 'policy', daysAgo: 1_800, title: '“十四五”时期“无废城市”建设工作方案', issuer: '生态环境部等18个部门', documentNo: '环固体〔2021〕114号',
    summary: '推动100个左右地级及以上城市开展“无废城市”建设。', body: '国家层面“无废城市”建设的工作方案，明确了“十四五”时期的建设目标、重点任务和保障措施，是各地编制实施方案的依据。',
    attachments: [{ name: '“十四五”时期“无废城市”建设工作方案.pdf' }],
  },
  {
    kind: 'policy', daysAgo: 2_100, title: '中华人民共和国固体废物污染环境防治法（2020年修订）', issuer: '全国人民代表大会常务委员会', documentNo: '',
    summary: '2020年9月1日起施行。', body: '固体废物污染环境防治的基本法律，规定了工业固体废物、生活垃圾、建筑垃圾、农业固体废物、危险废物等的污染防治责任和法律责任。',
    attachments: [{ name: '中华人民共和国固体废物污染环境防治法.pdf' }],
  },
  {
    kind: 'policy', daysAgo: 900, title: '聊城市再生资源回收体系建设实施方案', issuer: '聊城市“无废城市”建设工作领导小组办公室', documentNo: '聊无废办〔2023〕7号',
    summary: '到2025年年底前累计建成30个“无废商场”，每个县（市、区）建设一个规范化再生资源绿色分拣中心。',
    body: '方案部署了再生资源回收站（点）规范化管理、分拣中心建设、“互联网+回收”平台、“无废商场”创建等十项重点任务，各县（市、区）按月报送工作进展。',
    attachments: [{ name: '聊城市再生资源回收体系建设实施方案.pdf' }],
  },
  { kind: 'news', daysAgo: 250, title: '临清市召开2026年“无废城市”建设推进会', body: '会议通报了2025年指标完成情况，部署了2026年重点任务：推进生活垃圾分类全覆盖、农药包装废弃物回收站点镇街全覆盖、再生资源“互联网+回收”平台建设和“无废细胞”创建。各责任部门在平台上按月更新任务进展。' },
  { kind: 'news', daysAgo: 160, title: '再生资源“互联网+回收”上线 居民可预约上门回收', body: '市民登录平台或扫描社区回收点二维码，即可预约废旧家电、废纸、废金属等可回收物上门回收，回收价格公开透明，交售所得可计入绿色账户积分。各回收网点的地址和现行回收价格在本门户“回收网点与价格”栏目公开。' },
  { kind: 'news', daysAgo: 95, title: '全市农药包装废弃物回收站点实现镇街全覆盖', body: '各镇街农资经营门店和收集站点按“谁销售、谁回收”开展农药包装废弃物回收，回收数量与销售数量在平台逐笔登记，农药包装废弃物回收率按平台数据按月计算。' },
  { kind: 'news', daysAgo: 40, title: '“无废城市”建设开放数据集上线', body: '本门户“开放数据”栏目发布指标完成情况、回收网点和收集站点、再生资源回收价格、“无废城市细胞”名单、危险废物经营许可证持证单位、再生产品供求信息等数据集，提供 CSV 和 Excel 下载，按 CC BY 4.0 许可开放使用。' },
  { kind: 'notice', daysAgo: 20, title: '关于开展2026年“无废城市”建设公众满意度调查的通知', body: '为了解社会公众对“无废城市”建设的知晓度、参与度和满意度，市无废办组织开展公众调查。欢迎广大市民通过本门户或社区张贴的二维码参与答题，每部手机限答一次。' },
  { kind: 'notice', daysAgo: 12, title: '关于征集2026年度“无废城市细胞”创建单位的通知', body: '请有意创建“无废机关”“无废学校”“无废社区”“无废商场”“无废饭店”“无废景区”“无废村庄”等“无废细胞”的单位，按照各类细胞的评价细则准备佐证材料，在平台提交申报。经主管部门审核、现场核查和公示无异议后予以命名。' },
  { kind: 'notice', daysAgo: 30, title: '关于再生资源回收网点名单的公告', body: '（已更正，见新的名单）', withdrawn: '名单有误，已按最新备案情况更正后重新公布' },
  { kind: 'news', daysAgo: 0, title: '（草稿）11月“无废城市”建设工作简报', body: '本月完成情况待各部门报送后汇总。', draft: true },
];

const TIANQIAO: Piece[] = [
  {
    kind: 'plan', daysAgo: 960, title: '天桥区“无废城市”建设实施方案（2023－2025年）', issuer: '济南市天桥区人民政府', documentNo: '济天政字〔2023〕10号',
    body: '本方案明确了天桥区2023—2025年“无废城市”建设的目标指标和重点任务，指标完成情况见本门户“指标公开”栏目。', attachments: [{ name: '天桥区“无废城市”建设实施方案.pdf' }],
  },
];

async function publishAll(db: Db, login: string, region: string, pieces: Piece[], publisher: string, datasets: string[], now: Date) {
  const as = await demoActors(db)(login);
  for (const p of pieces) {
    const { daysAgo, draft, withdrawn, ...input } = p;
    const article = await createArticle(db, as, { ...input, regionCode: region, publishedOn: shanghaiDate(new Date(now.getTime() - daysAgo * DAY)) }, nothing);
    if (draft) continue;
    await publishArticle(db, as, article.id, nothing, now);
    if (withdrawn) await withdrawArticle(db, as, article.id, withdrawn, nothing, now);
  }
  for (const key of datasets) await publishDataset(db, as, { regionCode: region, dataset: key, publisher, licence: 'CC-BY-4.0' }, nothing);
  return pieces.length;
}

export async function seedPortal(db: Db, now = new Date()) {
  const linqing = await publishAll(db, 'office.linqing', '371581', LINQING, '临清市无废城市建设工作领导小组办公室', DATASETS.map((d) => d.key), now);
  const tianqiao = await publishAll(db, 'office.tianqiao', '370105', TIANQIAO, '天桥区无废城市建设工作领导小组办公室', ['indicators', 'zero_waste_cells'], now);
  return `${linqing + tianqiao} articles, ${DATASETS.length + 2} datasets`;
}
