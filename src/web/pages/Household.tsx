import { useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, AutoComplete, Button, Card, Checkbox, DatePicker, Drawer, Form, Input, InputNumber, Modal, Radio, Segmented, Select, Space, Statistic, Switch, Table, Tabs, Tag, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { ApiError, get, post, qs, type Page } from '../api';
import { shanghai, tonnes, useI18n, type Lang } from '../i18n';
import { useSession } from '../session';
import { ServerTable } from '../components/ServerTable';
import { keepsHouseholdRegister } from '../hooks';
import { RegionPicker } from '../components/RegionPicker';
import { FACILITY_KINDS, HOUSEHOLD_CLASSES, PLACE_KINDS, SORTING_STAGES, TICKET_CLASSES, type Label } from '../../domain/household';

// 生活垃圾: what the urban-management bureau keeps and watches. Tonnes by class (GB/T 19095-2019) over a
// period and each facility's load; the register of communities and villages with their sorting status,
// of facilities, collection trucks and routes; and the weighbridge tickets, typed in by hand where no
// weighbridge is connected, corrected or cancelled by a new ticket (nothing is edited).

interface Tonnage { from: string; to: string; by: string; items: { key: string; name: string; byClass: Record<string, number>; totalT: number; tickets: number }[]; totals: Record<string, number>; totalT: number; classes: string[] }
interface FacilityRow {
  id: string; regionCode: string; regionName: string | null; kind: string; name: string; address: string; capacityTPerDay: number | null; classes: string[]; opensAt: string | null; closesAt: string | null;
  status: string; operatorId: string | null; operatorName: string | null; periodT: number; lastDayT: number; tickets: number; averagePerDayT: number; loadPct: number | null; lastDayLoadPct: number | null;
}
interface PlaceStatus { asOf: string; households: number; sortedDeposit: boolean; sortedCollection: boolean; sortedTransport: boolean; sortedTreatment: boolean; collectionRooms: number }
interface PlaceRow { id: string; regionCode: string; regionName: string | null; kind: string; name: string; address: string; status: PlaceStatus | null; covered: boolean }
interface PlaceSummary { places: number; households: number; coveredHouseholds: number; coveragePct: number | null }
interface Vehicle { vehicleId: string; plate: string; regionCode: string; wasteClass: string; tareT: number; loadT: number; owner: string; active: boolean; routes: number }
interface RouteRow { id: string; regionCode: string; regionName: string | null; name: string; kind: string; wasteClass: string; stops: { name: string; placeId?: string }[]; active: boolean; plates: string[]; facilities: { id: string; name: string; kind: string }[] }
interface Ticket {
  id: string; ticketNo: string; kind: string; facilityId: string; facilityName: string; plate: string; wasteClass: string; grossT: number; tareT: number; netT: number; inAt: string; outAt: string;
  routeId: string | null; routeName: string | null; routeClass: string | null; originRegionCode: string | null; originName: string | null; measured: boolean; reason: string; correctsTicketNo: string | null;
  state: 'effective' | 'corrected' | 'cancelled' | 'cancellation';
}
interface Region { code: string; name: string }

const CLASSES = Object.keys(TICKET_CLASSES) as (keyof typeof TICKET_CLASSES)[];
const STAGES: [keyof PlaceStatus, keyof typeof SORTING_STAGES][] = [['sortedDeposit', 'deposit'], ['sortedCollection', 'collection'], ['sortedTransport', 'transport'], ['sortedTreatment', 'treatment']];
const ROUTE_KINDS: Record<string, Label> = { urban: { zh: '城区线路', en: 'Urban' }, village: { zh: '农村线路（户投递、村收集、镇转运、县处理）', en: 'Village (household → village → town → county)' } };
const STATE: Record<Ticket['state'], [string, string, string]> = {
  effective: ['有效', 'Effective', 'green'], corrected: ['已更正', 'Corrected', 'orange'], cancelled: ['已作废', 'Cancelled', 'red'], cancellation: ['作废单', 'Cancellation', 'default'],
};
/** The overview's groupings: the switch's words, and the first column's heading. */
const BY: [string, string, string, string, string][] = [
  ['class', '按类别', 'By class', '类别', 'Class'], ['town', '按镇街', 'By town', '乡镇（街道）', 'Town'], ['facility', '按设施', 'By facility', '设施', 'Facility'],
  ['route', '按线路', 'By route', '线路', 'Route'], ['day', '按日', 'By day', '日期', 'Day'],
];

const day = (d: Dayjs) => d.format('YYYY-MM-DD');
const word = (labels: Record<string, Label>, key: string | null | undefined, lang: Lang) => (key ? labels[key]?.[lang] ?? key : '');
const options = (labels: Record<string, Label>, lang: Lang) => Object.entries(labels).map(([value, l]) => ({ value, label: l[lang] }));
/** Tonnes with two decimals, the way a daily report gives them. */
const t2 = (n: number | null | undefined, lang: Lang) => (n === null || n === undefined ? '—' : `${n.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${lang === 'zh' ? '吨' : 't'}`);
const pct = (n: number | null | undefined) => (n === null || n === undefined ? '—' : `${n.toLocaleString('zh-CN', { maximumFractionDigits: 1 })}%`);
const count = (n: number) => n.toLocaleString('zh-CN');

/**
 * A refusal shown in the form: beside its field when the form has it (a manual ticket's
 * `tickets.0.grossT` is the form's `grossT`), and above the button with its code.
 */
function useFail(form: ReturnType<typeof Form.useForm>[0], setError: (e: ApiError | null) => void) {
  const { M } = useI18n();
  return (e: unknown) => {
    if (!(e instanceof ApiError)) throw e;
    setError(e);
    const issues = e.issues.length ? e.issues : e.path ? [{ path: e.path, message: e.text }] : [];
    const name = (path: string) => path.replace(/^tickets\.\d+\./, '').split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    form.setFields(issues.filter((i) => i.path).map((i) => ({ name: name(i.path), errors: [M(i.message)] })));
  };
}

function FormError({ error }: { error: ApiError | null }) {
  const { M } = useI18n();
  if (!error) return null;
  return <Alert type="error" showIcon style={{ marginBottom: 12 }} data-testid="hh-form-error" message={`${M(error.text)}（${error.code}${error.path ? ` · ${error.path}` : ''}）`} />;
}

function FormDrawer({ title, open, onClose, children }: { title: string; open: boolean; onClose: () => void; children: ReactNode }) {
  return <Drawer open={open} title={title} onClose={onClose} width={Math.min(600, window.innerWidth)} destroyOnHidden>{children}</Drawer>;
}

/** The towns (乡镇、街道) of the user's county; with `county`, the county itself first (a facility or route may serve all of it). */
function useTowns() {
  const { me } = useSession();
  const code = me?.region.code ?? '';
  return useQuery({
    queryKey: ['hh-towns', code], enabled: code.length === 6 || code.length === 9,
    queryFn: async () => (code.length === 9 ? [{ code, name: me!.region.name }] : [{ code, name: me!.region.name }, ...(await get<{ items: Region[] }>(`/api/regions?parent=${code}`)).items]),
  });
}

function TownPicker({ value, onChange, testId, county, allowClear }: { value?: string; onChange?: (v: string | undefined) => void; testId: string; county?: boolean; allowClear?: boolean }) {
  const { L } = useI18n();
  const { me } = useSession();
  const towns = useTowns();
  const code = me?.region.code ?? '';
  // An official of a city, a province or the platform picks from the whole tree.
  if (code.length !== 6 && code.length !== 9) return <RegionPicker value={value} onChange={onChange} testId={testId} />;
  const list = (towns.data ?? []).filter((r) => county || r.code.length === 9);
  return <Select showSearch optionFilterProp="label" value={value} onChange={onChange} data-testid={testId} allowClear={allowClear} loading={towns.isLoading} style={{ minWidth: 180 }}
    placeholder={county ? L('县（市、区）或乡镇（街道）', 'County or town') : L('乡镇（街道）', 'Town')}
    options={list.map((r) => ({ value: r.code, label: r.code.length === 6 ? L(`${r.name}（全域）`, `${r.name} (all)`) : r.name }))} />;
}

const useFacilityChoices = () => useQuery({ queryKey: ['hh-facility-choices'], queryFn: () => get<Page<FacilityRow>>('/api/household/facilities?pageSize=100') });
const useVehicleChoices = () => useQuery({ queryKey: ['hh-vehicle-choices'], queryFn: () => get<Page<Vehicle>>('/api/household/vehicles?pageSize=100') });
const useRouteChoices = () => useQuery({ queryKey: ['hh-route-choices'], queryFn: () => get<Page<RouteRow>>('/api/household/routes?pageSize=100') });

/** After a write: every household list and figure is read again. */
function useReload() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('hh-') });
}

export default function HouseholdPage() {
  const { L } = useI18n();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'overview';
  return (
    <Card title={L('生活垃圾', 'Household waste')} data-testid="hh-page">
      <Tabs activeKey={tab} onChange={(key) => setParams({ tab: key })} items={[
        { key: 'overview', label: <span data-testid="hh-tab-overview">{L('今日概况', 'Overview')}</span>, children: <Overview /> },
        { key: 'places', label: <span data-testid="hh-tab-places">{L('小区和村', 'Communities & villages')}</span>, children: <Places /> },
        { key: 'facilities', label: <span data-testid="hh-tab-facilities">{L('设施', 'Facilities')}</span>, children: <Facilities /> },
        { key: 'fleet', label: <span data-testid="hh-tab-fleet">{L('车辆与线路', 'Trucks & routes')}</span>, children: <Fleet /> },
        { key: 'tickets', label: <span data-testid="hh-tab-tickets">{L('磅单', 'Weighbridge tickets')}</span>, children: <Tickets /> },
      ]} />
    </Card>
  );
}

// ---- 今日概况 ---------------------------------------------------------------------------------------------------

function Overview() {
  const { L, M, lang } = useI18n();
  const [period, setPeriod] = useState<[Dayjs, Dayjs]>(() => [dayjs(), dayjs()]);
  const [by, setBy] = useState('class');
  const [from, to] = [day(period[0]), day(period[1])];
  const tonnage = useQuery({ queryKey: ['hh-tonnage', from, to, by], queryFn: () => get<Tonnage>(`/api/household/tonnage${qs({ from, to, by })}`) });
  const data = tonnage.data;
  const [, , , keyZh, keyEn] = BY.find((b) => b[0] === by)!;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap>
        <DatePicker.RangePicker value={period} allowClear={false} data-testid="hh-period" onChange={(v) => v?.[0] && v[1] && setPeriod([v[0], v[1]])}
          presets={[{ label: L('今日', 'Today'), value: [dayjs(), dayjs()] }, { label: L('近7日', 'Last 7 days'), value: [dayjs().subtract(6, 'day'), dayjs()] }, { label: L('本月', 'This month'), value: [dayjs().startOf('month'), dayjs()] }]} />
        <Segmented value={by} onChange={(v) => setBy(String(v))} data-testid="hh-by" options={BY.map(([value, zh, en]) => ({ value, label: L(zh, en) }))} />
      </Space>
      {tonnage.error && <Alert type="error" showIcon message={tonnage.error instanceof ApiError ? M(tonnage.error.text) : String(tonnage.error)} />}
      <Card size="small" title={from === to ? L(`${from} 清运量（地磅称重）`, `Tonnes weighed on ${from}`) : L(`${from} 至 ${to} 清运量（地磅称重）`, `Tonnes weighed ${from} – ${to}`)}>
        <Space wrap size={[32, 12]}>
          <div data-testid="hh-total-all"><Statistic title={L('合计', 'Total')} value={t2(data?.totalT ?? 0, lang)} loading={tonnage.isLoading} /></div>
          {CLASSES.map((c) => <div key={c} data-testid={`hh-total-${c}`}><Statistic title={TICKET_CLASSES[c][lang]} value={t2(data?.totals[c] ?? 0, lang)} loading={tonnage.isLoading} /></div>)}
        </Space>
      </Card>
      <Table rowKey="key" size="small" loading={tonnage.isLoading} dataSource={data?.items ?? []} pagination={false} scroll={{ x: 'max-content' }} data-testid="hh-tonnage"
        columns={[
          { title: L(keyZh, keyEn), dataIndex: 'name', fixed: 'left', render: (n: string) => (by === 'class' ? word(TICKET_CLASSES, n, lang) : n) },
          ...(by === 'class' ? [] : CLASSES.map((c) => ({ title: TICKET_CLASSES[c][lang], key: c, align: 'right' as const, render: (_: unknown, r: Tonnage['items'][number]) => (r.byClass[c] ? t2(r.byClass[c], lang) : '—') }))),
          { title: L('合计', 'Total'), dataIndex: 'totalT', align: 'right', render: (n: number) => <b>{t2(n, lang)}</b> },
          { title: L('磅单数', 'Tickets'), dataIndex: 'tickets', align: 'right' },
        ]} />
      <FacilityLoad from={from} to={to} />
    </Space>
  );
}

/** Each facility's tonnes per day against its design capacity; over 100 % stands out. */
function FacilityLoad({ from, to }: { from: string; to: string }) {
  const { L, M, lang } = useI18n();
  const [page, setPage] = useState(1);
  const load = useQuery({ queryKey: ['hh-load', from, to, page], queryFn: () => get<Page<FacilityRow> & { days: number }>(`/api/household/facilities${qs({ from, to, page, pageSize: 10 })}`) });
  const over = (n: number | null) => n !== null && n > 100;
  const loadCell = (n: number | null) => (n === null ? '—' : <span style={over(n) ? { color: '#cf1322', fontWeight: 600 } : undefined}>{pct(n)}{over(n) && <Tag color="red" style={{ marginLeft: 6 }}>{L('超负荷', 'Overloaded')}</Tag>}</span>);
  return (
    <Card size="small" title={L(`设施负荷（${load.data?.days ?? ''} 日平均与 ${to} 当日，对比设计处理能力）`, `Facility load (average of ${load.data?.days ?? ''} days and ${to}, against capacity)`)}>
      {load.error && <Alert type="error" showIcon message={load.error instanceof ApiError ? M(load.error.text) : String(load.error)} />}
      <Table<FacilityRow> rowKey="id" size="small" loading={load.isLoading} dataSource={load.data?.items ?? []} scroll={{ x: 'max-content' }} data-testid="hh-load"
        rowClassName={(f) => (over(f.loadPct) || over(f.lastDayLoadPct) ? 'hh-overloaded' : '')}
        onRow={(f) => ({ style: over(f.loadPct) || over(f.lastDayLoadPct) ? { background: '#fff1f0' } : undefined })}
        pagination={{ current: page, pageSize: 10, total: load.data?.total ?? 0, onChange: setPage, hideOnSinglePage: true }}
        columns={[
          { title: L('设施', 'Facility'), dataIndex: 'name', fixed: 'left' },
          { title: L('类型', 'Kind'), dataIndex: 'kind', render: (k: string) => word(FACILITY_KINDS, k, lang) },
          { title: L('设计能力', 'Capacity'), dataIndex: 'capacityTPerDay', align: 'right', render: (c: number | null) => (c === null ? '—' : `${t2(c, lang)}/${L('日', 'd')}`) },
          { title: L('日均进场', 'Average per day'), dataIndex: 'averagePerDayT', align: 'right', render: (n: number) => t2(n, lang) },
          { title: L('负荷率', 'Load'), dataIndex: 'loadPct', align: 'right', render: loadCell },
          { title: L(`${to} 进场`, `On ${to}`), dataIndex: 'lastDayT', align: 'right', render: (n: number) => t2(n, lang) },
          { title: L('当日负荷率', 'Load that day'), dataIndex: 'lastDayLoadPct', align: 'right', render: loadCell },
          { title: L('期间合计', 'Period total'), dataIndex: 'periodT', align: 'right', render: (n: number) => t2(n, lang) },
        ]} />
    </Card>
  );
}

// ---- 小区和村 ---------------------------------------------------------------------------------------------------

function Coverage({ kind }: { kind: 'community' | 'village' }) {
  const { L, lang } = useI18n();
  const summary = useQuery({ queryKey: ['hh-coverage', kind], queryFn: () => get<Page<PlaceRow> & { summary: PlaceSummary }>(`/api/household/places${qs({ kind, pageSize: 1 })}`) });
  const s = summary.data?.summary;
  return (
    <Card size="small" style={{ flex: '1 1 280px' }} title={kind === 'community' ? L('城市居民小区生活垃圾分类覆盖率', 'Sorting coverage of residential communities') : L('农村地区（行政村）生活垃圾分类覆盖率', 'Sorting coverage of villages')}>
      {s && <div data-testid={`hh-coverage-${kind}`}>
        <Typography.Title level={3} style={{ margin: 0 }}>{pct(s.coveragePct)}</Typography.Title>
        <Typography.Text>{L(`已覆盖 ${count(s.coveredHouseholds)} 户 / 共 ${count(s.households)} 户`, `${count(s.coveredHouseholds)} of ${count(s.households)} households covered`)}</Typography.Text>
        <div><Typography.Text type="secondary">{L(`${count(s.places)} 个${PLACE_KINDS[kind].zh}；四个环节（投放、收集、运输、处理）均分类方计为覆盖`, `${count(s.places)} ${PLACE_KINDS[kind][lang].toLowerCase()}s; covered when all four stages are sorted`)}</Typography.Text></div>
      </div>}
    </Card>
  );
}

function Places() {
  const { L, lang } = useI18n();
  const { me } = useSession();
  const [adding, setAdding] = useState(false);
  const [updating, setUpdating] = useState<PlaceRow | null>(null);
  const reload = useReload();
  const may = keepsHouseholdRegister(me);
  const tick = (v: boolean | undefined) => (v ? <span style={{ color: '#389e0d' }}>✓</span> : <span style={{ color: '#cf1322' }}>✗</span>);
  return <Space direction="vertical" style={{ width: '100%' }}>
    <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}><Coverage kind="community" /><Coverage kind="village" /></div>
    <div data-testid="hh-places"><ServerTable<PlaceRow> queryKey="hh-places" url="/api/household/places" rowKey="id"
      extra={may && <Button type="primary" onClick={() => setAdding(true)} data-testid="hh-place-new">{L('登记小区或村', 'Register a place')}</Button>}
      filters={<>
        <Form.Item name="regionCode"><TownPicker testId="hh-places-town" allowClear /></Form.Item>
        <Form.Item name="kind"><Select allowClear placeholder={L('类型', 'Kind')} style={{ width: 120 }} options={options(PLACE_KINDS, lang)} /></Form.Item>
      </>}
      columns={[
        { title: L('名称', 'Name'), dataIndex: 'name', fixed: 'left' },
        { title: L('乡镇（街道）', 'Town'), dataIndex: 'regionName', render: (n: string | null, p) => n ?? p.regionCode },
        { title: L('类型', 'Kind'), dataIndex: 'kind', render: (k: string) => word(PLACE_KINDS, k, lang) },
        { title: L('户数', 'Households'), align: 'right', render: (_: unknown, p) => (p.status ? count(p.status.households) : '—') },
        ...STAGES.map(([field, stage]) => ({ title: SORTING_STAGES[stage][lang], key: field, align: 'center' as const, render: (_: unknown, p: PlaceRow) => tick(p.status?.[field] as boolean | undefined) })),
        { title: L('定时定点收集房', 'Collection rooms'), align: 'right', render: (_: unknown, p) => (p.status ? count(p.status.collectionRooms) : '—') },
        { title: L('覆盖', 'Covered'), dataIndex: 'covered', render: (c: boolean) => <Tag color={c ? 'green' : 'default'}>{c ? L('已覆盖', 'Covered') : L('未覆盖', 'Not covered')}</Tag> },
        { title: L('状态日期', 'As of'), render: (_: unknown, p) => p.status?.asOf ?? '—' },
        ...(may ? [{ title: L('操作', 'Actions'), key: 'actions', render: (_: unknown, p: PlaceRow) => <Button size="small" onClick={() => setUpdating(p)} data-testid="hh-place-status">{L('更新状态', 'New status')}</Button> }] : []),
      ]} /></div>
    <FormDrawer title={L('登记小区或村', 'Register a community or village')} open={adding} onClose={() => setAdding(false)}>
      <PlaceForm onDone={() => { setAdding(false); reload(); }} />
    </FormDrawer>
    <FormDrawer title={updating ? L(`更新分类状态：${updating.name}`, `New status: ${updating.name}`) : ''} open={!!updating} onClose={() => setUpdating(null)}>
      {updating && <PlaceForm place={updating} onDone={() => { setUpdating(null); reload(); }} />}
    </FormDrawer>
  </Space>;
}

/** A new place with its first status, or (place given) a new dated status of a place; earlier ones stay. */
function PlaceForm({ place, onDone }: { place?: PlaceRow; onDone: () => void }) {
  const { L, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [error, setError] = useState<ApiError | null>(null);
  const fail = useFail(form, setError);
  const s = place?.status;
  return (
    <Form form={form} layout="vertical" initialValues={{
      kind: 'community',
      status: { asOf: dayjs(), households: s?.households, collectionRooms: s?.collectionRooms ?? 0, sortedDeposit: s?.sortedDeposit ?? false, sortedCollection: s?.sortedCollection ?? false, sortedTransport: s?.sortedTransport ?? false, sortedTreatment: s?.sortedTreatment ?? false },
    }} onFinish={async (v) => {
      setError(null);
      const status = { ...v.status, asOf: day(v.status.asOf), note: v.status.note || undefined, collectionRooms: v.status.collectionRooms ?? undefined };
      try {
        if (place) await post(`/api/household/places/${place.id}/status`, status);
        else await post('/api/household/places', { regionCode: v.regionCode, kind: v.kind, name: v.name, address: v.address || undefined, status });
        message.success(L('已保存', 'Saved'));
        onDone();
      } catch (e) { fail(e); }
    }}>
      {!place && <>
        <Form.Item name="name" label={L('名称', 'Name')} rules={[{ required: true, min: 2 }]}><Input data-testid="hh-place-name" /></Form.Item>
        <Space wrap>
          <Form.Item name="kind" label={L('类型', 'Kind')}><Radio.Group options={options(PLACE_KINDS, lang)} data-testid="hh-place-kind" /></Form.Item>
          <Form.Item name="regionCode" label={L('所在乡镇（街道）', 'Town')} rules={[{ required: true }]}><TownPicker testId="hh-place-town" /></Form.Item>
        </Space>
        <Form.Item name="address" label={L('地址', 'Address')}><Input /></Form.Item>
      </>}
      <Space wrap>
        <Form.Item name={['status', 'asOf']} label={L('状态日期（自该日起）', 'From the day')} rules={[{ required: true }]}><DatePicker allowClear={false} /></Form.Item>
        <Form.Item name={['status', 'households']} label={L('户数', 'Households')} rules={[{ required: true }]}><InputNumber min={0} precision={0} style={{ width: 140 }} data-testid="hh-place-households" /></Form.Item>
        <Form.Item name={['status', 'collectionRooms']} label={L('定时定点收集房（个）', 'Collection rooms')}><InputNumber min={0} precision={0} style={{ width: 140 }} data-testid="hh-place-rooms" /></Form.Item>
      </Space>
      <Typography.Paragraph type="secondary">{L('四分类设施与分类作业（GB/T 19095-2019）在以下环节是否落实：', 'Which stages sort into the four classes (GB/T 19095-2019):')}</Typography.Paragraph>
      <Space wrap size="large">
        {STAGES.map(([field, stage]) => <Form.Item key={field} name={['status', field]} label={SORTING_STAGES[stage][lang]} valuePropName="checked">
          <Switch checkedChildren="✓" unCheckedChildren="✗" data-testid={`hh-place-${stage}`} /></Form.Item>)}
      </Space>
      <Form.Item name={['status', 'note']} label={L('说明', 'Note')}><Input.TextArea rows={2} /></Form.Item>
      <FormError error={error} />
      <Button type="primary" htmlType="submit" data-testid="hh-place-submit">{place ? L('保存新状态', 'Save the new status') : L('登记', 'Register')}</Button>
    </Form>
  );
}

// ---- 设施 -------------------------------------------------------------------------------------------------------

function Facilities() {
  const { L, lang } = useI18n();
  const { me } = useSession();
  const [adding, setAdding] = useState(false);
  const reload = useReload();
  return <>
    <div data-testid="hh-facilities"><ServerTable<FacilityRow> queryKey="hh-facilities" url="/api/household/facilities" rowKey="id"
      extra={keepsHouseholdRegister(me) && <Button type="primary" onClick={() => setAdding(true)} data-testid="hh-facility-new">{L('登记设施', 'Register a facility')}</Button>}
      filters={<Form.Item name="kind"><Select allowClear placeholder={L('类型', 'Kind')} style={{ width: 200 }} options={options(FACILITY_KINDS, lang)} /></Form.Item>}
      columns={[
        { title: L('名称', 'Name'), dataIndex: 'name', fixed: 'left' },
        { title: L('类型', 'Kind'), dataIndex: 'kind', render: (k: string) => word(FACILITY_KINDS, k, lang) },
        { title: L('所在地', 'Place'), dataIndex: 'regionName', render: (n: string | null, f) => n ?? f.regionCode },
        { title: L('设计处理能力', 'Capacity'), dataIndex: 'capacityTPerDay', align: 'right', render: (c: number | null) => (c === null ? '—' : `${t2(c, lang)}/${L('日', 'd')}`) },
        { title: L('接收类别', 'Takes'), dataIndex: 'classes', render: (cs: string[]) => cs.map((c) => <Tag key={c}>{word(TICKET_CLASSES, c, lang)}</Tag>) },
        { title: L('运营单位', 'Operator'), dataIndex: 'operatorName', render: (n: string | null) => n ?? '—' },
        { title: L('开放时间', 'Hours'), render: (_: unknown, f) => (f.opensAt && f.closesAt ? `${f.opensAt}–${f.closesAt}` : '—') },
        { title: L('近30日日均', '30-day average'), dataIndex: 'averagePerDayT', align: 'right', render: (n: number) => t2(n, lang) },
        { title: L('负荷率', 'Load'), dataIndex: 'loadPct', align: 'right', render: (n: number | null) => (n === null ? '—' : <span style={n > 100 ? { color: '#cf1322', fontWeight: 600 } : undefined}>{pct(n)}</span>) },
      ]} /></div>
    <FormDrawer title={L('登记设施', 'Register a facility')} open={adding} onClose={() => setAdding(false)}>
      <FacilityForm onDone={() => { setAdding(false); reload(); }} />
    </FormDrawer>
  </>;
}

/** A verified company of the area, searched by name on the server. */
function CompanyPicker({ value, onChange, testId }: { value?: string; onChange?: (v: string | undefined) => void; testId: string }) {
  const { L } = useI18n();
  const [search, setSearch] = useState('');
  const companies = useQuery({ queryKey: ['hh-companies', search], queryFn: () => get<Page<{ id: string; name: string }>>(`/api/organisations${qs({ kind: 'enterprise', status: 'verified', q: search, pageSize: 20 })}`) });
  return <Select showSearch allowClear filterOption={false} onSearch={setSearch} value={value} onChange={onChange} data-testid={testId} placeholder={L('搜索企业名称（可不选）', 'Search a company (optional)')}
    options={(companies.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))} />;
}

function FacilityForm({ onDone }: { onDone: () => void }) {
  const { L, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [error, setError] = useState<ApiError | null>(null);
  const fail = useFail(form, setError);
  const kind = Form.useWatch('kind', form) as keyof typeof FACILITY_KINDS | undefined;
  const treats = !!kind && FACILITY_KINDS[kind].treats;
  return (
    <Form form={form} layout="vertical" initialValues={{ kind: 'transfer_station', classes: ['other'] }} onFinish={async (v) => {
      setError(null);
      try {
        await post('/api/household/facilities', { regionCode: v.regionCode, kind: v.kind, name: v.name, address: v.address || undefined, capacityTPerDay: v.capacityTPerDay ?? undefined,
          classes: v.classes, opensAt: v.opensAt || undefined, closesAt: v.closesAt || undefined, operatorId: v.operatorId || undefined });
        message.success(L('已登记', 'Registered'));
        onDone();
      } catch (e) { fail(e); }
    }}>
      <Form.Item name="name" label={L('名称', 'Name')} rules={[{ required: true, min: 2 }]}><Input data-testid="hh-facility-name" /></Form.Item>
      <Space wrap>
        <Form.Item name="kind" label={L('类型', 'Kind')}><Select style={{ width: 240 }} options={options(FACILITY_KINDS, lang)} data-testid="hh-facility-kind" /></Form.Item>
        <Form.Item name="regionCode" label={L('所在地', 'Place')} rules={[{ required: true }]}><TownPicker county testId="hh-facility-region" /></Form.Item>
      </Space>
      <Form.Item name="address" label={L('地址', 'Address')}><Input /></Form.Item>
      <Form.Item name="capacityTPerDay" label={treats ? L('设计处理能力（吨/日，处理设施必填）', 'Design capacity (t/d, required)') : L('设计能力（吨/日，可不填）', 'Capacity (t/d, optional)')} rules={[{ required: treats }]}>
        <InputNumber min={0.01} max={100000} style={{ width: 200 }} data-testid="hh-facility-capacity" /></Form.Item>
      <Form.Item name="classes" label={L('接收类别', 'Classes taken')} rules={[{ required: true }]}>
        <Checkbox.Group options={options(HOUSEHOLD_CLASSES, lang)} data-testid="hh-facility-classes" /></Form.Item>
      <Space wrap>
        <Form.Item name="opensAt" label={L('开放时间（HH:MM）', 'Opens (HH:MM)')} rules={[{ pattern: /^([01]\d|2[0-3]):[0-5]\d$/, message: L('时间应为 HH:MM', 'HH:MM') }]}><Input style={{ width: 120 }} placeholder="06:00" /></Form.Item>
        <Form.Item name="closesAt" label={L('关闭时间（HH:MM）', 'Closes (HH:MM)')} rules={[{ pattern: /^([01]\d|2[0-3]):[0-5]\d$/, message: L('时间应为 HH:MM', 'HH:MM') }]}><Input style={{ width: 120 }} placeholder="20:00" /></Form.Item>
      </Space>
      <Form.Item name="operatorId" label={L('运营单位（其地磅以接口令牌上传磅单）', 'Operator (its weighbridge posts tickets with a token)')}><CompanyPicker testId="hh-facility-operator" /></Form.Item>
      <FormError error={error} />
      <Button type="primary" htmlType="submit" data-testid="hh-facility-submit">{L('登记', 'Register')}</Button>
    </Form>
  );
}

// ---- 车辆与线路 -------------------------------------------------------------------------------------------------

function Fleet() {
  const { L, lang } = useI18n();
  const { me } = useSession();
  const [adding, setAdding] = useState<'vehicle' | 'route' | null>(null);
  const reload = useReload();
  const may = keepsHouseholdRegister(me);
  return <Space direction="vertical" style={{ width: '100%' }}>
    <Typography.Title level={5}>{L('收运车辆', 'Collection trucks')}</Typography.Title>
    <div data-testid="hh-vehicles"><ServerTable<Vehicle> queryKey="hh-vehicles" url="/api/household/vehicles" rowKey="vehicleId"
      extra={may && <Button type="primary" onClick={() => setAdding('vehicle')} data-testid="hh-vehicle-new">{L('登记收运车辆', 'Register a truck')}</Button>}
      columns={[
        { title: L('车牌', 'Plate'), dataIndex: 'plate', fixed: 'left' },
        { title: L('收运类别', 'Class'), dataIndex: 'wasteClass', render: (c: string) => word(TICKET_CLASSES, c, lang) },
        { title: L('登记皮重', 'Tare'), dataIndex: 'tareT', align: 'right', render: (n: number) => tonnes(n, lang) },
        { title: L('核定载重', 'Rated load'), dataIndex: 'loadT', align: 'right', render: (n: number) => tonnes(n, lang) },
        { title: L('所属单位', 'Company'), dataIndex: 'owner' },
        { title: L('线路数', 'Routes'), dataIndex: 'routes', align: 'right' },
        { title: L('状态', 'Status'), dataIndex: 'active', render: (a: boolean) => (a ? <Tag color="green">{L('在用', 'In use')}</Tag> : <Tag>{L('停用', 'Out of use')}</Tag>) },
      ]} /></div>
    <Typography.Title level={5}>{L('收运线路', 'Collection routes')}</Typography.Title>
    <div data-testid="hh-routes"><ServerTable<RouteRow> queryKey="hh-routes" url="/api/household/routes" rowKey="id"
      extra={may && <Button type="primary" onClick={() => setAdding('route')} data-testid="hh-route-new">{L('登记收运线路', 'Register a route')}</Button>}
      columns={[
        { title: L('线路', 'Route'), dataIndex: 'name', fixed: 'left' },
        { title: L('区域', 'Area'), dataIndex: 'regionName', render: (n: string | null, r) => n ?? r.regionCode },
        { title: L('类型', 'Kind'), dataIndex: 'kind', render: (k: string) => (k === 'village' ? L('农村', 'Village') : L('城区', 'Urban')) },
        { title: L('类别', 'Class'), dataIndex: 'wasteClass', render: (c: string) => word(TICKET_CLASSES, c, lang) },
        { title: L('站点（依次）', 'Stops in order'), dataIndex: 'stops', render: (s: RouteRow['stops']) => <div style={{ maxWidth: 360, whiteSpace: 'normal' }}>{s.map((x) => x.name).join(' → ')}</div> },
        { title: L('车辆', 'Trucks'), dataIndex: 'plates', render: (p: string[]) => p.map((x) => <Tag key={x}>{x}</Tag>) },
        { title: L('去向设施', 'Facilities'), dataIndex: 'facilities', render: (f: RouteRow['facilities']) => f.map((x) => x.name).join('、') },
      ]} /></div>
    <FormDrawer title={L('登记收运车辆', 'Register a collection truck')} open={adding === 'vehicle'} onClose={() => setAdding(null)}>
      <VehicleForm onDone={() => { setAdding(null); reload(); }} />
    </FormDrawer>
    <FormDrawer title={L('登记收运线路', 'Register a collection route')} open={adding === 'route'} onClose={() => setAdding(null)}>
      <RouteForm onDone={() => { setAdding(null); reload(); }} />
    </FormDrawer>
  </Space>;
}

function VehicleForm({ onDone }: { onDone: () => void }) {
  const { L, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [error, setError] = useState<ApiError | null>(null);
  const fail = useFail(form, setError);
  return (
    <Form form={form} layout="vertical" initialValues={{ wasteClass: 'other' }} onFinish={async (v) => {
      setError(null);
      try { await post('/api/household/vehicles', { plate: v.plate.trim().toUpperCase(), wasteClass: v.wasteClass, tareT: v.tareT }); message.success(L('已登记', 'Registered')); onDone(); } catch (e) { fail(e); }
    }}>
      <Typography.Paragraph type="secondary">{L('车辆须已由本辖区的收运单位在“我的单位—车辆”中登记（核定载重以其登记为准）。', 'The truck must be registered by a company of your area under its vehicles (its rated load comes from there).')}</Typography.Paragraph>
      <Form.Item name="plate" label={L('车牌号', 'Plate')} rules={[{ required: true, min: 5, max: 10 }]}><Input style={{ width: 200 }} data-testid="hh-vehicle-plate" /></Form.Item>
      <Form.Item name="wasteClass" label={L('收运类别', 'Class carried')}><Select style={{ width: 220 }} options={options(TICKET_CLASSES, lang)} data-testid="hh-vehicle-class" /></Form.Item>
      <Form.Item name="tareT" label={L('皮重（吨）', 'Tare (t)')} rules={[{ required: true }]}><InputNumber min={0.1} max={60} step={0.1} style={{ width: 160 }} data-testid="hh-vehicle-tare" /></Form.Item>
      <FormError error={error} />
      <Button type="primary" htmlType="submit" data-testid="hh-vehicle-submit">{L('登记', 'Register')}</Button>
    </Form>
  );
}

function RouteForm({ onDone }: { onDone: () => void }) {
  const { L, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [error, setError] = useState<ApiError | null>(null);
  const fail = useFail(form, setError);
  const vehicles = useVehicleChoices();
  const facilities = useFacilityChoices();
  const regionCode = Form.useWatch('regionCode', form) as string | undefined;
  const places = useQuery({ queryKey: ['hh-place-choices', regionCode], enabled: !!regionCode, queryFn: () => get<Page<PlaceRow>>(`/api/household/places${qs({ regionCode, pageSize: 100 })}`) });
  return (
    <Form form={form} layout="vertical" initialValues={{ kind: 'urban', wasteClass: 'other', stops: [{ name: '' }] }} onFinish={async (v) => {
      setError(null);
      try {
        await post('/api/household/routes', { regionCode: v.regionCode, name: v.name, kind: v.kind, wasteClass: v.wasteClass, plates: v.plates ?? [], facilityIds: v.facilityIds ?? [],
          stops: (v.stops ?? []).map((s: { name: string; placeId?: string }) => ({ name: s.name, placeId: s.placeId || undefined })) });
        message.success(L('已登记', 'Registered'));
        onDone();
      } catch (e) { fail(e); }
    }}>
      <Form.Item name="name" label={L('线路名称', 'Name')} rules={[{ required: true, min: 2 }]}><Input data-testid="hh-route-name" /></Form.Item>
      <Space wrap>
        <Form.Item name="regionCode" label={L('区域', 'Area')} rules={[{ required: true }]}><TownPicker county testId="hh-route-region" /></Form.Item>
        <Form.Item name="wasteClass" label={L('收运类别', 'Class')}><Select style={{ width: 160 }} options={options(HOUSEHOLD_CLASSES, lang)} /></Form.Item>
      </Space>
      <Form.Item name="kind" label={L('类型', 'Kind')}><Radio.Group options={options(ROUTE_KINDS, lang)} /></Form.Item>
      <Form.Item name="plates" label={L('车辆', 'Trucks')}><Select mode="multiple" loading={vehicles.isLoading} data-testid="hh-route-plates"
        options={(vehicles.data?.items ?? []).map((x) => ({ value: x.plate, label: `${x.plate}（${word(TICKET_CLASSES, x.wasteClass, lang)}，${x.owner}）` }))} /></Form.Item>
      <Form.Item name="facilityIds" label={L('去向设施（1–5个）', 'Facilities its loads go to (1–5)')} rules={[{ required: true }]}><Select mode="multiple" loading={facilities.isLoading} data-testid="hh-route-facilities"
        options={(facilities.data?.items ?? []).map((f) => ({ value: f.id, label: `${f.name}（${word(FACILITY_KINDS, f.kind, lang)}）` }))} /></Form.Item>
      <Typography.Text strong>{L('站点（按收运顺序）', 'Stops, in order')}</Typography.Text>
      <Form.List name="stops">{(fields, { add, remove }) => <>
        {fields.map((f, i) => <Space key={f.key} wrap align="start">
          <Typography.Text style={{ lineHeight: '32px' }}>{i + 1}.</Typography.Text>
          <Form.Item name={[f.name, 'name']} rules={[{ required: true, message: L('请填写站点名称', 'Name the stop') }]}><Input placeholder={L('站点名称', 'Stop')} style={{ width: 180 }} data-testid={`hh-route-stop-${i}`} /></Form.Item>
          <Form.Item name={[f.name, 'placeId']}><Select allowClear placeholder={L('对应小区或村（可不选）', 'Its place (optional)')} style={{ width: 200 }}
            onChange={(id) => { const p = places.data?.items.find((x) => x.id === id); if (p && !form.getFieldValue(['stops', f.name, 'name'])) form.setFieldValue(['stops', f.name, 'name'], p.name); }}
            options={(places.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))} /></Form.Item>
          {fields.length > 1 && <MinusCircleOutlined style={{ lineHeight: '32px' }} onClick={() => remove(f.name)} />}
        </Space>)}
        <Button icon={<PlusOutlined />} onClick={() => add({ name: '' })} style={{ marginBottom: 12 }}>{L('增加站点', 'Add a stop')}</Button>
      </>}</Form.List>
      <FormError error={error} />
      <div><Button type="primary" htmlType="submit" data-testid="hh-route-submit">{L('登记', 'Register')}</Button></div>
    </Form>
  );
}

// ---- 磅单 -------------------------------------------------------------------------------------------------------

interface TicketFilter { from: string; to: string; facilityId?: string; wasteClass?: string; plate?: string; mixedOnly?: string }

function Tickets() {
  const { L, lang } = useI18n();
  const { me } = useSession();
  const facilities = useFacilityChoices();
  const [period, setPeriod] = useState<[Dayjs, Dayjs]>(() => [dayjs().subtract(6, 'day'), dayjs()]);
  const [facilityId, setFacilityId] = useState<string>();
  const [wasteClass, setWasteClass] = useState<string>();
  const [plate, setPlate] = useState('');
  const [mixedOnly, setMixedOnly] = useState(false);
  const [entering, setEntering] = useState(false);
  const [amending, setAmending] = useState<{ ticket: Ticket; kind: 'correction' | 'cancellation' } | null>(null);
  const reload = useReload();
  const filter: TicketFilter = { from: day(period[0]), to: day(period[1]), facilityId, wasteClass, plate: plate.trim().toUpperCase() || undefined, mixedOnly: mixedOnly ? 'true' : undefined };
  const may = keepsHouseholdRegister(me);
  return <Space direction="vertical" style={{ width: '100%' }}>
    <Space wrap>
      <DatePicker.RangePicker value={period} allowClear={false} onChange={(v) => v?.[0] && v[1] && setPeriod([v[0], v[1]])} />
      <Select allowClear placeholder={L('设施', 'Facility')} style={{ width: 220 }} value={facilityId} onChange={setFacilityId} data-testid="hh-tickets-facility"
        options={(facilities.data?.items ?? []).map((f) => ({ value: f.id, label: f.name }))} />
      <Select allowClear placeholder={L('类别', 'Class')} style={{ width: 160 }} value={wasteClass} onChange={setWasteClass} options={options(TICKET_CLASSES, lang)} />
      <Input.Search allowClear placeholder={L('车牌', 'Plate')} style={{ width: 160 }} onSearch={setPlate} />
      <Checkbox checked={mixedOnly} onChange={(e) => setMixedOnly(e.target.checked)} data-testid="hh-tickets-mixed">{L('只看混装（与线路类别不符）', 'Mixed loads only (class unlike the route’s)')}</Checkbox>
    </Space>
    <div data-testid="hh-tickets"><ServerTable<Ticket> key={JSON.stringify(filter)} queryKey="hh-tickets" url="/api/weighbridge/tickets" rowKey="id" fixedFilters={{ ...filter }}
      extra={may && <Button type="primary" onClick={() => setEntering(true)} data-testid="hh-ticket-new">{L('手工录入', 'Type in a ticket')}</Button>}
      columns={[
        { title: L('磅单号', 'Ticket'), dataIndex: 'ticketNo', fixed: 'left', render: (n: string, t) => <span>{n}{t.correctsTicketNo && <div><Typography.Text type="secondary">{t.kind === 'cancellation' ? L('作废 ', 'cancels ') : L('更正 ', 'corrects ')}{t.correctsTicketNo}</Typography.Text></div>}</span> },
        { title: L('状态', 'State'), dataIndex: 'state', render: (s: Ticket['state'], t) => <div style={{ maxWidth: 200, whiteSpace: 'normal' }}>
          <Tag color={STATE[s][2]} data-testid="hh-ticket-state">{L(STATE[s][0], STATE[s][1])}</Tag>{t.reason && <div><Typography.Text type="secondary">{t.reason}</Typography.Text></div>}</div> },
        { title: L('设施', 'Facility'), dataIndex: 'facilityName' },
        { title: L('车牌', 'Plate'), dataIndex: 'plate' },
        { title: L('类别', 'Class'), dataIndex: 'wasteClass', render: (c: string, t) => <span>{word(TICKET_CLASSES, c, lang)}{t.routeClass && t.routeClass !== c && <Tag color="red" style={{ marginLeft: 6 }}>{L('混装', 'Mixed')}</Tag>}</span> },
        { title: L('毛重 / 皮重', 'Gross / tare'), align: 'right', render: (_: unknown, t) => `${tonnes(t.grossT, lang)} / ${tonnes(t.tareT, lang)}` },
        { title: L('净重', 'Net'), dataIndex: 'netT', align: 'right', render: (n: number, t) => <span><b>{tonnes(n, lang)}</b>{!t.measured && <Tag style={{ marginLeft: 6 }}>{L('估算', 'Estimated')}</Tag>}</span> },
        { title: L('进场 — 出场', 'In — out'), render: (_: unknown, t) => <span>{shanghai(t.inAt)}<br />{shanghai(t.outAt)}</span> },
        { title: L('线路 / 来源', 'Route / origin'), render: (_: unknown, t) => <span>{t.routeName ?? '—'}<br /><Typography.Text type="secondary">{t.originName ?? t.originRegionCode ?? ''}</Typography.Text></span> },
        ...(may ? [{ title: L('操作', 'Actions'), key: 'actions', render: (_: unknown, t: Ticket) => t.state === 'effective' && t.kind !== 'cancellation' && <Space>
          <Button size="small" onClick={() => setAmending({ ticket: t, kind: 'correction' })} data-testid="hh-ticket-correct">{L('更正', 'Correct')}</Button>
          <Button size="small" danger onClick={() => setAmending({ ticket: t, kind: 'cancellation' })} data-testid="hh-ticket-cancel">{L('作废', 'Cancel')}</Button>
        </Space> }] : []),
      ]} /></div>
    <FormDrawer title={L('手工录入磅单', 'Type in a weighbridge ticket')} open={entering} onClose={() => setEntering(false)}>
      <TicketForm onDone={() => { setEntering(false); reload(); }} />
    </FormDrawer>
    <Modal open={!!amending} footer={null} onCancel={() => setAmending(null)} destroyOnHidden width={Math.min(600, window.innerWidth)}
      title={amending ? (amending.kind === 'correction' ? L(`更正磅单 ${amending.ticket.ticketNo}`, `Correct ticket ${amending.ticket.ticketNo}`) : L(`作废磅单 ${amending.ticket.ticketNo}`, `Cancel ticket ${amending.ticket.ticketNo}`)) : ''}>
      {amending && <TicketForm amend={amending} onDone={() => { setAmending(null); reload(); }} />}
    </Modal>
  </Space>;
}

/**
 * A ticket typed in by hand; or (amend given) a correction or cancellation of one, which is a new
 * ticket naming it with a reason. A correction carries the whole ticket as it should have read.
 */
function TicketForm({ amend, onDone }: { amend?: { ticket: Ticket; kind: 'correction' | 'cancellation' }; onDone: () => void }) {
  const { L, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [error, setError] = useState<ApiError | null>(null);
  const fail = useFail(form, setError);
  const facilities = useFacilityChoices();
  const vehicles = useVehicleChoices();
  const routes = useRouteChoices();
  const t = amend?.ticket;
  const cancelling = amend?.kind === 'cancellation';
  const stamp = dayjs().format('YYYYMMDDHHmmss');
  const initial = t
    ? { facilityId: t.facilityId, ticketNo: `${t.ticketNo}-${cancelling ? 'ZF' : 'GZ'}${dayjs().format('HHmmss')}`, plate: t.plate, wasteClass: t.wasteClass, grossT: t.grossT, tareT: t.tareT, netT: t.netT,
      inAt: dayjs(t.inAt), outAt: dayjs(t.outAt), routeId: t.routeId ?? undefined, originRegionCode: t.originRegionCode ?? undefined, measured: t.measured }
    : { ticketNo: `SG${stamp}`, inAt: dayjs().subtract(15, 'minute'), outAt: dayjs(), measured: true };
  const net = (g?: number | null, tare?: number | null) => (typeof g === 'number' && typeof tare === 'number' ? Math.round((g - tare) * 1000) / 1000 : undefined);
  return (
    <Form form={form} layout="vertical" initialValues={initial}
      onValuesChange={(changed, all) => {
        if ('plate' in changed) {
          const v = vehicles.data?.items.find((x) => x.plate === String(changed.plate).trim().toUpperCase());
          if (v) form.setFieldsValue({ wasteClass: v.wasteClass, tareT: v.tareT, netT: net(all.grossT, v.tareT) });
        }
        if ('grossT' in changed || 'tareT' in changed) form.setFieldValue('netT', net(all.grossT, all.tareT));
      }}
      onFinish={async (v) => {
        setError(null);
        const body = cancelling
          ? { facilityId: v.facilityId, ticketNo: v.ticketNo, kind: 'cancellation', corrects: t!.ticketNo, reason: v.reason }
          : { facilityId: v.facilityId, ticketNo: v.ticketNo, ...(amend ? { kind: 'correction', corrects: t!.ticketNo, reason: v.reason } : {}),
            plate: String(v.plate).trim().toUpperCase(), wasteClass: v.wasteClass, grossT: v.grossT, tareT: v.tareT, netT: v.netT,
            inAt: (v.inAt as Dayjs).toISOString(), outAt: (v.outAt as Dayjs).toISOString(), routeId: v.routeId || undefined, originRegionCode: v.originRegionCode || undefined, measured: v.measured };
        try {
          const r = await post<{ accepted: number; duplicates: number; corrections: number; cancellations: number }>('/api/household/tickets', body);
          if (r.duplicates) message.info(L('该磅单已录入过，未重复计入', 'This ticket was in already; it is not counted twice'));
          else message.success(cancelling ? L('已作废', 'Cancelled') : amend ? L('已更正', 'Corrected') : L('已录入', 'Entered'));
          onDone();
        } catch (e) { fail(e); }
      }}>
      {amend && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={cancelling
        ? L('作废不删除原磅单：录入一张作废单，原磅单不再计入清运量。', 'Nothing is deleted: a cancellation ticket is added and the original no longer counts.')
        : L('更正不修改原磅单：录入一张更正单，以更正后的重量计入清运量。', 'Nothing is edited: a correction ticket is added and its weights count instead.')} />}
      <Space wrap>
        <Form.Item name="facilityId" label={L('过磅设施', 'Facility')} rules={[{ required: true }]}>
          <Select style={{ width: 260 }} disabled={!!amend} loading={facilities.isLoading} data-testid="hh-ticket-facility"
            options={(facilities.data?.items ?? []).map((f) => ({ value: f.id, label: f.name }))} /></Form.Item>
        <Form.Item name="ticketNo" label={amend ? L('本单编号', 'This ticket’s number') : L('磅单号', 'Ticket number')} rules={[{ required: true }]}><Input style={{ width: 220 }} data-testid="hh-ticket-no" /></Form.Item>
      </Space>
      {amend && <Form.Item name="reason" label={cancelling ? L('作废原因', 'Why it is cancelled') : L('更正原因', 'Why it is corrected')} rules={[{ required: true, min: 2 }]}>
        <Input.TextArea rows={2} data-testid="hh-ticket-reason" /></Form.Item>}
      {!cancelling && <>
        <Space wrap>
          <Form.Item name="plate" label={L('车牌', 'Plate')} rules={[{ required: true, min: 5, max: 10 }]}>
            <AutoComplete style={{ width: 200 }} data-testid="hh-ticket-plate" filterOption={(input, o) => String(o?.value ?? '').includes(input.trim().toUpperCase())}
              options={(vehicles.data?.items ?? []).map((x) => ({ value: x.plate, label: `${x.plate}（${word(TICKET_CLASSES, x.wasteClass, lang)}）` }))} /></Form.Item>
          <Form.Item name="wasteClass" label={L('类别', 'Class')} rules={[{ required: true }]}><Select style={{ width: 200 }} options={options(TICKET_CLASSES, lang)} data-testid="hh-ticket-class" /></Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="grossT" label={L('毛重（吨）', 'Gross (t)')} rules={[{ required: true }]}><InputNumber min={0} max={60} step={0.01} style={{ width: 140 }} data-testid="hh-ticket-gross" /></Form.Item>
          <Form.Item name="tareT" label={L('皮重（吨）', 'Tare (t)')} rules={[{ required: true }]}><InputNumber min={0} max={60} step={0.01} style={{ width: 140 }} data-testid="hh-ticket-tare" /></Form.Item>
          <Form.Item name="netT" label={L('净重（吨）', 'Net (t)')} rules={[{ required: true }]}><InputNumber min={0} max={60} step={0.01} style={{ width: 140 }} data-testid="hh-ticket-net" /></Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="inAt" label={L('进场时间', 'Time in')} rules={[{ required: true }]}><DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" allowClear={false} /></Form.Item>
          <Form.Item name="outAt" label={L('出场时间', 'Time out')} rules={[{ required: true }]}><DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" allowClear={false} /></Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="routeId" label={L('收运线路（可不选）', 'Route (optional)')}><Select allowClear style={{ width: 220 }} loading={routes.isLoading}
            options={(routes.data?.items ?? []).map((r) => ({ value: r.id, label: r.name }))} /></Form.Item>
          <Form.Item name="originRegionCode" label={L('来源乡镇（可不选）', 'Town of origin (optional)')}><TownPicker testId="hh-ticket-origin" allowClear /></Form.Item>
        </Space>
        <Form.Item name="measured" label={L('计量方式', 'Weighed')}><Radio.Group options={[{ value: true, label: L('实测', 'Measured') }, { value: false, label: L('估算', 'Estimated') }]} /></Form.Item>
      </>}
      <FormError error={error} />
      <Button type="primary" danger={cancelling} htmlType="submit" data-testid="hh-ticket-submit">{cancelling ? L('作废', 'Cancel the ticket') : amend ? L('提交更正', 'Post the correction') : L('录入', 'Enter')}</Button>
    </Form>
  );
}
