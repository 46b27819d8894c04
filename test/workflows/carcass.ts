import type { Vars, Workflow } from './workflow';

/** 病死畜禽: a farm's dead pigs reported, collected on the plant's round, weighed in and rendered. */
export const carcassWorkflow: Workflow = {
  stream: 'carcass',
  title: { zh: '病死畜禽：养殖场报告，处理中心收集车按路线收集，入厂化制处理', en: 'Dead livestock: a farm reports, the plant’s vehicle collects on its round, the plant renders the load' },
  intro: {
    zh: '临清市松林镇鑫旺生猪养殖场发现 3 头病死猪（约 240 千克），在平台报告；报告即生成联单（交出方：养殖场，承运与接收：临清市病死畜禽无害化处理中心），养殖场同时签字交出。处理中心安排收集路线（密闭收集车鲁PB7361，驾驶员吴建军），驾驶员在手机上签收，填写清点头数、称重和交出方确认人；车辆北斗/GPS 轨迹由定位接口上传。处理中心进厂称重，登记处理方式“化制”和处理日期。农业农村局可查看全程，计入病死畜禽集中无害化处理率。',
    en: '鑫旺 pig farm finds 3 dead pigs (about 240 kg) and reports them; the report makes the manifest (from the farm; carrier and receiver the treatment plant), signed out by the farm. The plant plans a round (sealed vehicle 鲁PB7361, driver 吴建军); the driver signs the pickup on his phone with the head counted, the weight and who handed over; the vehicle’s GPS comes in through the telemetry ingest. The plant weighs the load in and records the method (rendering) and the day. The agriculture bureau sees it all, and it counts in the centralised treatment rate.',
  },
  steps: [
    {
      as: 'farm.demo', zh: '查看病死畜禽联单规则：驾驶员填写清点数量和称重，处理厂填写处理方式。', en: 'Reads the rules: the driver writes the head counted and the weight, the plant the method.',
      method: 'GET', path: () => '/api/manifests/rules/carcass',
      status: 200, expect: () => ({ loadSource: 'report', 'producers[0]': 'farm', 'fields[field=pickupHead].owner': 'transporter', 'fields[field=treatmentMethod].owner': 'receiver' }),
    },
    {
      as: 'farm.demo', zh: '报告 3 头病死猪，约 240 千克，非疫病死亡。', en: 'Reports 3 dead pigs, about 240 kg, not of a disease.',
      method: 'POST', path: () => '/api/carcass/reports',
      body: (v) => ({ species: 'pig', head: 3, weightKg: 240, cause: 'non_disease', diedOn: v.today, location: '场内无害化暂存间', contact: '张建国 13963512208' }),
      status: 201, expect: () => ({ head: 3, species: 'pig', regionCode: '371581101' }), capture: { reportId: 'id' },
    },
    {
      as: 'farm.demo', zh: '报告待收集，联单已由养殖场签字交出。', en: 'The report waits for its pickup; the farm has signed the manifest out.',
      method: 'GET', path: () => '/api/carcass/reports?state=waiting&pageSize=5',
      status: 200, expect: (v) => ({ 'items[0].id': v.reportId, 'items[0].state': 'waiting', 'items[0].manifestStatus': 'signed_by_producer' }), capture: { manifestId: 'items[0].manifestId' },
    },
    {
      as: 'carcass.demo', zh: '处理中心查看本单位。', en: 'The plant looks itself up.',
      method: 'GET', path: () => '/api/auth/me', status: 200, capture: { plantId: 'organisation.id' },
    },
    {
      as: 'carcass.demo', zh: '查看本厂登记的收集车辆和驾驶员。', en: 'Looks up its vehicles and drivers.',
      method: 'GET', path: (v: Vars) => `/api/organisations/${v.plantId}`, status: 200,
      capture: { vehicleId: 'vehicles[plate=鲁PB7361].id', driverId: 'drivers[name=吴建军].id' },
    },
    {
      as: 'carcass.demo', zh: '安排收集路线：车辆、驾驶员、收集点顺序。', en: 'Plans the round: vehicle, driver, the stops in order.',
      method: 'POST', path: () => '/api/carcass/rounds',
      body: (v) => ({ roundDate: v.today, vehicleId: v.vehicleId, driverId: v.driverId, reportIds: [v.reportId], note: '示例路线' }),
      status: 201, expect: () => ({ plate: '鲁PB7361', driverName: '吴建军', stops: 1 }), capture: { roundId: 'id' },
    },
    {
      as: 'driver.carcass', zh: '驾驶员在手机上打开自己的路线。', en: 'The driver opens his round on his phone.',
      method: 'GET', path: (v) => `/api/carcass/rounds/${v.roundId}`,
      status: 200, expect: (v) => ({ isDriver: true, 'stops[0].reportId': v.reportId, 'stops[0].status': 'signed_by_producer' }),
    },
    {
      as: 'driver.carcass', zh: '到场清点 3 头、称重 232.5 千克，养殖场张建国确认，驾驶员签收。', en: 'At the farm: 3 head counted, 232.5 kg weighed, 张建国 confirms, the driver signs the pickup.',
      method: 'POST', path: () => '/api/carcass/pickups',
      body: (v) => ({ manifestId: v.manifestId, head: 3, weightKg: 232.5, handedOverBy: '张建国' }),
      status: 200, expect: () => ({ status: 'in_transit', 'data.pickupHead': 3, 'data.vehiclePlate': '鲁PB7361' }),
    },
    {
      as: 'carcass.demo', zh: '进厂称重 230 千克，接收 3 头，当日化制处理。', en: 'Weighed in at 230 kg, 3 head received, rendered the same day.',
      method: 'POST', path: () => '/api/carcass/treatments',
      body: (v) => ({ manifestId: v.manifestId, receivedWeightKg: 230, receivedHead: 3, method: 'rendering', treatedOn: v.today }),
      status: 200, expect: () => ({ status: 'received', 'data.treatmentMethod': 'rendering', 'data.receivedHead': 3 }),
    },
    {
      as: 'agri.linqing', zh: '农业农村局查看已办结的联单及三个签字。', en: 'The agriculture bureau sees the closed manifest and its three signatures.',
      method: 'GET', path: (v) => `/api/manifests/${v.manifestId}`,
      status: 200, expect: () => ({ status: 'received', 'data.treatmentMethod': 'rendering', 'signatures[0].step': 'emission', 'signatures[1].step': 'transport', 'signatures[2].step': 'reception' }),
    },
  ],
};
