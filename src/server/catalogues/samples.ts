import type { CatalogueKind } from '../../domain/enums';

// What the project ships so that a fresh start has catalogues to browse without ../shared/data.
// A deployment imports the full national list through the catalogue import (README: 名录导入).
export interface SampleEntry { code: string; name: string; category?: string; categoryName?: string; industry?: string; hazard?: string[] }

export const SAMPLE_CATALOGUES: Record<CatalogueKind, { label: string; entries: SampleEntry[] }> = {
  // A handful of codes common in a county's factories, described in our own words.
  hazardous: {
    label: '样例（项目自带）',
    entries: [
      { code: '841-001-01', name: '感染性医疗废物', category: 'HW01', categoryName: '医疗废物', industry: '卫生', hazard: ['In'] },
      { code: '900-041-49', name: '沾染危险废物的包装物、容器、过滤吸附介质', category: 'HW49', categoryName: '其他废物', industry: '非特定行业', hazard: ['T', 'In'] },
      { code: '900-047-49', name: '实验室废液、废试剂', category: 'HW49', categoryName: '其他废物', industry: '非特定行业', hazard: ['T', 'C', 'I', 'R'] },
      { code: '900-214-08', name: '车辆维修拆解产生的废发动机油等废矿物油', category: 'HW08', categoryName: '废矿物油与含矿物油废物', industry: '非特定行业', hazard: ['T', 'I'] },
      { code: '900-249-08', name: '其他使用过程中产生的废矿物油', category: 'HW08', categoryName: '废矿物油与含矿物油废物', industry: '非特定行业', hazard: ['T', 'I'] },
      { code: '900-252-12', name: '喷涂作业产生的废漆渣', category: 'HW12', categoryName: '染料、涂料废物', industry: '非特定行业', hazard: ['T', 'I'] },
      { code: '336-064-17', name: '金属表面处理产生的废槽液、槽渣', category: 'HW17', categoryName: '表面处理废物', industry: '金属表面处理及热处理加工', hazard: ['T', 'C'] },
      { code: '900-039-49', name: '废气治理产生的废活性炭', category: 'HW49', categoryName: '其他废物', industry: '非特定行业', hazard: ['T'] },
      { code: '900-052-31', name: '废铅蓄电池', category: 'HW31', categoryName: '含铅废物', industry: '非特定行业', hazard: ['T', 'C'] },
      { code: '900-402-06', name: '废有机溶剂', category: 'HW06', categoryName: '废有机溶剂与含有机溶剂废物', industry: '非特定行业', hazard: ['T', 'I'] },
      { code: '772-006-18', name: '焚烧处置残渣（飞灰）', category: 'HW18', categoryName: '焚烧处置残渣', industry: '环境治理业', hazard: ['T'] },
      { code: '900-023-29', name: '废含汞荧光灯管', category: 'HW29', categoryName: '含汞废物', industry: '非特定行业', hazard: ['T'] },
    ],
  },
  industrial: {
    label: '常见类别（项目自带）',
    entries: [
      { code: 'SW01', name: '冶炼废渣' }, { code: 'SW02', name: '粉煤灰' }, { code: 'SW03', name: '炉渣' }, { code: 'SW04', name: '煤矸石' },
      { code: 'SW05', name: '尾矿' }, { code: 'SW06', name: '脱硫石膏' }, { code: 'SW07', name: '污泥' }, { code: 'SW09', name: '赤泥' },
      { code: 'SW10', name: '磷石膏' }, { code: 'SW11', name: '工业副产石膏' }, { code: 'SW13', name: '食品残渣' }, { code: 'SW14', name: '纺织皮革业废物' },
      { code: 'SW15', name: '造纸印刷业废物' }, { code: 'SW16', name: '化工废物' }, { code: 'SW17', name: '可再生类废物' }, { code: 'SW59', name: '其他工业固体废物' },
    ],
  },
  household: {
    label: 'GB/T 19095 四分类',
    entries: [
      { code: 'HH-R', name: '可回收物' }, { code: 'HH-R-01', name: '纸类', category: 'HH-R', categoryName: '可回收物' },
      { code: 'HH-R-02', name: '塑料', category: 'HH-R', categoryName: '可回收物' }, { code: 'HH-R-03', name: '金属', category: 'HH-R', categoryName: '可回收物' },
      { code: 'HH-R-04', name: '玻璃', category: 'HH-R', categoryName: '可回收物' }, { code: 'HH-R-05', name: '织物', category: 'HH-R', categoryName: '可回收物' },
      { code: 'HH-H', name: '有害垃圾' }, { code: 'HH-H-01', name: '灯管', category: 'HH-H', categoryName: '有害垃圾' },
      { code: 'HH-H-02', name: '家用化学品', category: 'HH-H', categoryName: '有害垃圾' }, { code: 'HH-H-03', name: '电池', category: 'HH-H', categoryName: '有害垃圾' },
      { code: 'HH-K', name: '厨余垃圾' }, { code: 'HH-K-01', name: '家庭厨余垃圾', category: 'HH-K', categoryName: '厨余垃圾' },
      { code: 'HH-K-02', name: '餐厨垃圾', category: 'HH-K', categoryName: '厨余垃圾' }, { code: 'HH-K-03', name: '其他厨余垃圾', category: 'HH-K', categoryName: '厨余垃圾' },
      { code: 'HH-O', name: '其他垃圾' },
    ],
  },
  construction: {
    label: '建筑垃圾五类',
    entries: [
      { code: 'CW01', name: '工程渣土' }, { code: 'CW02', name: '工程泥浆' }, { code: 'CW03', name: '工程垃圾' }, { code: 'CW04', name: '拆除垃圾' }, { code: 'CW05', name: '装修垃圾' },
    ],
  },
  // By source, as seed 000's 三(三)3 names them; the moisture content is recorded per batch.
  sludge: {
    label: '城镇污水污泥（按来源）',
    entries: [
      { code: 'SL01', name: '城镇污水处理厂污泥', industry: '城镇污水' }, { code: 'SL02', name: '粪便污泥', industry: '粪便处理' }, { code: 'SL03', name: '河道清淤污泥', industry: '河道清淤' },
    ],
  },
  // 餐厨废弃物管理办法: food waste and used cooking oil are collected and traced apart.
  kitchen: {
    label: '餐厨废弃物（项目自带）',
    entries: [
      { code: 'KW01', name: '餐厨垃圾（餐饮服务单位、单位食堂的食物残余）', industry: '餐饮服务' },
      { code: 'KW02', name: '废弃食用油脂（煎炸废油、隔油池油脂）', industry: '餐饮服务' },
    ],
  },
  agricultural: {
    label: '农业固体废物',
    entries: [
      { code: 'AG01', name: '农作物秸秆' }, { code: 'AG02', name: '畜禽粪污' }, { code: 'AG03', name: '废旧农膜' }, { code: 'AG04', name: '农药包装废弃物' },
      { code: 'AG05', name: '病死畜禽' }, { code: 'AG06', name: '废旧渔网及其他农业废弃物' },
    ],
  },
  renewable: {
    label: '再生资源品类',
    entries: [
      { code: 'RR01', name: '废钢铁' }, { code: 'RR02', name: '废有色金属' }, { code: 'RR03', name: '废塑料' }, { code: 'RR04', name: '废纸' },
      { code: 'RR05', name: '废轮胎' }, { code: 'RR06', name: '废弃电器电子产品' }, { code: 'RR07', name: '报废机动车' }, { code: 'RR08', name: '废旧纺织品' },
      { code: 'RR09', name: '废玻璃' }, { code: 'RR10', name: '废旧动力电池' },
      { code: 'RR11', name: '大件垃圾、废旧家具' },
    ],
  },
};
