// The audit log (审计日志) in words: a sentence per action the server writes, names for the objects
// and fields the rows carry, and values with units (吨) and dates in Asia/Shanghai. Shared by the
// server (the list route answers with the sentence and the field-level differences) and the console.
// audit-words.test.ts scans src/server for every action written and fails on one without words here.

import { STREAM_DEFINITIONS } from './streams';

export type Bilingual = { zh: string; en: string };
type Words = readonly [zh: string, en: string];

/** What each kind of record is called; `{target}` in a sentence is this name and the record's number or name. */
export const AUDIT_ENTITIES: Record<string, Words> = {
  alarm: ['预警', 'alarm'], api_token: ['接口令牌', 'API token'],
  bulk_storage_rectification: ['大宗固废堆存整改', 'storage rectification'], bulk_storage_site: ['大宗固废堆存场', 'bulk storage site'],
  carcass_report: ['病死畜禽报告', 'carcass report'], carcass_round: ['病死畜禽收集轮次', 'carcass round'],
  catalogue_version: ['名录版本', 'catalogue version'], cell_application: ['无废细胞申报', 'zero-waste cell application'],
  cell_checklist: ['无废细胞评价细则', 'cell checklist'], collection_round: ['收集轮次', 'collection round'],
  complaint: ['投诉举报', 'complaint'], complaint_routes: ['投诉分办规则', 'complaint routing'], compliance_check: ['合规检查', 'compliance check'],
  construction_plan: ['建筑垃圾处置方案', 'construction waste plan'], construction_project: ['建设工程', 'construction project'],
  credit_blacklist: ['信用黑名单', 'credit blacklist entry'], credit_event: ['信用事项', 'credit event'], credit_rating_run: ['信用评价', 'credit rating run'],
  credit_repair: ['信用修复申请', 'credit repair request'], credit_sweep: ['信用自动记录', 'credit sweep'],
  declaration: ['申报', 'declaration'], disposal_site: ['消纳场', 'disposal site'], driver: ['驾驶员', 'driver'],
  enforcement_case: ['行政处罚案件', 'enforcement case'], ewaste_unit: ['废弃电器', 'e-waste unit'],
  exchange_contact: ['供需对接', 'exchange contact'], exchange_deal: ['交易记录', 'exchange deal'], exchange_listing: ['供需信息', 'exchange listing'],
  fertiliser_sale: ['化肥销售', 'fertiliser sale'], film_record: ['农膜记录', 'film record'], film_refusal: ['农膜回收拒收', 'film refusal'],
  green_delivery: ['分类投放', 'sorting delivery'], green_household: ['绿色账户', 'green account'], green_points: ['积分', 'points'],
  household_facility: ['生活垃圾设施', 'household waste facility'], household_place: ['小区（村）', 'community or village'],
  household_route: ['收运线路', 'collection route'], household_vehicle: ['收运车辆', 'collection vehicle'],
  indicator_plan: ['指标方案', 'indicator plan'], indicator_value: ['指标数据', 'indicator value'], industrial_park: ['工业园区', 'industrial park'],
  inspection: ['双随机检查', 'inspection'], inspection_draw: ['双随机抽取', 'inspection draw'], inspection_pool: ['检查对象库', 'inspection pool'],
  inspection_risk_listing: ['重点监管名单', 'risk listing'], kitchen_contract: ['餐厨收运合同', 'kitchen waste contract'],
  ledger_movement: ['台账记录', 'ledger entry'], licence: ['许可证', 'licence'], livestock_farm_year: ['养殖场年度信息', 'livestock farm year'],
  management_plan: ['管理计划', 'management plan'], manifest: ['联单', 'manifest'], manure_month: ['粪污月度记录', 'manure month'],
  open_dataset: ['开放数据集', 'open dataset'], organisation: ['单位', 'organisation'], organisation_credential: ['单位资质', 'credential'],
  pesticide_receipt: ['农药包装回收', 'pesticide package receipt'], pesticide_return: ['农药包装交回', 'pesticide package return'],
  pesticide_sale: ['农药销售', 'pesticide sale'], pesticide_utiliser: ['农药包装利用单位', 'pesticide package utiliser'],
  portal_article: ['门户文章', 'portal article'], project: ['重点项目', 'project'], projects: ['重点项目', 'projects'],
  recycling_booking: ['预约回收', 'recycling booking'], recycling_collector: ['回收员', 'recycling collector'],
  recycling_intake: ['回收入库', 'recycling intake'], recycling_price_list: ['回收价目表', 'recycling price list'],
  recycling_report: ['再生资源报表', 'recycling report'], recycling_report_action: ['报表催报', 'report reminder'], recycling_site: ['回收网点', 'recycling site'],
  region_outlines: ['区划边界', 'region outlines'], regions: ['行政区划', 'regions'], setting: ['系统设置', 'setting'],
  statistical_input: ['统计数据', 'statistical input'], straw_coefficients: ['秸秆系数', 'straw coefficients'], straw_season: ['秸秆季', 'straw season'],
  survey: ['调查问卷', 'survey'], survey_binding: ['问卷绑定', 'survey binding'], survey_response: ['问卷答卷', 'survey response'],
  task: ['任务', 'task'], task_notice: ['任务通知', 'task notice'], tasks: ['任务', 'tasks'], user: ['用户', 'user'], vehicle: ['车辆', 'vehicle'],
  waste_batch: ['废物批次', 'waste batch'], webhook: ['回调订阅', 'webhook'], work_calendar: ['工作日历', 'work calendar'], zero_waste_cell: ['无废细胞', 'zero-waste cell'],
};

/** The areas an action belongs to (its prefix before the first dot): the console groups its action filter by them. */
export const AUDIT_AREAS: Record<string, Words> = {
  account: ['账号与登录', 'Accounts and sign-in'], alarm: ['预警', 'Alarms'], batch: ['台账', 'Ledger'], ledger: ['台账', 'Ledger'],
  bulk_storage: ['大宗固废堆存', 'Bulk storage'], carcass: ['病死畜禽', 'Animal carcasses'], case: ['行政处罚', 'Enforcement'],
  catalogue: ['名录', 'Catalogues'], cell: ['无废细胞', 'Zero-waste cells'], complaint: ['投诉举报', 'Complaints'],
  construction: ['建筑垃圾', 'Construction waste'], credit: ['环境信用', 'Environmental credit'], declaration: ['申报', 'Declarations'],
  exchange: ['供需对接', 'Exchange'], farm: ['农业投入品', 'Farm inputs'], geo: ['地图', 'Maps'], green: ['绿色账户', 'Green accounts'],
  household: ['生活垃圾', 'Household waste'], indicator: ['指标', 'Indicators'], inspection: ['双随机检查', 'Inspections'],
  kitchen: ['餐厨垃圾', 'Kitchen waste'], licence: ['许可证', 'Licences'], manifest: ['联单', 'Manifests'], organisation: ['单位', 'Organisations'],
  plan: ['管理计划', 'Management plans'], portal: ['门户', 'Portal'], project: ['任务与项目', 'Tasks and projects'],
  recycling: ['再生资源回收', 'Recycling'], registers: ['名录与登记', 'Registers'], round: ['收集轮次', 'Collection rounds'],
  setting: ['系统设置', 'Settings'], statistics: ['统计', 'Statistics'], straw: ['秸秆', 'Straw'], survey: ['调查问卷', 'Surveys'],
  platform: ['平台', 'Platform'], other: ['其他', 'Other'],
};

/**
 * The predicate of each action's sentence (the actor goes in front). `{target}` is the record, as
 * "联单 3715…" / "manifest 3715…". A family (`manifest.*`) covers actions built at run time from a
 * step name; an action of a family without a sentence of its own reads "{verb}了{target}".
 */
export const AUDIT_ACTIONS: Record<string, Words> = {
  // Accounts, users, tokens
  login: ['登录了系统', 'signed in'],
  'login.lock': ['因多次密码错误锁定了{target}', 'locked {target} after repeated wrong passwords'],
  'password.change': ['修改了自己的密码', 'changed their password'],
  'user.create': ['创建了{target}', 'created {target}'],
  'user.update': ['修改了{target}', 'changed {target}'],
  'user.reset_password': ['重置了{target}的密码', 'reset the password of {target}'],
  'token.create': ['创建了{target}', 'created {target}'],
  'token.revoke': ['吊销了{target}', 'revoked {target}'],
  'webhook.subscribe': ['订阅了{target}', 'subscribed {target}'],
  'webhook.delete': ['删除了{target}', 'deleted {target}'],
  'webhook.ping': ['测试了{target}', 'tested {target}'],
  'webhook.enable': ['启用了{target}', 'enabled {target}'],
  'webhook.disable': ['停用了{target}', 'disabled {target}'],
  'setting.change': ['修改了{target}', 'changed {target}'],
  'work_calendar.set': ['设定了{target}', 'set {target}'],
  'regions.import': ['导入了行政区划', 'imported the regions'],
  'geo.outlines_import': ['导入了区划边界', 'imported the region outlines'],
  'catalogue.import': ['导入了{target}', 'imported {target}'],
  // Organisations and their assets
  'organisation.create': ['登记了{target}', 'registered {target}'],
  'organisation.update': ['修改了{target}的信息', 'changed the details of {target}'],
  'organisation.resubmit': ['修改并重新提交了{target}', 'corrected and resubmitted {target}'],
  'organisation.verify': ['审核通过了{target}', 'verified {target}'],
  'organisation.reject': ['驳回了{target}', 'rejected {target}'],
  'licence.create': ['登记了{target}', 'recorded {target}'],
  'licence.correct': ['更正了{target}', 'corrected {target}'],
  'licence.supersede': ['换发了{target}', 'superseded {target}'],
  'licence.end': ['注销了{target}', 'ended {target}'],
  'vehicle.create': ['登记了{target}', 'registered {target}'],
  'driver.create': ['登记了{target}', 'registered {target}'],
  // Manifests, ledger, rounds, plans
  'manifest.create': ['新建了{target}', 'created {target}'],
  'manifest.edit': ['修改了{target}', 'edited {target}'],
  'manifest.revision_request': ['申请修改{target}', 'asked to revise {target}'],
  'manifest.photo_upload': ['为{target}上传了照片', 'uploaded a photo for {target}'],
  'manifest.sign_emission': ['签署了{target}的移出（产生单位）', 'signed the dispatch of {target} (producer)'],
  'manifest.sign_transport': ['签署了{target}的承运人接收', 'signed the pickup of {target} (carrier)'],
  'manifest.sign_handover': ['签署了{target}的转运交接', 'signed the handover of {target}'],
  'manifest.sign_reception': ['签署了{target}的接收', 'signed the reception of {target}'],
  'manifest.cancel': ['作废了{target}', 'cancelled {target}'],
  'manifest.revision_approve': ['同意了{target}的修改申请', 'approved the revision of {target}'],
  'manifest.revision_refuse': ['拒绝了{target}的修改申请', 'refused the revision of {target}'],
  'batch.create': ['登记了{target}', 'recorded {target}'],
  'ledger.generate': ['在台账记录了产生：{target}', 'recorded generation in the ledger: {target}'],
  'ledger.store_in': ['在台账记录了入库：{target}', 'recorded a store-in: {target}'],
  'ledger.store_out': ['在台账记录了出库：{target}', 'recorded a store-out: {target}'],
  'ledger.self_utilise': ['在台账记录了自行利用：{target}', 'recorded own utilisation: {target}'],
  'ledger.self_dispose': ['在台账记录了自行处置：{target}', 'recorded own disposal: {target}'],
  'ledger.transfer_out': ['在台账记录了转移：{target}', 'recorded a transfer out: {target}'],
  'ledger.receive': ['在台账记录了接收：{target}', 'recorded a receipt: {target}'],
  'ledger.correction': ['更正了台账：{target}', 'corrected the ledger: {target}'],
  'round.plan': ['安排了{target}', 'planned {target}'],
  'round.close': ['完成了{target}', 'closed {target}'],
  'plan.save': ['保存了{target}', 'saved {target}'],
  'plan.submit': ['提交了{target}', 'submitted {target}'],
  'plan.approve': ['批准了{target}', 'approved {target}'],
  'plan.return': ['退回了{target}', 'returned {target}'],
  'declaration.submit': ['提交了{target}', 'submitted {target}'],
  'declaration.excel_import': ['用 Excel 导入了{target}', 'imported {target} from Excel'],
  // Alarms, complaints, cases, credit, inspections
  'alarm.assign': ['指派了{target}', 'assigned {target}'],
  'alarm.handle': ['办理了{target}', 'handled {target}'],
  'alarm.verify': ['核实办结了{target}', 'verified {target}'],
  'alarm.dismiss': ['排除了{target}', 'dismissed {target}'],
  'alarm.reopen': ['重新打开了{target}', 'reopened {target}'],
  'complaint.create': ['登记了{target}', 'filed {target}'],
  'complaint.accept': ['受理了{target}', 'accepted {target}'],
  'complaint.assign': ['转办了{target}', 'assigned {target}'],
  'complaint.start': ['开始办理{target}', 'started work on {target}'],
  'complaint.resolve': ['办结答复了{target}', 'resolved {target}'],
  'complaint.reject': ['不予受理{target}', 'rejected {target}'],
  'complaint.duplicate': ['将{target}标为重复', 'marked {target} as a duplicate'],
  'complaint.not_ours': ['将{target}标为非本部门职责', 'marked {target} as not ours'],
  'complaint.close': ['关闭了{target}', 'closed {target}'],
  'complaint.rate': ['评价了{target}', 'rated {target}'],
  'complaint.reopen': ['重新打开了{target}', 'reopened {target}'],
  'complaint_routes.set': ['设定了{target}', 'set {target}'],
  'case.open': ['立案：{target}', 'opened {target}'],
  'case.investigation': ['记录了{target}的调查取证', 'recorded the investigation of {target}'],
  'case.decision': ['记录了{target}的处罚决定', 'recorded the penalty decision of {target}'],
  'case.closure': ['结案：{target}', 'closed {target}'],
  'case.police_transfer': ['将{target}移送公安机关', 'transferred {target} to the police'],
  'case.police_answer': ['记录了公安机关对{target}的立案情况', 'recorded the police’s answer on {target}'],
  'case.compensation': ['对{target}启动了生态环境损害赔偿', 'started damage compensation for {target}'],
  'case.compensation_na': ['认定{target}不适用生态环境损害赔偿', 'ruled damage compensation out for {target}'],
  'credit.rate': ['完成了{target}', 'ran {target}'],
  'credit.penalty': ['记录了行政处罚：{target}', 'recorded a penalty: {target}'],
  'credit.commendation': ['记录了表彰奖励：{target}', 'recorded a commendation: {target}'],
  'credit.correct': ['更正了{target}', 'corrected {target}'],
  'credit.blacklist': ['将单位列入{target}', 'blacklisted an organisation: {target}'],
  'credit.blacklist_lift': ['移出了{target}', 'lifted {target}'],
  'credit.repair_request': ['提交了{target}', 'filed {target}'],
  'credit.repair_approve': ['同意了{target}', 'approved {target}'],
  'credit.repair_reject': ['驳回了{target}', 'rejected {target}'],
  'credit.sweep': ['自动记录了{target}', 'ran {target}'],
  'inspection.pool_create': ['建立了{target}', 'created {target}'],
  'inspection.draw': ['进行了{target}', 'made {target}'],
  'inspection.record': ['记录了{target}的结果', 'recorded the result of {target}'],
  'inspection.risk_list': ['更新了{target}', 'updated {target}'],
  // Construction, storage, cells, registers
  'construction.project': ['登记了{target}', 'registered {target}'],
  'construction.project_attributes': ['修改了{target}的属性', 'changed the attributes of {target}'],
  'construction.site': ['登记了{target}', 'registered {target}'],
  'construction.plan_submit': ['提交了{target}', 'submitted {target}'],
  'construction.plan_approve': ['批准了{target}', 'approved {target}'],
  'construction.plan_return': ['退回了{target}', 'returned {target}'],
  'bulk_storage.site_register': ['登记了{target}', 'registered {target}'],
  'bulk_storage.site_close': ['关闭了{target}', 'closed {target}'],
  'bulk_storage.stock': ['记录了{target}的存量', 'recorded the stock of {target}'],
  'bulk_storage.rectification_open': ['对堆存场下达了整改：{target}', 'opened a rectification at a storage site: {target}'],
  'bulk_storage.rectification_report': ['报告了{target}的整改情况', 'reported on {target}'],
  'bulk_storage.rectification_verify': ['核实通过了{target}', 'verified {target}'],
  'bulk_storage.rectification_return': ['退回了{target}', 'returned {target}'],
  'cell.apply': ['申报了{target}', 'applied: {target}'],
  'cell.resubmit': ['重新申报了{target}', 'reapplied: {target}'],
  'cell.submit': ['提交了{target}', 'submitted {target}'],
  'cell.accept': ['受理了{target}', 'accepted {target}'],
  'cell.check': ['现场核查了{target}', 'checked {target} on site'],
  'cell.notice': ['公示了{target}', 'published {target} for objections'],
  'cell.approve': ['命名了{target}', 'named {target}'],
  'cell.return': ['退回了{target}', 'returned {target}'],
  'cell.refuse': ['不予命名{target}', 'refused {target}'],
  'cell.revoke': ['撤销了{target}', 'revoked {target}'],
  'cell.checklist': ['设定了{target}', 'set {target}'],
  'cell.objection': ['对{target}提出了异议', 'objected to {target}'],
  'cell.objection_answer': ['答复了对{target}的异议', 'answered an objection to {target}'],
  'registers.cell_record': ['登记了{target}', 'recorded {target}'],
  'registers.cell_end': ['注销了{target}', 'ended {target}'],
  'registers.check_record': ['记录了{target}', 'recorded {target}'],
  'registers.credential_record': ['登记了{target}', 'recorded {target}'],
  'registers.credential_end': ['注销了{target}', 'ended {target}'],
  'registers.park_record': ['登记了{target}', 'recorded {target}'],
  'registers.park_status': ['修改了{target}的状态', 'changed the status of {target}'],
  // Household, green accounts, kitchen, recycling
  'household.place.register': ['登记了{target}', 'registered {target}'],
  'household.place.status': ['修改了{target}的状态', 'changed the status of {target}'],
  'household.places.import': ['导入了小区（村）名录', 'imported communities and villages'],
  'household.facility.register': ['登记了{target}', 'registered {target}'],
  'household.route.register': ['登记了{target}', 'registered {target}'],
  'household.vehicle.register': ['登记了{target}', 'registered {target}'],
  'household.tickets.import': ['导入了收运小票', 'imported collection tickets'],
  'green.household.register': ['开立了{target}', 'opened {target}'],
  'green.delivery.record': ['记录了{target}', 'recorded {target}'],
  'green.delivery.grade': ['评定了{target}', 'graded {target}'],
  'green.points.redeem': ['兑换了{target}', 'redeemed {target}'],
  'kitchen_contract.register': ['登记了{target}', 'registered {target}'],
  'kitchen_contract.end': ['终止了{target}', 'ended {target}'],
  'recycling_site.register': ['登记了{target}', 'registered {target}'],
  'recycling_site.update': ['修改了{target}', 'changed {target}'],
  'recycling_intake.record': ['记录了{target}', 'recorded {target}'],
  'ewaste_unit.dismantle': ['拆解了{target}', 'dismantled {target}'],
  'recycling_collector.register': ['登记了{target}', 'registered {target}'],
  'recycling_price_list.publish': ['发布了{target}', 'published {target}'],
  'recycling_report.remind': ['催报了{target}', 'sent a reminder about {target}'],
  'recycling_report.file': ['填报了{target}', 'filed {target}'],
  'recycling_report.correct': ['更正了{target}', 'corrected {target}'],
  'recycling_booking.create': ['提交了{target}', 'made {target}'],
  'recycling_booking.accept': ['接单：{target}', 'accepted {target}'],
  'recycling_booking.dispatch': ['派单：{target}', 'dispatched {target}'],
  'recycling_booking.on_way': ['出发上门：{target}', 'set out for {target}'],
  'recycling_booking.arrive': ['到达上门：{target}', 'arrived for {target}'],
  'recycling_booking.record': ['记录了{target}的回收结果', 'recorded the collection of {target}'],
  'recycling_booking.confirm': ['确认了{target}', 'confirmed {target}'],
  'recycling_booking.cancel': ['取消了{target}', 'cancelled {target}'],
  'recycling_booking.rate': ['评价了{target}', 'rated {target}'],
  'recycling_booking.pass_on': ['将{target}转给下一家回收企业', 'passed {target} on to the next company'],
  'recycling_booking.escalate': ['将{target}上报主管部门', 'escalated {target}'],
  // Agriculture
  'carcass_report.file': ['报告了{target}', 'filed {target}'],
  'carcass_report.correct': ['更正了{target}', 'corrected {target}'],
  'carcass_report.cancel': ['撤回了{target}', 'withdrew {target}'],
  'carcass_round.plan': ['安排了{target}', 'planned {target}'],
  'livestock_farm_year.record': ['登记了{target}', 'recorded {target}'],
  'manure_month.record': ['记录了{target}', 'recorded {target}'],
  'manure_month.correct': ['更正了{target}', 'corrected {target}'],
  'livestock_farm_year.correct': ['更正了{target}', 'corrected {target}'],
  'straw_season.file': ['填报了{target}', 'filed {target}'],
  'straw_season.supersede': ['更正了{target}', 'corrected {target}'],
  'fertiliser_sale.record': ['记录了{target}', 'recorded {target}'],
  'pesticide_sale.record': ['记录了{target}', 'recorded {target}'],
  'pesticide_receipt.record': ['记录了{target}', 'recorded {target}'],
  'pesticide_return.record': ['记录了{target}', 'recorded {target}'],
  'pesticide_utiliser.designate': ['确定了{target}', 'designated {target}'],
  'pesticide_utiliser.revoke': ['撤销了{target}', 'revoked {target}'],
  'film_record.record': ['记录了{target}', 'recorded {target}'],
  'film_record.supersede': ['更正了{target}', 'corrected {target}'],
  'film_refusal.record': ['记录了{target}', 'recorded {target}'],
  'straw_coefficients.set': ['设定了{target}', 'set {target}'],
  'straw_coefficients.supersede': ['修订了{target}', 'revised {target}'],
  // Indicators, statistics, tasks, exchange, portal, surveys
  'indicators.import': ['导入了{target}', 'imported {target}'],
  'indicators.supersede': ['修订了{target}', 'revised {target}'],
  'indicator.report': ['填报了{target}', 'reported {target}'],
  'indicator.import_values': ['导入了{target}', 'imported {target}'],
  'indicator.approve': ['审核通过了{target}', 'approved {target}'],
  'indicator.return': ['退回了{target}', 'returned {target}'],
  'statistics.enter': ['填报了{target}', 'entered {target}'],
  'statistics.revise': ['修订了{target}', 'revised {target}'],
  'statistics.import': ['导入了{target}', 'imported {target}'],
  'statistical_input.enter': ['填报了{target}', 'entered {target}'],
  'tasks.import': ['导入了任务清单', 'imported the task list'],
  'task.progress': ['报告了{target}的进展', 'reported progress on {target}'],
  'task.notice': ['发出了{target}', 'sent {target}'],
  'projects.import': ['导入了重点项目', 'imported the projects'],
  'project.progress': ['报告了{target}的进展', 'reported progress on {target}'],
  'exchange.listing': ['发布了{target}', 'posted {target}'],
  'exchange.listing_close': ['关闭了{target}', 'closed {target}'],
  'exchange.contact': ['就供需信息发起了{target}', 'made {target}'],
  'exchange.reply': ['回复了{target}', 'replied to {target}'],
  'exchange.deal': ['记录了{target}', 'recorded {target}'],
  'portal.article_create': ['撰写了{target}', 'wrote {target}'],
  'portal.article_update': ['修改了{target}', 'changed {target}'],
  'portal.article_publish': ['发布了{target}', 'published {target}'],
  'portal.article_withdraw': ['撤下了{target}', 'withdrew {target}'],
  'portal.dataset_publish': ['发布了{target}', 'published {target}'],
  'portal.dataset_withdraw': ['撤下了{target}', 'withdrew {target}'],
  'survey.create': ['创建了{target}', 'created {target}'],
  'survey.update': ['修改了{target}', 'changed {target}'],
  'survey.publish': ['发布了{target}', 'published {target}'],
  'survey.close': ['结束了{target}', 'closed {target}'],
  'survey.bind': ['建立了{target}', 'bound {target}'],
  'survey.unbind': ['解除了{target}', 'unbound {target}'],
  'survey.answer': ['填写了{target}', 'answered {target}'],
  'survey.answers_history': ['补录了{target}', 'back-filled {target}'],
};

/** Families of actions built from a step name at run time (`manifest.${action}`): the verb comes from the step. */
export const AUDIT_FAMILIES: Record<string, Words> = {
  'manifest.*': ['处理了{target}', 'acted on {target}'], 'alarm.*': ['办理了{target}', 'acted on {target}'],
  'case.*': ['记录了{target}的办理步骤', 'recorded a step of {target}'], 'cell.*': ['处理了{target}', 'acted on {target}'],
  'complaint.*': ['办理了{target}', 'acted on {target}'], 'credit.*': ['记录了{target}', 'recorded {target}'],
  'credit.repair_*': ['审核了{target}', 'decided on {target}'], 'ledger.*': ['在台账记录了{target}', 'recorded {target} in the ledger'],
  'plan.*': ['审核了{target}', 'decided on {target}'], 'organisation.*': ['处理了{target}', 'acted on {target}'], 'pesticide_utiliser.*': ['处理了{target}', 'acted on {target}'],
  'recycling_booking.*': ['处理了{target}', 'acted on {target}'], '*.create': ['登记了{target}', 'recorded {target}'],
};

/** Which area an action is filed under in the console's filter. */
export function auditArea(action: string): string {
  const head = action.split('.')[0];
  if (['login', 'password', 'user', 'token', 'webhook'].includes(head)) return 'account';
  if (['setting', 'work_calendar', 'regions'].includes(head)) return 'setting';
  if (['vehicle', 'driver'].includes(head)) return 'organisation';
  if (head.startsWith('straw')) return 'straw';
  if (['carcass_report', 'carcass_round', 'livestock_farm_year', 'manure_month', 'fertiliser_sale', 'pesticide_sale', 'pesticide_receipt', 'pesticide_return', 'pesticide_utiliser', 'film_record', 'film_refusal'].includes(head)) return head.startsWith('carcass') ? 'carcass' : 'farm';
  if (head.startsWith('recycling') || head === 'ewaste_unit') return 'recycling';
  if (head.startsWith('complaint')) return 'complaint';
  if (head.startsWith('kitchen')) return 'kitchen';
  if (head === 'indicators' || head === 'indicator') return 'indicator';
  if (head === 'statistical_input' || head === 'statistics') return 'statistics';
  if (['task', 'tasks', 'projects', 'project'].includes(head)) return 'project';
  return head in AUDIT_AREAS ? head : 'other';
}

/** The sentence's predicate for an action: its own, its family's, or a generic one; never the raw code alone. */
export function actionWords(action: string): Words {
  const own = AUDIT_ACTIONS[action];
  if (own) return own;
  const dot = action.lastIndexOf('.');
  const family = Object.keys(AUDIT_FAMILIES).filter((f) => (f.startsWith('*') ? action.endsWith(f.slice(1)) : action.startsWith(f.slice(0, -1)) && f.slice(0, -1).length > 0)).sort((a, b) => b.length - a.length)[0];
  if (family) return AUDIT_FAMILIES[family];
  const verb = dot >= 0 ? action.slice(dot + 1).replace(/_/g, ' ') : action.replace(/_/g, ' ');
  return [`对{target}执行了“${verb}”`, `did “${verb}” on {target}`];
}

/** The action's name in words (the predicate without its object), for a filter's options. */
export const actionName = (action: string): Bilingual => {
  const [zh, en] = actionWords(action);
  const entity = AUDIT_ENTITIES[entityOfAction(action)] ?? null;
  const fill = (s: string, e: string) => s.replace('{target}', e).replace(/[：:]\s*$/, '').trim();
  return { zh: fill(zh, entity?.[0] ?? ''), en: cap(fill(en, entity?.[1] ?? '')) };
};
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The entity type an action's sentence is about, for naming it without a row (the filter). */
function entityOfAction(action: string): string {
  const head = action.split('.')[0];
  const special: Record<string, string> = {
    login: 'user', password: 'user', token: 'api_token', batch: 'waste_batch', ledger: 'ledger_movement', round: 'collection_round', plan: 'management_plan',
    case: 'enforcement_case', cell: 'cell_application', indicators: 'indicator_plan', indicator: 'indicator_value', statistics: 'statistical_input',
    catalogue: 'catalogue_version', regions: 'regions', geo: 'region_outlines', construction: 'construction_project', bulk_storage: 'bulk_storage_site',
    registers: 'organisation_credential', green: 'green_household', household: 'household_place', exchange: 'exchange_listing', portal: 'portal_article',
    setting: 'setting', credit: 'credit_event',
  };
  const specific: Record<string, string> = {
    'construction.plan_submit': 'construction_plan', 'construction.plan_approve': 'construction_plan', 'construction.plan_return': 'construction_plan',
    'bulk_storage.rectification_open': 'bulk_storage_rectification', 'bulk_storage.rectification_report': 'bulk_storage_rectification',
    'credit.rate': 'credit_rating_run', 'credit.blacklist': 'credit_blacklist', 'credit.blacklist_lift': 'credit_blacklist', 'credit.sweep': 'credit_sweep',
    'credit.repair_request': 'credit_repair', 'credit.repair_approve': 'credit_repair', 'credit.repair_reject': 'credit_repair',
    'exchange.contact': 'exchange_contact', 'exchange.reply': 'exchange_contact', 'exchange.deal': 'exchange_deal',
    'portal.dataset_publish': 'open_dataset', 'portal.dataset_withdraw': 'open_dataset', 'inspection.draw': 'inspection_draw', 'inspection.pool_create': 'inspection_pool',
    'inspection.risk_list': 'inspection_risk_listing', 'cell.checklist': 'cell_checklist', 'survey.bind': 'survey_binding', 'survey.unbind': 'survey_binding',
    'survey.answer': 'survey_response', 'survey.answers_history': 'survey_response', 'green.delivery.record': 'green_delivery', 'green.delivery.grade': 'green_delivery',
    'green.points.redeem': 'green_points', 'household.facility.register': 'household_facility', 'household.route.register': 'household_route',
    'household.vehicle.register': 'household_vehicle', 'registers.park_record': 'industrial_park', 'registers.park_status': 'industrial_park',
    'registers.cell_record': 'zero_waste_cell', 'registers.cell_end': 'zero_waste_cell', 'registers.check_record': 'compliance_check', 'task.notice': 'task_notice',
  };
  return specific[action] ?? special[head] ?? head;
}

/** Field names in words, with the unit a value carries; a field not listed reads as its key, split into words. */
export const AUDIT_FIELDS: Record<string, Words> = {
  name: ['名称', 'name'], status: ['状态', 'status'], creditCode: ['统一社会信用代码', 'credit code'], address: ['地址', 'address'],
  regionCode: ['行政区划', 'region'], contactName: ['联系人', 'contact'], contactPhone: ['联系电话', 'phone'], phone: ['电话', 'phone'],
  legalRepresentative: ['法定代表人', 'legal representative'], capabilities: ['业务类型', 'capabilities'], kind: ['类型', 'kind'],
  rejectionReason: ['驳回理由', 'reason for rejection'], reviewedBy: ['审核人', 'reviewed by'], reviewedAt: ['审核时间', 'reviewed at'],
  username: ['用户名', 'username'], displayName: ['姓名', 'name'], role: ['角色', 'role'], email: ['电子邮箱', 'email'],
  number: ['编号', 'number'], wasteCode: ['废物代码', 'waste code'], wasteName: ['废物名称', 'waste name'], stream: ['废物类别', 'waste stream'],
  quantityT: ['数量', 'quantity'], weightT: ['重量', 'weight'], plannedWeightT: ['计划重量', 'planned weight'], pickupWeightT: ['承运重量', 'pickup weight'],
  receivedWeightT: ['接收重量', 'received weight'], annualCapacityT: ['年处理能力', 'annual capacity'], capacityT: ['能力', 'capacity'],
  stockT: ['存量', 'stock'], amountT: ['数量', 'amount'], plate: ['车牌号', 'plate'], licenceNo: ['许可证编号', 'licence number'], number_: ['编号', 'number'],
  validFrom: ['有效期起', 'valid from'], validTo: ['有效期至', 'valid to'], validUntil: ['有效期至', 'valid until'], note: ['备注', 'note'], comment: ['意见', 'comment'],
  reason: ['理由', 'reason'], ownerUserId: ['负责人', 'owner'], domain: ['承办部门', 'department'], title: ['标题', 'title'], value: ['数值', 'value'],
  treatmentMethod: ['处置方式', 'treatment method'], storageFacility: ['贮存设施', 'storage facility'], scope: ['范围', 'scope'], scopes: ['权限范围', 'scopes'],
  dueOn: ['期限', 'due on'], startsOn: ['开始日期', 'starts on'], endsOn: ['结束日期', 'ends on'], on: ['日期', 'date'], at: ['时间', 'time'],
  createdAt: ['创建时间', 'created at'], updatedAt: ['修改时间', 'changed at'], grade: ['等级', 'grade'], score: ['得分', 'score'], points: ['积分', 'points'],
  receiverOrgId: ['接收单位', 'receiver'], carrierOrgId: ['承运单位', 'carrier'], producerOrgId: ['产生单位', 'producer'], organisationId: ['单位', 'organisation'],
  companyId: ['回收企业', 'company'], data: ['内容', 'contents'], decisionNo: ['决定书文号', 'decision number'], category: ['类别', 'category'],
  asOf: ['起始日期', 'as of'], households: ['户数', 'households'], sortedDeposit: ['分类投放', 'sorted deposit'], sortedCollection: ['分类收集', 'sorted collection'],
  sortedTransport: ['分类运输', 'sorted transport'], sortedTreatment: ['分类处理', 'sorted treatment'], collectionRooms: ['收集房', 'collection rooms'],
  industry: ['行业', 'industry'], greenBuilding: ['绿色建筑', 'green building'],
  greenStar: ['绿色建筑星级', 'green building stars'], prefabricated: ['装配式建筑', 'prefabricated'], revisionId: ['修改申请', 'revision'],
  latitude: ['纬度', 'latitude'], longitude: ['经度', 'longitude'], url: ['地址', 'URL'], events: ['事件', 'events'], year: ['年度', 'year'], period: ['期间', 'period'],
};

/** Words for the status values rows carry most often. */
const VALUE_WORDS: Record<string, Words> = {
  pending: ['待审核', 'pending'], verified: ['已审核', 'verified'], rejected: ['已驳回', 'rejected'], active: ['正常', 'active'], disabled: ['已停用', 'disabled'],
  draft: ['草稿', 'draft'], submitted: ['已提交', 'submitted'], approved: ['已批准', 'approved'], returned: ['已退回', 'returned'], closed: ['已关闭', 'closed'],
  open: ['未处理', 'open'], assigned: ['已指派', 'assigned'], handled: ['已办理', 'handled'], dismissed: ['已排除', 'dismissed'], accepted: ['已受理', 'accepted'],
  in_progress: ['办理中', 'in progress'], resolved: ['已办结', 'resolved'], planned: ['已安排', 'planned'], cancelled: ['已作废', 'cancelled'],
  signed_by_producer: ['待承运人接收', 'awaiting pickup'], partially_refused: ['部分拒收', 'partly refused'],
  in_transit: ['运输中', 'in transit'], received: ['已接收', 'received'], refused: ['已拒收', 'refused'], emitted: ['已移出', 'dispatched'], reported: ['已报告', 'reported'],
  published: ['已发布', 'published'], withdrawn: ['已撤下', 'withdrawn'], ended: ['已注销', 'ended'],
};

const WEIGHT_KEY = /(^|[a-z])(T|Tonnes)$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The manifest fields' names from the streams' rule tables (the first stream naming a field gives its words). */
const MANIFEST_FIELDS = new Map<string, Bilingual>();
for (const d of STREAM_DEFINITIONS) for (const f of d.manifest.fields) if (!MANIFEST_FIELDS.has(f.field)) MANIFEST_FIELDS.set(f.field, { zh: f.label.zh, en: f.label.en });

export function fieldLabel(field: string): Bilingual {
  const own = AUDIT_FIELDS[field];
  if (own) return { zh: own[0], en: own[1] };
  const manifest = MANIFEST_FIELDS.get(field);
  if (manifest) return manifest;
  const words = field.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();
  return { zh: words, en: words };
}

/** A time in Asia/Shanghai, to the minute: "2026-12-07 23:05". */
export const shanghaiMinute = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

const round = (n: number, digits: number) => Number(n.toFixed(digits)).toLocaleString('en-US', { maximumFractionDigits: digits, useGrouping: false });

/** One value in words: tonnes with 吨 (three decimals at most), instants in Asia/Shanghai, yes/no, statuses in words; never JSON. */
export function valueText(field: string, value: unknown, lang: 'zh' | 'en'): string {
  if (value === null || value === undefined || value === '') return lang === 'zh' ? '（空）' : '(empty)';
  if (typeof value === 'boolean') return value ? (lang === 'zh' ? '是' : 'yes') : (lang === 'zh' ? '否' : 'no');
  const numeric = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) && WEIGHT_KEY.test(field) ? Number(value) : null;
  if (numeric !== null) return WEIGHT_KEY.test(field) ? `${round(numeric, 3)} ${lang === 'zh' ? '吨' : 't'}` : round(numeric, 4);
  if (typeof value === 'string') {
    if (INSTANT.test(value)) return shanghaiMinute(value);
    const word = VALUE_WORDS[value];
    if (word && (field === 'status' || field.endsWith('Status'))) return lang === 'zh' ? word[0] : word[1];
    return value.length > 120 ? `${value.slice(0, 117)}…` : value;
  }
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) return value.map((v) => valueText(field, v, lang)).join(lang === 'zh' ? '、' : ', ') || (lang === 'zh' ? '（无）' : '(none)');
    return lang === 'zh' ? `${value.length} 项` : `${value.length} item${value.length === 1 ? '' : 's'}`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== null && v !== undefined && v !== '' && (typeof v !== 'object' || Array.isArray(v)));
  const text = entries.slice(0, 6).map(([k, v]) => `${lang === 'zh' ? fieldLabel(k).zh : fieldLabel(k).en}${lang === 'zh' ? '：' : ': '}${valueText(k, v, lang)}`).join(lang === 'zh' ? '；' : '; ');
  return text + (entries.length > 6 ? ' …' : '') || (lang === 'zh' ? '（无）' : '(none)');
}

export interface AuditChange { field: string; label: Bilingual; before: Bilingual | null; after: Bilingual }

// Bookkeeping columns: who and when are in the row already; ids say nothing to a reader.
const QUIET = new Set(['id', 'createdAt', 'updatedAt', 'version', 'mac', 'hash', 'passwordHash', 'secretHash', 'tokenHash']);
const shown = (field: string, value: unknown) => !QUIET.has(field) && !(typeof value === 'string' && UUID.test(value) && !AUDIT_FIELDS[field]);
const text = (field: string, value: unknown): Bilingual => ({ zh: valueText(field, value, 'zh'), en: valueText(field, value, 'en') });
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The field-level differences of a row: with a before, each field whose value changed (旧值 → 新值);
 * with only an after (a record made), its fields as set, the named ones first, at most `limit`.
 */
export function auditChanges(before: unknown, after: unknown, limit = 12): AuditChange[] {
  if (!isRecord(after)) {
    if (after === null || after === undefined) return [];
    return [{ field: 'value', label: fieldLabel('value'), before: before === null || before === undefined ? null : text('value', before), after: text('value', after) }];
  }
  if (isRecord(before)) {
    return Object.keys(after).filter((k) => !QUIET.has(k) && !same(before[k], after[k]) && (shown(k, before[k]) || shown(k, after[k])))
      .map((k) => ({ field: k, label: fieldLabel(k), before: text(k, before[k]), after: text(k, after[k]) })).slice(0, limit);
  }
  const keys = Object.keys(after).filter((k) => after[k] !== null && after[k] !== undefined && after[k] !== '' && shown(k, after[k]));
  keys.sort((a, b) => Number(!AUDIT_FIELDS[a]) - Number(!AUDIT_FIELDS[b]));
  return keys.slice(0, limit).map((k) => ({ field: k, label: fieldLabel(k), before: null, after: text(k, after[k]) }));
}

export interface AuditSubject { action: string; entityType: string; entityId: string; actorName: string | Bilingual; targetName?: string | null }

/** What a record is called in a sentence: its kind and number or name ("联单 37150120260001"). */
export function targetText(entityType: string, entityId: string, targetName: string | null | undefined): Bilingual {
  const kind = AUDIT_ENTITIES[entityType] ?? [entityType.replace(/_/g, ' '), entityType.replace(/_/g, ' ')];
  const id = targetName?.trim() || (UUID.test(entityId) ? entityId.slice(0, 8) : entityId);
  return { zh: id ? `${kind[0]} ${id} ` : kind[0], en: id ? `${kind[1]} ${id}` : kind[1] };
}

/** The row as one sentence in each language: "张三 签署了联单 3715… 的承运人接收". */
export function auditSummary(row: AuditSubject): Bilingual {
  const [zh, en] = actionWords(row.action);
  const target = targetText(row.entityType, row.entityId, row.targetName);
  const tidy = (s: string) => s.replace(/\s+/g, ' ').replace(/ ([的，。：、）])/g, '$1').trim();
  const actor = typeof row.actorName === 'string' ? { zh: row.actorName, en: row.actorName } : row.actorName;
  return { zh: tidy(`${actor.zh} ${zh.replace('{target}', target.zh)}`), en: tidy(`${actor.en} ${en.replace('{target}', target.en)}`) };
}

/** Every action with its own sentence, grouped by area: the console's action filter. */
export function actionOptions(): { area: string; label: Bilingual; actions: { value: string; label: Bilingual }[] }[] {
  const groups = new Map<string, { value: string; label: Bilingual }[]>();
  for (const action of Object.keys(AUDIT_ACTIONS)) {
    const area = auditArea(action);
    groups.set(area, [...(groups.get(area) ?? []), { value: action, label: actionName(action) }]);
  }
  return [...groups].map(([area, actions]) => ({ area, label: { zh: (AUDIT_AREAS[area] ?? AUDIT_AREAS.other)[0], en: (AUDIT_AREAS[area] ?? AUDIT_AREAS.other)[1] }, actions }))
    .sort((a, b) => a.label.zh.localeCompare(b.label.zh, 'zh-CN'));
}
