import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Form, Row, Select, Space, Statistic, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { ServerTable } from '../components/ServerTable';
import { VectorMap, type MapPoint } from '../components/VectorMap';
import { Chart } from '../components/Chart';
import { ApiError, get, qs, type Page } from '../api';
import { shanghai, tonnes, useI18n, useLabel } from '../i18n';
import { useSession } from '../session';
import { shanghaiYear } from '../../domain/labels';
import { AGE_BANDS, CAPACITY_STATUSES, KEY_UNIT_REASONS, TIGHT_SHARE, type AgeBand, type CapacityStatus, type KeyUnitReason } from '../../domain/supervision';

interface Reason { reason: KeyUnitReason; detail: Record<string, unknown> }
interface KeyUnit { id: string; name: string; creditCode: string; regionCode: string; regionName: string | null; capabilities: string[]; industry: string | null; reasons: Reason[] }
interface StoreRow { organisationId: string; organisationName: string; regionName: string | null; wasteCode: string; heldT: number; batches: number; oldestAt: string; ageDays: number; ageHours: number; band: AgeBand }
interface BandTotal { band: AgeBand; heldT: number; batches: number; organisations: number }
interface CapacityRow {
  category: string; categoryName: string; generatedT: number; plannedT: number; demandT: number; receivedT: number; capacityT: number; gapT: number; share: number | null; status: CapacityStatus;
  receivers: { organisationId: string; name: string; licenceNo: string; capacityT: number }[];
}
interface Facility { id: string; name: string; kind: string; longitude: number; latitude: number; heldT: number | null; oldestDays: number | null; overdueBatches: number; licensedCapacityT: number | null; licensedCodes: string[] }

export const BAND_COLOURS: Record<AgeBand, string> = { recent: 'green', long: 'orange', overdue: 'red' };
export const CAPACITY_COLOURS: Record<CapacityStatus, string> = { sufficient: 'green', tight: 'orange', insufficient: 'red' };
export const REASON_COLOURS: Record<KeyUnitReason, string> = { key_class: 'purple', licensed: 'blue', high_alarm: 'red', frequent_alarms: 'volcano', refused_manifest: 'magenta', overdue_store: 'orange' };
const historyPath = (id: string) => `/organisations/${id}/history`;

/** One reason of the key-supervision list, with what lies behind it on hover. */
export function ReasonTag({ r }: { r: Reason }) {
  const { L, lang } = useI18n();
  const d = r.detail;
  const label = KEY_UNIT_REASONS[r.reason];
  const detail: Record<KeyUnitReason, () => string> = {
    key_class: () => L(`${d.year} 年管理计划，预计产生 ${d.expectedT} 吨`, `${d.year} plan, ${d.expectedT} t expected`),
    licensed: () => `${(d.licences as string[] | undefined)?.join('、') ?? ''} ${tonnes(Number(d.capacityT), lang)}${L('/年', '/yr')}`,
    high_alarm: () => L(`${d.count} 次`, `${d.count} times`),
    frequent_alarms: () => L(`${d.count} 次`, `${d.count} times`),
    refused_manifest: () => `${L(`${d.count} 张`, `${d.count}`)}：${(d.numbers as string[] | undefined)?.join('、') ?? ''}`,
    overdue_store: () => L(`${d.batches} 批，${d.heldT} 吨`, `${d.batches} batches, ${d.heldT} t`),
  };
  return <Tooltip title={detail[r.reason]?.()}><Tag color={REASON_COLOURS[r.reason]} data-reason={r.reason}>{label ? L(label.zh, label.en) : r.reason}</Tag></Tooltip>;
}

/** 监管视图: the key-supervision list, waste in store, capacity matching and the facility map of the official's area. */
export default function SupervisionPage() {
  const { L } = useI18n();
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const [regionCode, setRegionCode] = useState<string | undefined>();
  const tab = params.get('tab') ?? 'key-units';
  const towns = useQuery({
    queryKey: ['regions', me?.region.code], enabled: !!me,
    queryFn: () => get<{ items: { code: string; name: string }[] }>(`/api/regions${qs({ parent: me!.region.code })}`),
  });
  return (
    <Card title={L('监管视图', 'Supervision')} extra={<Space>
      <Typography.Text type="secondary">{me?.region.name}</Typography.Text>
      <Select allowClear showSearch optionFilterProp="label" placeholder={L('全部乡镇（街道）', 'All towns')} style={{ width: 200 }} value={regionCode} onChange={setRegionCode} data-testid="supervision-town"
        options={(towns.data?.items ?? []).map((r) => ({ value: r.code, label: r.name }))} />
    </Space>}>
      <Tabs activeKey={tab} onChange={(key) => setParams({ tab: key })} destroyOnHidden items={[
        { key: 'key-units', label: <span data-testid="tab-key-units">{L('重点监管单位', 'Key units')}</span>, children: <KeyUnits regionCode={regionCode} /> },
        { key: 'store', label: <span data-testid="tab-store">{L('贮存情况', 'In store')}</span>, children: <StoreView regionCode={regionCode} /> },
        { key: 'capacity', label: <span data-testid="tab-capacity">{L('产能匹配', 'Capacity')}</span>, children: <CapacityView regionCode={regionCode} /> },
        { key: 'map', label: <span data-testid="tab-map">{L('设施地图', 'Map')}</span>, children: <FacilityMap regionCode={regionCode} /> },
      ]} />
    </Card>
  );
}

function KeyUnits({ regionCode }: { regionCode?: string }) {
  const { L } = useI18n();
  const label = useLabel();
  const { enums } = useSession();
  return (
    <>
      <Typography.Paragraph type="secondary">
        {L('名录按现有记录实时生成：最近一次备案的管理计划为重点监管类、持有有效经营许可证、近12个月有高等级预警或多次预警、有被拒收的联单、有超期贮存的废物，均列入并注明原因。',
          'Computed from the records as they stand: a key-class approved plan, a valid operating licence, high or repeated alarms or refused manifests in the last 12 months, or waste past its storage limit.')}
      </Typography.Paragraph>
      <ServerTable<KeyUnit> queryKey="supervision-key-units" url="/api/supervision/key-units" exportUrl="/api/supervision/key-units/export.xlsx" rowKey="id" fixedFilters={{ regionCode }}
        filters={<Form.Item name="reason"><Select allowClear placeholder={L('列入原因', 'Reason')} style={{ width: 220 }} data-testid="key-unit-reason"
          options={(Object.entries(KEY_UNIT_REASONS) as [KeyUnitReason, { zh: string; en: string }][]).map(([value, r]) => ({ value, label: L(r.zh, r.en) }))} /></Form.Item>}
        columns={[
          { title: L('单位名称', 'Name'), dataIndex: 'name', render: (name: string, u) => <Link to={historyPath(u.id)} data-testid="key-unit-link">{name}</Link> },
          { title: L('区划', 'Region'), dataIndex: 'regionName' },
          { title: L('行业', 'Industry'), dataIndex: 'industry' },
          { title: L('类别', 'Capabilities'), dataIndex: 'capabilities', render: (c: string[]) => c.map((x) => <Tag key={x}>{label(enums?.capabilities, x)}</Tag>) },
          { title: L('列入原因', 'Reasons'), dataIndex: 'reasons', render: (rs: Reason[]) => <span data-testid="key-unit-reasons">{rs.map((r) => <ReasonTag key={r.reason} r={r} />)}</span> },
        ]} />
    </>
  );
}

function StoreView({ regionCode }: { regionCode?: string }) {
  const { L, M, lang } = useI18n();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [band, setBand] = useState<AgeBand | undefined>();
  const [sort, setSort] = useState<'age_desc' | 'age_asc' | 'tonnes_desc'>('age_desc');
  const query = useQuery({
    queryKey: ['supervision-store', regionCode, band, sort, page, pageSize],
    queryFn: () => get<Page<StoreRow> & { totals: BandTotal[]; medicalLimitHours: number }>(`/api/supervision/store${qs({ regionCode, band, sort, page, pageSize })}`),
  });
  const bandLabel = (b: AgeBand, medical = false) => (medical && b !== 'overdue' ? L(`${query.data?.medicalLimitHours ?? 48}小时以内`, `Within ${query.data?.medicalLimitHours ?? 48} h`) : L(AGE_BANDS[b].zh, AGE_BANDS[b].en));
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {query.error && <Alert type="error" showIcon message={query.error instanceof ApiError ? M(query.error.text) : String(query.error)} />}
      <Row gutter={12}>
        {(query.data?.totals ?? []).map((t) => (
          <Col xs={24} md={8} key={t.band}>
            <Card size="small" hoverable onClick={() => { setPage(1); setBand(band === t.band ? undefined : t.band); }} style={{ borderColor: band === t.band ? '#1f7a4d' : undefined }} data-testid={`store-band-${t.band}`}>
              <Statistic title={<Tag color={BAND_COLOURS[t.band]}>{bandLabel(t.band)}</Tag>} value={t.heldT} suffix={L('吨', 't')} />
              <Typography.Text type="secondary">{L(`${t.batches} 个批次，${t.organisations} 家单位`, `${t.batches} batches at ${t.organisations} organisations`)}</Typography.Text>
            </Card>
          </Col>
        ))}
      </Row>
      <Typography.Text type="secondary">
        {L(`危险废物贮存不超过一年（固废法第八十一条）；医疗废物暂时贮存不超过 ${query.data?.medicalLimitHours ?? 48} 小时（本地区设置）。`,
          `Hazardous waste may be stored for a year; medical waste for ${query.data?.medicalLimitHours ?? 48} hours (this area's setting).`)}
        {band && <> <Tag closable onClose={() => setBand(undefined)}>{bandLabel(band)}</Tag></>}
      </Typography.Text>
      <Table<StoreRow> rowKey={(r) => `${r.organisationId}:${r.wasteCode}`} size="middle" loading={query.isLoading} dataSource={query.data?.items ?? []} scroll={{ x: 'max-content' }} data-testid="store-table"
        onChange={(_p, _f, sorter) => {
          const s = Array.isArray(sorter) ? sorter[0] : sorter;
          setPage(1);
          setSort(s?.columnKey === 'heldT' && s.order ? 'tonnes_desc' : s?.columnKey === 'age' && s.order === 'ascend' ? 'age_asc' : 'age_desc');
        }}
        pagination={{ current: page, pageSize, total: query.data?.total ?? 0, showSizeChanger: true, showTotal: (n) => L(`共 ${n} 条`, `${n} in all`), onChange: (p, s) => { setPage(p); setPageSize(s); } }}
        columns={[
          { title: L('单位', 'Organisation'), dataIndex: 'organisationName', render: (name: string, r) => <Link to={historyPath(r.organisationId)}>{name}</Link> },
          { title: L('区划', 'Region'), dataIndex: 'regionName' },
          { title: L('废物代码', 'Waste code'), dataIndex: 'wasteCode' },
          { title: L('库存', 'Held'), dataIndex: 'heldT', key: 'heldT', sorter: true, sortDirections: ['descend'], sortOrder: sort === 'tonnes_desc' ? 'descend' : null, render: (t: number) => tonnes(t, lang) },
          { title: L('批次', 'Batches'), dataIndex: 'batches' },
          { title: L('最早批次产生于', 'Oldest generated'), dataIndex: 'oldestAt', render: (d: string) => shanghai(d) },
          { title: L('已贮存', 'Held for'), key: 'age', sorter: true, sortDirections: ['descend', 'ascend'], sortOrder: sort === 'age_desc' ? 'descend' : sort === 'age_asc' ? 'ascend' : null,
            render: (_v, r) => (r.wasteCode.startsWith('841-') ? L(`${r.ageHours} 小时`, `${r.ageHours} h`) : L(`${r.ageDays} 天`, `${r.ageDays} d`)) },
          { title: L('状态', 'Band'), dataIndex: 'band', render: (b: AgeBand, r) => <Tag color={BAND_COLOURS[b]}>{bandLabel(b, r.wasteCode.startsWith('841-'))}</Tag> },
        ]} />
    </Space>
  );
}

function CapacityView({ regionCode }: { regionCode?: string }) {
  const { L, M, lang } = useI18n();
  const [year, setYear] = useState(shanghaiYear());
  const query = useQuery({ queryKey: ['supervision-capacity', regionCode, year], queryFn: () => get<{ rows: CapacityRow[] }>(`/api/supervision/capacity${qs({ regionCode, year })}`) });
  const rows = query.data?.rows ?? [];
  const option = useMemo(() => ({
    tooltip: { trigger: 'axis' },
    legend: { top: 0, right: 0, data: [L('需求量', 'Demand'), L('许可能力', 'Licensed capacity')] },
    grid: { left: 70, right: 16, top: 36, bottom: 30 },
    xAxis: { type: 'category', data: rows.map((r) => r.category) },
    yAxis: { type: 'value', name: L('吨', 't') },
    series: [
      { name: L('需求量', 'Demand'), type: 'bar', data: rows.map((r) => ({ value: r.demandT, itemStyle: { color: r.status === 'insufficient' ? '#f5222d' : r.status === 'tight' ? '#fa8c16' : '#1677ff' } })) },
      { name: L('许可能力', 'Licensed capacity'), type: 'bar', data: rows.map((r) => r.capacityT), itemStyle: { color: '#1f7a4d' } },
    ],
  }), [rows, L]);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select value={year} onChange={setYear} options={[0, 1, 2, 3].map((i) => shanghaiYear() - i).map((y) => ({ value: y, label: `${y}${L('年', '')}` }))} data-testid="capacity-year" />
        <Typography.Text type="secondary">
          {L(`需求量取台账本年产生量与管理计划预计产生量的较大者；许可能力为本辖区利用处置单位有效许可证的年经营规模（收集单位不计）。超过 ${TIGHT_SHARE * 100}% 为偏紧，超过 100% 为不足。`,
            `Demand is the larger of this year's ledger generation and the plans' expected amounts; capacity is the yearly licensed amount of the area's receivers (collectors not counted). Above ${TIGHT_SHARE * 100} % is tight, above 100 % insufficient.`)}
        </Typography.Text>
      </Space>
      {query.error && <Alert type="error" showIcon message={query.error instanceof ApiError ? M(query.error.text) : String(query.error)} />}
      {rows.length > 0 && <Chart option={option} height={260} testId="capacity-chart" />}
      <Table<CapacityRow> rowKey="category" size="middle" loading={query.isLoading} dataSource={rows} pagination={false} scroll={{ x: 'max-content' }} data-testid="capacity-table"
        expandable={{ rowExpandable: (r) => r.receivers.length > 0, expandedRowRender: (r) => r.receivers.map((x) => <div key={x.licenceNo}><Link to={historyPath(x.organisationId)}>{x.name}</Link> {x.licenceNo} {tonnes(x.capacityT, lang)}{L('/年', '/yr')}</div>) }}
        columns={[
          { title: L('类别', 'Category'), dataIndex: 'category', render: (c: string, r) => `${c} ${r.categoryName}` },
          { title: L('台账产生量', 'Generated (ledger)'), dataIndex: 'generatedT', render: (t: number) => tonnes(t, lang) },
          { title: L('计划产生量', 'Planned'), dataIndex: 'plannedT', render: (t: number) => tonnes(t, lang) },
          { title: L('许可能力', 'Licensed capacity'), dataIndex: 'capacityT', render: (t: number) => tonnes(t, lang) },
          { title: L('本年已接收', 'Received this year'), dataIndex: 'receivedT', render: (t: number) => tonnes(t, lang) },
          { title: L('富余（缺口）', 'Margin (gap)'), dataIndex: 'gapT', render: (t: number) => <span style={{ color: t < 0 ? '#cf1322' : undefined }}>{tonnes(t, lang)}</span> },
          { title: L('负荷率', 'Load'), dataIndex: 'share', render: (s: number | null) => (s === null ? '—' : `${(s * 100).toFixed(1)}%`) },
          { title: L('匹配情况', 'Status'), dataIndex: 'status', render: (s: CapacityStatus, r) => <Tag color={CAPACITY_COLOURS[s]} data-testid={`capacity-status-${r.category}`}>{L(CAPACITY_STATUSES[s].zh, CAPACITY_STATUSES[s].en)}</Tag> },
        ]} />
    </Space>
  );
}

const KIND_LABELS: Record<string, [string, string]> = { producer: ['产废单位', 'Producer'], store: ['有贮存', 'Holding waste'], receiver: ['利用处置单位', 'Receiver'], collector: ['收集单位', 'Collector'] };

function FacilityMap({ regionCode }: { regionCode?: string }) {
  const { L, M, lang } = useI18n();
  const navigate = useNavigate();
  const query = useQuery({
    queryKey: ['supervision-map', regionCode],
    queryFn: () => get<{ points: Facility[]; counts: Record<string, number>; withoutCoordinates: { id: string; name: string; kind: string }[]; truncated: boolean }>(`/api/supervision/map${qs({ regionCode })}`),
  });
  const points: MapPoint[] = useMemo(() => (query.data?.points ?? []).map((f) => ({
    id: f.id, longitude: f.longitude, latitude: f.latitude, label: f.name, kind: f.kind,
    detail: [
      L(KIND_LABELS[f.kind]?.[0] ?? f.kind, KIND_LABELS[f.kind]?.[1] ?? f.kind),
      f.heldT !== null ? L(`贮存 ${tonnes(f.heldT, lang)}，最长 ${f.oldestDays} 天${f.overdueBatches ? `，${f.overdueBatches} 批超期` : ''}`, `Holds ${tonnes(f.heldT, lang)}, oldest ${f.oldestDays} d${f.overdueBatches ? `, ${f.overdueBatches} overdue` : ''}`) : '',
      f.licensedCapacityT !== null ? L(`许可 ${tonnes(f.licensedCapacityT, lang)}/年：${f.licensedCodes.slice(0, 6).join('、')}${f.licensedCodes.length > 6 ? '…' : ''}`, `Licensed ${tonnes(f.licensedCapacityT, lang)}/yr: ${f.licensedCodes.slice(0, 6).join(', ')}${f.licensedCodes.length > 6 ? '…' : ''}`) : '',
    ].filter(Boolean).join('<br/>'),
  })), [query.data, L, lang]);
  const d = query.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {query.error && <Alert type="error" showIcon message={query.error instanceof ApiError ? M(query.error.text) : String(query.error)} />}
      {d && <Space wrap data-testid="map-counts">
        {Object.entries(KIND_LABELS).map(([kind, [zh, en]]) => <Tag key={kind}>{L(zh, en)} {d.counts[kind] ?? 0}</Tag>)}
        {d.truncated && <Tag color="orange">{L('仅显示前 5000 个', 'First 5,000 shown')}</Tag>}
      </Space>}
      <VectorMap points={points} height={520} testId="supervision-map" onPointClick={(p) => navigate(historyPath(p.id))} />
      {d && d.withoutCoordinates.length > 0 && (
        <Typography.Paragraph type="secondary">
          {L('未登记坐标：', 'Without coordinates: ')}{d.withoutCoordinates.map((f, i) => <span key={f.id}>{i > 0 && '、'}<Link to={historyPath(f.id)}>{f.name}</Link></span>)}
        </Typography.Paragraph>
      )}
    </Space>
  );
}
