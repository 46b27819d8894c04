import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { Alert, Anchor, Card, Descriptions, Empty, Space, Table, Tag, Typography } from 'antd';
import { ApiError, get } from '../api';
import { shanghai, tonnes, useI18n, useLabel } from '../i18n';
import { useSession } from '../session';
import { MANIFEST_STATUS } from './Manifests';
import { statusColour } from './Organisations';
import { BAND_COLOURS, ReasonTag } from './Supervision';
import { AGE_BANDS, type AgeBand, type KeyUnitReason } from '../../domain/supervision';

interface Label { zh: string; en: string }
interface History {
  organisation: {
    id: string; name: string; kind: string; creditCode: string; regionCode: string; regionName: string; capabilities: string[]; industry: string | null; address: string;
    contactName: string; contactPhone: string; status: string; createdAt: string; longitude: number | null; latitude: number | null;
  };
  access: { waste: 'all' | 'medical' | 'none'; audit: boolean; own: boolean };
  keyUnit: { listed: boolean; reasons: { reason: KeyUnitReason; detail: Record<string, unknown> }[] } | null;
  licences: { id: string; number: string; validFrom: string; validTo: string; wasteCodes: string[]; annualCapacityT: number; active: boolean }[];
  vehicles: { id: string; plate: string; vehicleType: string; loadT: number; dgPermitNo: string | null; active: boolean }[];
  plans: { id: string; year: number; status: string; managementClass: string; expectedT: number; submittedAt: string | null; reviewedAt: string | null }[];
  declarations: { id: string; stream: string; periodType: string; period: string; version: number; submittedAt: string }[];
  manifests: {
    total: number; byStatus: { status: string; count: number; weightT: number }[];
    latest: { id: string; number: string; status: string; wasteCode: string; wasteName: string | null; declaredWeightT: number; receivedWeightT: number | null; plannedDate: string; role: string; producerName: string; receiverName: string }[];
  };
  ledger: { year: number; wasteCode: string; byKind: Record<string, number> }[];
  inStore: { totalT: number; byCode: { wasteCode: string; heldT: number; batches: number; oldestDays: number }[]; batches: { id: string; batchNo: string; wasteCode: string; generatedAt: string; heldT: number; ageDays: number; band: AgeBand }[] };
  alarms: { rules: { key: string; label: Label; severity: string }[]; counts: { rule: string; status: string; count: number }[]; latest: { id: string; rule: string; severity: string; status: string; title: string; titleEn: string; raisedAt: string }[] };
  audit: { id: number; at: string; actorLabel: string; action: string; entityType: string; entityId: string }[] | null;
}

const CLASS: Record<string, [string, string]> = { key: ['重点监管', 'Key supervision'], simplified: ['简化管理', 'Simplified'], registered: ['登记管理', 'Registration'] };
const PLAN_STATUS: Record<string, [string, string, string]> = { draft: ['草稿', 'Draft', 'default'], submitted: ['已提交', 'Submitted', 'blue'], approved: ['已备案', 'Approved', 'green'], returned: ['已退回', 'Returned', 'orange'] };
const PERIOD: Record<string, [string, string]> = { month: ['月报', 'Monthly'], quarter: ['季报', 'Quarterly'], year: ['年报', 'Yearly'] };
const ROLE: Record<string, [string, string]> = { producer: ['移出', 'Sent'], receiver: ['接受', 'Received'], transporter: ['承运', 'Carried'] };
const LEDGER_KINDS: [string, string, string][] = [
  ['generate', '产生', 'Generated'], ['store_in', '入库', 'Stored'], ['store_out', '出库', 'Out of store'], ['self_utilise', '自行利用', 'Own use'],
  ['self_dispose', '自行处置', 'Own disposal'], ['transfer_out', '委外转移', 'Transferred'], ['receive', '接收', 'Received'], ['correction', '更正', 'Corrections'],
];
const ALARM_STATUS: Record<string, [string, string, string]> = { open: ['待处理', 'Open', 'red'], assigned: ['已指派', 'Assigned', 'orange'], handled: ['已处置', 'Handled', 'blue'], verified: ['已核销', 'Verified', 'green'], dismissed: ['已撤销', 'Dismissed', 'default'] };
const SEVERITY: Record<string, [string, string, string]> = { high: ['高', 'High', 'red'], medium: ['中', 'Medium', 'orange'], low: ['低', 'Low', 'default'] };

function Section({ id, title, extra, children }: { id: string; title: string; extra?: ReactNode; children: ReactNode }) {
  return <Card id={id} title={title} extra={extra} size="small" data-testid={`history-${id}`}>{children}</Card>;
}

/** 企业档案: one enterprise on one page, for the officials of its area and for the enterprise itself. */
export default function EnterpriseHistoryPage() {
  const { id } = useParams();
  const { L, M, lang } = useI18n();
  const label = useLabel();
  const { enums } = useSession();
  const query = useQuery({ queryKey: ['organisation-history', id], queryFn: () => get<History>(`/api/organisations/${id}/history`) });
  if (query.error) return <Alert type="error" showIcon message={query.error instanceof ApiError ? M(query.error.text) : String(query.error)} data-testid="history-error" />;
  const h = query.data;
  if (!h) return <Card loading />;
  const o = h.organisation;
  const pair = (map: Record<string, [string, string, ...string[]]>, key: string) => (map[key] ? L(map[key][0], map[key][1]) : key);
  const ruleLabel = (key: string) => { const r = h.alarms.rules.find((x) => x.key === key); return r ? L(r.label.zh, r.label.en) : key; };
  const ledgerKinds = LEDGER_KINDS.filter(([k]) => h.ledger.some((l) => l.byKind[k]));
  const alarmRules = [...new Set(h.alarms.counts.map((c) => c.rule))];
  const sections = [
    ['profile', L('基本信息', 'Profile')], ['licences', L('许可与车辆', 'Licences and vehicles')], ['plans', L('计划与申报', 'Plans and declarations')], ['manifests', L('转移联单', 'Manifests')],
    ['ledger', L('台账', 'Ledger')], ['store', L('当前贮存', 'In store')], ['alarms', L('预警', 'Alarms')], ...(h.audit ? [['audit', L('审计记录', 'Audit')]] : []),
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space wrap align="center">
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="history-name">{o.name}</Typography.Title>
            <Tag color={statusColour[o.status]}>{label(enums?.orgStatuses, o.status)}</Tag>
            {h.keyUnit?.listed && <Tag color="red" data-testid="history-key-unit">{L('重点监管单位', 'Key-supervision unit')}</Tag>}
            {h.keyUnit?.reasons.map((r) => <ReasonTag key={r.reason} r={r} />)}
            {!h.access.own && <Link to={`/organisations/${o.id}`}>{L('单位详情', 'Details')}</Link>}
          </Space>
          {h.access.waste === 'medical' && <Alert type="info" showIcon message={L('按职责仅显示医疗废物（HW01）的联单、台账、贮存和预警。', 'Manifests, ledger, store and alarms show medical waste (HW01) only, as your department regulates.')} />}
          {h.access.waste === 'none' && <Alert type="info" showIcon message={L('贵部门不负责危险废物监管：仅显示基本信息、许可、计划与申报。', 'Your department does not regulate hazardous waste: profile, licences, plans and declarations only.')} />}
          <Anchor direction="horizontal" items={sections.map(([key, title]) => ({ key, href: `#${key}`, title }))} />
        </Space>
      </Card>

      <Section id="profile" title={L('基本信息', 'Profile')}>
        <Descriptions column={{ xs: 1, md: 3 }} size="small">
          <Descriptions.Item label={L('统一社会信用代码', 'Credit code')}>{o.creditCode}</Descriptions.Item>
          <Descriptions.Item label={L('所在区划', 'Region')}>{o.regionName}（{o.regionCode}）</Descriptions.Item>
          <Descriptions.Item label={L('行业', 'Industry')}>{o.industry}</Descriptions.Item>
          <Descriptions.Item label={L('类别', 'Capabilities')}>{o.capabilities.map((c) => <Tag key={c}>{label(enums?.capabilities, c)}</Tag>)}</Descriptions.Item>
          <Descriptions.Item label={L('地址', 'Address')}>{o.address}</Descriptions.Item>
          <Descriptions.Item label={L('坐标', 'Coordinates')}>{o.longitude !== null ? `${o.longitude}, ${o.latitude}` : ''}</Descriptions.Item>
          <Descriptions.Item label={L('联系人', 'Contact')}>{o.contactName} {o.contactPhone}</Descriptions.Item>
          <Descriptions.Item label={L('登记时间', 'Registered')}>{shanghai(o.createdAt)}</Descriptions.Item>
        </Descriptions>
      </Section>

      <Section id="licences" title={L('许可与车辆', 'Licences and vehicles')}>
        {h.licences.length === 0 && h.vehicles.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={L('无经营许可证和车辆', 'No licences or vehicles')} />}
        {h.licences.length > 0 && <Table rowKey="id" size="small" pagination={false} dataSource={h.licences} scroll={{ x: 'max-content' }} columns={[
          { title: L('许可证编号', 'Number'), dataIndex: 'number' },
          { title: L('有效期', 'Valid'), key: 'v', render: (_v, l) => `${l.validFrom} ~ ${l.validTo}` },
          { title: L('许可代码', 'Codes'), dataIndex: 'wasteCodes', render: (c: string[]) => c.map((x) => <Tag key={x}>{x}</Tag>) },
          { title: L('年许可能力', 'Annual capacity'), dataIndex: 'annualCapacityT', render: (t: number) => tonnes(t, lang) },
          { title: L('状态', 'State'), dataIndex: 'active', render: (a: boolean) => (a ? <Tag color="green">{L('有效', 'Active')}</Tag> : <Tag>{L('停用', 'Inactive')}</Tag>) },
        ]} />}
        {h.vehicles.length > 0 && <Table rowKey="id" size="small" pagination={false} dataSource={h.vehicles} style={{ marginTop: 8 }} columns={[
          { title: L('车牌', 'Plate'), dataIndex: 'plate' }, { title: L('车型', 'Type'), dataIndex: 'vehicleType' },
          { title: L('核定载质量', 'Load'), dataIndex: 'loadT', render: (t: number) => tonnes(t, lang) }, { title: L('危货运输许可', 'DG permit'), dataIndex: 'dgPermitNo' },
        ]} />}
      </Section>

      <Section id="plans" title={L('管理计划与申报', 'Plans and declarations')}>
        <Table rowKey="id" size="small" pagination={false} dataSource={h.plans} locale={{ emptyText: L('未填报管理计划', 'No management plan') }} columns={[
          { title: L('年度', 'Year'), dataIndex: 'year' },
          { title: L('管理类别', 'Class'), dataIndex: 'managementClass', render: (c: string) => <Tag color={c === 'key' ? 'purple' : undefined}>{pair(CLASS, c)}</Tag> },
          { title: L('预计产生量', 'Expected'), dataIndex: 'expectedT', render: (t: number) => tonnes(t, lang) },
          { title: L('状态', 'Status'), dataIndex: 'status', render: (s: string) => <Tag color={PLAN_STATUS[s]?.[2]}>{pair(PLAN_STATUS, s)}</Tag> },
          { title: L('提交时间', 'Submitted'), dataIndex: 'submittedAt', render: (d: string | null) => shanghai(d) },
          { title: L('审核时间', 'Reviewed'), dataIndex: 'reviewedAt', render: (d: string | null) => shanghai(d) },
        ]} />
        <Table rowKey="id" size="small" pagination={false} dataSource={h.declarations} style={{ marginTop: 8 }} locale={{ emptyText: L('暂无申报', 'No declarations') }} columns={[
          { title: L('申报期', 'Period'), key: 'p', render: (_v, d) => `${d.period} ${pair(PERIOD, d.periodType)}` },
          { title: L('版本', 'Version'), dataIndex: 'version' },
          { title: L('提交时间', 'Submitted'), dataIndex: 'submittedAt', render: (d: string) => shanghai(d) },
        ]} />
      </Section>

      <Section id="manifests" title={L(`转移联单（共 ${h.manifests.total} 张）`, `Manifests (${h.manifests.total})`)}>
        <Space wrap style={{ marginBottom: 8 }} data-testid="history-manifest-counts">
          {h.manifests.byStatus.map((s) => <Tag key={s.status} color={MANIFEST_STATUS[s.status]?.[2]}>{pair(MANIFEST_STATUS, s.status)} {s.count}（{tonnes(s.weightT, lang)}）</Tag>)}
        </Space>
        <Table rowKey="id" size="small" pagination={false} dataSource={h.manifests.latest} scroll={{ x: 'max-content' }} locale={{ emptyText: L('暂无联单', 'No manifests') }} columns={[
          { title: L('联单编号', 'Number'), dataIndex: 'number', render: (n: string, m) => <Link to={`/manifests/${m.id}`} data-testid="history-manifest-link">{n}</Link> },
          { title: L('角色', 'Role'), dataIndex: 'role', render: (r: string) => pair(ROLE, r) },
          { title: L('状态', 'Status'), dataIndex: 'status', render: (s: string) => <Tag color={MANIFEST_STATUS[s]?.[2]}>{pair(MANIFEST_STATUS, s)}</Tag> },
          { title: L('废物', 'Waste'), key: 'w', render: (_v, m) => `${m.wasteCode} ${m.wasteName ?? ''}` },
          { title: L('转移量', 'Weight'), dataIndex: 'declaredWeightT', render: (t: number) => tonnes(t, lang) },
          { title: L('移出人', 'Producer'), dataIndex: 'producerName' },
          { title: L('接受人', 'Receiver'), dataIndex: 'receiverName' },
          { title: L('计划日期', 'Planned'), dataIndex: 'plannedDate' },
        ]} />
        {h.manifests.total > h.manifests.latest.length && <Typography.Text type="secondary">{L(`显示最近 ${h.manifests.latest.length} 张，全部联单见“转移联单”页面。`, `The latest ${h.manifests.latest.length} are shown; all are on the manifests page.`)}</Typography.Text>}
      </Section>

      <Section id="ledger" title={L('台账年度汇总（吨）', 'Ledger by year (t)')}>
        <Table rowKey={(l) => `${l.year}:${l.wasteCode}`} size="small" pagination={false} dataSource={h.ledger} scroll={{ x: 'max-content' }} locale={{ emptyText: L('暂无台账记录', 'No ledger entries') }} columns={[
          { title: L('年度', 'Year'), dataIndex: 'year' },
          { title: L('废物代码', 'Waste code'), dataIndex: 'wasteCode' },
          ...ledgerKinds.map(([k, zh, en]) => ({ title: L(zh, en), key: k, render: (_v: unknown, l: History['ledger'][number]) => l.byKind[k] ?? '' })),
        ]} />
      </Section>

      <Section id="store" title={L(`当前贮存（${tonnes(h.inStore.totalT, 'zh')}）`, `In store now (${tonnes(h.inStore.totalT, 'en')})`)}>
        <Table rowKey="id" size="small" dataSource={h.inStore.batches} pagination={{ pageSize: 10, hideOnSinglePage: true }} scroll={{ x: 'max-content' }} locale={{ emptyText: L('无库存', 'Nothing in store') }} columns={[
          { title: L('批次编码', 'Batch'), dataIndex: 'batchNo' },
          { title: L('废物代码', 'Waste code'), dataIndex: 'wasteCode' },
          { title: L('库存', 'Held'), dataIndex: 'heldT', render: (t: number) => tonnes(t, lang) },
          { title: L('产生时间', 'Generated'), dataIndex: 'generatedAt', render: (d: string) => shanghai(d) },
          { title: L('已贮存', 'Held for'), dataIndex: 'ageDays', render: (d: number) => L(`${d} 天`, `${d} d`) },
          { title: L('状态', 'Band'), dataIndex: 'band', render: (b: AgeBand) => <Tag color={BAND_COLOURS[b]}>{L(AGE_BANDS[b].zh, AGE_BANDS[b].en)}</Tag> },
        ]} />
      </Section>

      <Section id="alarms" title={L('预警', 'Alarms')}>
        {alarmRules.length > 0 && <Table rowKey="rule" size="small" pagination={false} dataSource={alarmRules.map((rule) => ({ rule }))} columns={[
          { title: L('规则', 'Rule'), dataIndex: 'rule', render: (r: string) => ruleLabel(r) },
          ...Object.keys(ALARM_STATUS).map((s) => ({ title: pair(ALARM_STATUS, s), key: s, render: (_v: unknown, row: { rule: string }) => h.alarms.counts.find((c) => c.rule === row.rule && c.status === s)?.count ?? '' })),
        ]} />}
        <Table rowKey="id" size="small" pagination={false} dataSource={h.alarms.latest} style={{ marginTop: 8 }} locale={{ emptyText: L('无预警', 'No alarms') }} columns={[
          { title: L('预警时间', 'Raised'), dataIndex: 'raisedAt', render: (d: string) => shanghai(d) },
          { title: L('等级', 'Severity'), dataIndex: 'severity', render: (s: string) => <Tag color={SEVERITY[s]?.[2]}>{pair(SEVERITY, s)}</Tag> },
          { title: L('规则', 'Rule'), dataIndex: 'rule', render: (r: string) => ruleLabel(r) },
          { title: L('内容', 'Alarm'), key: 't', render: (_v, a) => L(a.title, a.titleEn) },
          { title: L('状态', 'Status'), dataIndex: 'status', render: (s: string) => <Tag color={ALARM_STATUS[s]?.[2]}>{pair(ALARM_STATUS, s)}</Tag> },
        ]} />
      </Section>

      {h.audit && <Section id="audit" title={L('审计记录（最近）', 'Audit trail (latest)')}>
        <Table rowKey="id" size="small" pagination={false} dataSource={h.audit} scroll={{ x: 'max-content' }} columns={[
          { title: L('时间', 'Time'), dataIndex: 'at', render: (d: string) => shanghai(d) },
          { title: L('操作人', 'By'), dataIndex: 'actorLabel' },
          { title: L('操作', 'Action'), dataIndex: 'action' },
          { title: L('对象', 'Record'), key: 'e', render: (_v, a) => `${a.entityType} ${a.entityId}` },
        ]} />
      </Section>}
    </Space>
  );
}
