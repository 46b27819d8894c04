import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, DatePicker, Descriptions, Drawer, Empty, Form, Input, InputNumber, Pagination, Popconfirm, Progress, Select, Space, Statistic, Table, Tag, Timeline, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { ApiError, get, post, qs, type Page } from '../api';
import { shanghai, tonnes, useI18n, type Lang } from '../i18n';
import { useSession } from '../session';
import { RegionPicker } from '../components/RegionPicker';

// 大宗工业固体废物堆存场所: the register of ash yards, slag heaps and gypsum stacks with their fill,
// stock readings and the rectification workflow (下达整改 → 报告整改情况 → 验收 / 退回).

interface Actions { recordStock: boolean; openRectification: boolean; report: boolean; verify: boolean; close: boolean }
interface SiteRow {
  id: string; name: string; kind: 'storage' | 'landfill'; wasteClasses: string[]; regionCode: string; regionName: string | null; organisationId: string | null; operator: string | null;
  address: string; longitude: number | null; latitude: number | null; areaM2: number | null; designCapacityT: number; builtYear: number | null; controls: string; legacy: 'yes' | 'no';
  status: 'in_use' | 'closed'; stockT: number | null; stockAsOf: string | null; fillPct: number | null; overCapacity: boolean; openRectifications: number; overdueRectifications: number; overdue: boolean; actions: Actions;
}
interface Reading { id: string; asOf: string; stockT: number; inT: number; outT: number; note: string; recordedBy: string | null; createdAt: string; fillPct: number | null; overCapacity: boolean }
interface Step { action: string; at: string; by: string; note: string }
interface Rectification { id: string; problem: string; foundOn: string; deadline: string; status: 'open' | 'reported' | 'verified'; action: string; reportedAt: string | null; verifiedAt: string | null; overdue: boolean; history: Step[] }
interface SiteDetail extends SiteRow { stock: Page<Reading>; rectifications: Page<Rectification> }
interface Totals {
  regionCode: string | null; sites: number; inUse: number; closed: number; legacy: number; designCapacityT: number; stockT: number; fillPct: number | null; overCapacity: number;
  rectifications: { open: number; reported: number; outstanding: number; overdue: number; verified: number }; sitesWithRectification: number; sitesRectified: number;
}

const KIND: Record<string, [string, string]> = { storage: ['贮存场', 'Storage yard'], landfill: ['填埋场', 'Landfill'] };
const STATUS: Record<string, [string, string, string]> = { in_use: ['在用', 'In use', 'green'], closed: ['已关闭', 'Closed', 'default'] };
const RECT: Record<string, [string, string, string]> = { open: ['待整改', 'Open', 'orange'], reported: ['待验收', 'Reported', 'blue'], verified: ['已验收', 'Verified', 'green'] };
const STEP: Record<string, [string, string]> = { open: ['下达整改', 'Opened'], report: ['报告整改情况', 'Action reported'], return: ['退回重新整改', 'Sent back'], verify: ['验收通过', 'Signed off'] };

/** Tonnes, in 万吨 once the figure is large (as yearbooks print stockpiles). */
const bigTonnes = (t: number | null | undefined, lang: Lang) => {
  if (t === null || t === undefined) return '—';
  if (Math.abs(t) < 10_000) return tonnes(t, lang);
  return lang === 'zh' ? `${(t / 10_000).toLocaleString('zh-CN', { maximumFractionDigits: 2 })} 万吨` : `${(t / 1000).toLocaleString('en', { maximumFractionDigits: 1 })} kt`;
};

/** The current general industrial solid-waste classes (SW01 冶炼废渣 …), for pickers and tags. */
const useIndustrialClasses = () => useQuery({ queryKey: ['industrial-classes'], staleTime: 600_000, queryFn: () => get<Page<{ code: string; name: string }>>('/api/catalogues/industrial/entries?pageSize=100') });
const useClassNames = () => new Map((useIndustrialClasses().data?.items ?? []).map((c) => [c.code, c.name]));

function FillBar({ fillPct, overCapacity, testId }: { fillPct: number | null; overCapacity: boolean; testId?: string }) {
  const { L } = useI18n();
  if (fillPct === null) return <Typography.Text type="secondary">{L('无库存记录', 'No reading')}</Typography.Text>;
  return <Space data-testid={testId}>
    <Progress percent={Math.min(fillPct, 100)} size="small" style={{ width: 120 }} status={overCapacity || fillPct > 90 ? 'exception' : 'normal'} format={() => `${fillPct}%`} />
    {overCapacity && <Tag color="red">{L('超出设计库容', 'Over capacity')}</Tag>}
  </Space>;
}

const failWith = (message: { error: (s: string) => void }, M: (m: ApiError['text']) => string) => (e: unknown) => {
  if (e instanceof ApiError) message.error(M(e.text)); else throw e;
};

export default function BulkStoragePage() {
  const { L, M, lang } = useI18n();
  const { me } = useSession();
  const [filter, setFilter] = useState<Record<string, unknown>>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [open, setOpen] = useState<string | null>(null);
  const [registering, setRegistering] = useState(false);
  const official = me?.organisation?.kind === 'government';
  const sites = useQuery({ queryKey: ['bs-sites', filter, page, pageSize], queryFn: () => get<Page<SiteRow>>(`/api/bulk-storage/sites${qs({ ...filter, page, pageSize })}`) });
  const totals = useQuery({ queryKey: ['bs-totals'], enabled: official, queryFn: () => get<Totals>('/api/bulk-storage/totals') });
  const t = totals.data;
  const classNames = useClassNames();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {official && t && <Card size="small" data-testid="bs-totals">
        <Space size={40} wrap>
          <Statistic title={L('堆存场所（在用/关闭）', 'Sites (in use / closed)')} value={`${t.inUse} / ${t.closed}`} />
          <Statistic title={L('设计库容（在用）', 'Design capacity (in use)')} value={bigTonnes(t.designCapacityT, lang)} />
          <Statistic title={L('现存量', 'In stock')} value={bigTonnes(t.stockT, lang)} />
          <Statistic title={L('库容占用率', 'Fill')} value={t.fillPct ?? 0} suffix="%" />
          <Statistic title={L('未完成整改（逾期）', 'Rectifications outstanding (overdue)')} value={`${t.rectifications.outstanding}（${t.rectifications.overdue}）`}
            valueStyle={t.rectifications.overdue ? { color: '#cf1322' } : undefined} />
          <Statistic title={L('完成整治的堆场', 'Sites with every rectification signed off')} value={`${t.sitesRectified} / ${t.sitesWithRectification}`} />
        </Space>
      </Card>}
      <Card title={L('大宗工业固体废物堆存场所', 'Bulk industrial solid-waste storage sites')}
        extra={<Button type="primary" onClick={() => setRegistering(true)} data-testid="bs-register">{L('登记堆存场所', 'Register a site')}</Button>}>
        <Form layout="inline" style={{ marginBottom: 12, rowGap: 8 }} onFinish={(v) => { setPage(1); setFilter(Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== ''))); }}>
          <Form.Item name="q"><Input placeholder={L('名称', 'Name')} allowClear style={{ width: 180 }} /></Form.Item>
          <Form.Item name="status"><Select allowClear placeholder={L('状态', 'Status')} style={{ width: 120 }} options={Object.entries(STATUS).map(([value, [zh, en]]) => ({ value, label: L(zh, en) }))} /></Form.Item>
          <Form.Item name="kind"><Select allowClear placeholder={L('类型', 'Kind')} style={{ width: 120 }} options={Object.entries(KIND).map(([value, [zh, en]]) => ({ value, label: L(zh, en) }))} /></Form.Item>
          <Form.Item name="openRectification"><Select allowClear placeholder={L('整改', 'Rectification')} style={{ width: 160 }}
            options={[{ value: 'true', label: L('有未完成整改', 'Has open rectification') }, { value: 'false', label: L('无未完成整改', 'None open') }]} /></Form.Item>
          <Form.Item><Button htmlType="submit">{L('查询', 'Search')}</Button></Form.Item>
        </Form>
        {sites.error && <Alert type="error" showIcon message={sites.error instanceof ApiError ? M(sites.error.text) : String(sites.error)} style={{ marginBottom: 12 }} />}
        <Table<SiteRow> rowKey="id" size="middle" loading={sites.isLoading} dataSource={sites.data?.items ?? []} data-testid="bs-sites" scroll={{ x: 'max-content' }}
          onRow={(s) => ({ onClick: () => setOpen(s.id), style: { cursor: 'pointer' } })}
          pagination={{ current: page, pageSize, total: sites.data?.total ?? 0, showSizeChanger: true, showTotal: (n) => L(`共 ${n} 处`, `${n} in all`), onChange: (p, s) => { setPage(p); setPageSize(s); } }}
          columns={[
            { title: L('名称', 'Name'), dataIndex: 'name' },
            { title: L('运营单位', 'Operator'), render: (_: unknown, s) => s.operator ?? <Tag>{L('无运营单位', 'No operator')}</Tag> },
            { title: L('所在地', 'Place'), dataIndex: 'regionName' },
            { title: L('类别', 'Classes'), dataIndex: 'wasteClasses', render: (c: string[]) => c.map((x) => <Tag key={x} title={classNames.get(x)}>{x}</Tag>) },
            { title: L('现存量 / 设计库容', 'Stock / capacity'), render: (_: unknown, s) => `${bigTonnes(s.stockT, lang)} / ${bigTonnes(s.designCapacityT, lang)}` },
            { title: L('库容占用', 'Fill'), render: (_: unknown, s) => <FillBar fillPct={s.fillPct} overCapacity={s.overCapacity} testId="bs-fill" /> },
            { title: L('最近盘存', 'Last reading'), dataIndex: 'stockAsOf', render: (d: string | null) => d ?? '—' },
            { title: L('整改', 'Rectifications'), render: (_: unknown, s) => <Space size={4}>
              {s.openRectifications > 0 ? <Tag color="orange">{L(`未完成 ${s.openRectifications}`, `${s.openRectifications} open`)}</Tag> : <Tag color="green">{L('无', 'None')}</Tag>}
              {s.overdue && <Tag color="red" data-testid="bs-overdue">{L(`逾期 ${s.overdueRectifications}`, `${s.overdueRectifications} overdue`)}</Tag>}
            </Space> },
            { title: L('状态', 'Status'), render: (_: unknown, s) => <Space size={4}><Tag color={STATUS[s.status][2]}>{L(STATUS[s.status][0], STATUS[s.status][1])}</Tag>{s.legacy === 'yes' && <Tag color="purple">{L('历史遗留', 'Legacy')}</Tag>}</Space> },
          ]} />
      </Card>
      {registering && <RegisterSite official={official} onClose={() => setRegistering(false)} onDone={(id) => { setRegistering(false); setOpen(id); }} />}
      {open && <SiteDrawer id={open} onClose={() => setOpen(null)} />}
    </Space>
  );
}

function RegisterSite({ official, onClose, onDone }: { official: boolean; onClose: () => void; onDone: (id: string) => void }) {
  const { L, M } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const [operatorSearch, setOperatorSearch] = useState('');
  const legacy = Form.useWatch('legacy', form);
  const classes = useIndustrialClasses();
  const operators = useQuery({ queryKey: ['bs-operators', operatorSearch], enabled: official,
    queryFn: () => get<Page<{ id: string; name: string }>>(`/api/organisations${qs({ kind: 'enterprise', status: 'verified', q: operatorSearch, pageSize: 20 })}`) });
  return (
    <Drawer open title={L('登记堆存场所', 'Register a storage site')} onClose={onClose} width={Math.min(620, window.innerWidth)} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ kind: 'storage', legacy: false }} onFinish={async (v) => {
        const body = Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== null && x !== ''));
        try {
          const site = await post<{ id: string }>('/api/bulk-storage/sites', body);
          message.success(L('已登记，请登记一次库存', 'Registered: now record its stock'));
          client.invalidateQueries({ queryKey: ['bs-sites'] });
          client.invalidateQueries({ queryKey: ['bs-totals'] });
          onDone(site.id);
        } catch (e) {
          if (!(e instanceof ApiError)) throw e;
          const fields = e.issues.length ? e.issues : e.path ? [{ path: e.path, message: e.text }] : [];
          form.setFields(fields.filter((i) => i.path).map((i) => ({ name: i.path.split('.')[0], errors: [M(i.message)] })));
          message.error(M(e.text));
        }
      }}>
        <Form.Item name="name" label={L('名称', 'Name')} rules={[{ required: true, min: 2 }]}><Input data-testid="bs-name" placeholder={L('如：××热电贮灰场', 'e.g. the power plant’s ash yard')} /></Form.Item>
        <Space wrap>
          <Form.Item name="kind" label={L('类型', 'Kind')}><Select style={{ width: 140 }} options={Object.entries(KIND).map(([value, [zh, en]]) => ({ value, label: L(zh, en) }))} /></Form.Item>
          <Form.Item name="designCapacityT" label={L('设计库容（吨）', 'Design capacity (t)')} rules={[{ required: true }]}><InputNumber min={0} style={{ width: 180 }} data-testid="bs-capacity" /></Form.Item>
          <Form.Item name="areaM2" label={L('占地面积（平方米）', 'Area (m²)')}><InputNumber min={0} style={{ width: 160 }} /></Form.Item>
          <Form.Item name="builtYear" label={L('建成年份', 'Year built')}><InputNumber min={1949} max={2100} style={{ width: 120 }} /></Form.Item>
        </Space>
        <Form.Item name="wasteClasses" label={L('堆存废物类别（一般工业固体废物分类）', 'Classes held (general industrial solid-waste classes)')} rules={[{ required: true }]}>
          <Select mode="multiple" data-testid="bs-classes" options={(classes.data?.items ?? []).map((c) => ({ value: c.code, label: `${c.code} ${c.name}` }))} optionFilterProp="label" />
        </Form.Item>
        {official && <>
          <Form.Item name="organisationId" label={L('运营单位', 'Operator')}>
            <Select allowClear showSearch filterOption={false} onSearch={setOperatorSearch} disabled={!!legacy} data-testid="bs-operator" placeholder={L('搜索企业名称', 'Search a company')}
              options={(operators.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))} />
          </Form.Item>
          <Form.Item name="legacy" valuePropName="checked"><Checkbox data-testid="bs-legacy" onChange={(e) => { if (e.target.checked) form.setFieldValue('organisationId', undefined); }}>{L('历史遗留堆场（无运营单位）', 'Legacy site (no operator)')}</Checkbox></Form.Item>
        </>}
        <Form.Item name="regionCode" label={official ? L('所在区划（不填则取运营单位所在地）', 'Region (the operator’s if left empty)') : L('所在乡镇（街道），不填则取本单位所在地', 'Town (your company’s if left empty)')}>
          <RegionPicker testId="bs-region" />
        </Form.Item>
        <Form.Item name="address" label={L('地址', 'Address')}><Input /></Form.Item>
        <Space wrap>
          <Form.Item name="longitude" label={L('经度', 'Longitude')}><InputNumber style={{ width: 160 }} step={0.001} placeholder="115.65" /></Form.Item>
          <Form.Item name="latitude" label={L('纬度', 'Latitude')}><InputNumber style={{ width: 160 }} step={0.001} placeholder="36.87" /></Form.Item>
        </Space>
        <Form.Item name="controls" label={L('防渗、防扬散、防流失措施', 'Seepage, dust and run-off controls')}><Input.TextArea rows={2} /></Form.Item>
        <Button type="primary" htmlType="submit" data-testid="bs-submit">{L('登记', 'Register')}</Button>
      </Form>
    </Drawer>
  );
}

function SiteDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { L, M, lang } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [stockPage, setStockPage] = useState(1);
  const [rectPage, setRectPage] = useState(1);
  const detail = useQuery({ queryKey: ['bs-site', id, stockPage, rectPage], queryFn: () => get<SiteDetail>(`/api/bulk-storage/sites/${id}${qs({ stockPage, stockPageSize: 10, rectPage, rectPageSize: 10 })}`) });
  const [stockForm] = Form.useForm();
  const [rectForm] = Form.useForm();
  const s = detail.data;
  const classNames = useClassNames();
  const fail = failWith(message, M);
  const reload = () => ['bs-site', 'bs-sites', 'bs-totals'].forEach((k) => client.invalidateQueries({ queryKey: [k] }));
  return (
    <Drawer open width={Math.min(960, window.innerWidth)} onClose={onClose} title={s?.name} destroyOnHidden data-testid="bs-detail">
      {detail.error && <Alert type="error" showIcon message={detail.error instanceof ApiError ? M(detail.error.text) : String(detail.error)} />}
      {s && <Space direction="vertical" style={{ width: '100%' }}>
        <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} items={[
          { label: L('运营单位', 'Operator'), children: s.operator ?? L('无（历史遗留）', 'None (legacy)') },
          { label: L('所在地', 'Place'), children: `${s.regionName ?? s.regionCode} ${s.address}` },
          { label: L('类型', 'Kind'), children: L(...(KIND[s.kind] ?? [s.kind, s.kind])) },
          { label: L('状态', 'Status'), children: <Space size={4}><Tag color={STATUS[s.status][2]}>{L(STATUS[s.status][0], STATUS[s.status][1])}</Tag>{s.legacy === 'yes' && <Tag color="purple">{L('历史遗留', 'Legacy')}</Tag>}</Space> },
          { label: L('废物类别', 'Classes'), children: s.wasteClasses.map((c) => <Tag key={c}>{c} {classNames.get(c)}</Tag>) },
          { label: L('设计库容', 'Design capacity'), children: bigTonnes(s.designCapacityT, lang) },
          { label: L('现存量', 'In stock'), children: s.stockT === null ? '—' : `${bigTonnes(s.stockT, lang)}（${s.stockAsOf}）` },
          { label: L('库容占用', 'Fill'), children: <FillBar fillPct={s.fillPct} overCapacity={s.overCapacity} testId="bs-detail-fill" /> },
          { label: L('占地面积', 'Area'), children: s.areaM2 ? `${Number(s.areaM2).toLocaleString('zh-CN')} m²` : '—' },
          { label: L('建成年份', 'Year built'), children: s.builtYear ?? '—' },
          { label: L('坐标', 'Coordinates'), children: s.longitude !== null && s.latitude !== null ? `${s.longitude}, ${s.latitude}` : '—' },
          { label: L('污染防控措施', 'Controls'), children: s.controls || '—' },
        ]} />
        {s.actions.close && <Popconfirm title={L('关闭该堆场？关闭后不再登记库存。', 'Close this site? No more readings afterwards.')} onConfirm={async () => {
          try { await post(`/api/bulk-storage/sites/${id}/close`, { note: '' }); message.success(L('已关闭', 'Closed')); reload(); } catch (e) { fail(e); }
        }}><Button danger data-testid="bs-close">{L('关闭堆场', 'Close the site')}</Button></Popconfirm>}

        <Card size="small" title={L('整改', 'Rectifications')}>
          {s.actions.openRectification && <Form form={rectForm} layout="vertical" initialValues={{ foundOn: dayjs(), deadline: dayjs().add(30, 'day') }} onFinish={async (v: { problem: string; foundOn: Dayjs; deadline: Dayjs }) => {
            try {
              await post(`/api/bulk-storage/sites/${id}/rectifications`, { problem: v.problem, foundOn: v.foundOn.format('YYYY-MM-DD'), deadline: v.deadline.format('YYYY-MM-DD') });
              message.success(L('已下达整改', 'Rectification opened'));
              rectForm.resetFields();
              reload();
            } catch (e) { fail(e); }
          }}>
            <Form.Item name="problem" label={L('发现的问题', 'Problem found')} rules={[{ required: true, min: 4 }]}><Input.TextArea rows={2} data-testid="bs-rect-problem" /></Form.Item>
            <Space wrap align="end">
              <Form.Item name="foundOn" label={L('发现日期', 'Found on')} rules={[{ required: true }]}><DatePicker /></Form.Item>
              <Form.Item name="deadline" label={L('整改期限', 'Deadline')} rules={[{ required: true }]}><DatePicker /></Form.Item>
              <Form.Item><Button type="primary" htmlType="submit" data-testid="bs-rect-open">{L('下达整改', 'Open a rectification')}</Button></Form.Item>
            </Space>
          </Form>}
          {s.rectifications.items.length === 0 && <Empty description={L('没有整改事项', 'No rectifications')} />}
          {s.rectifications.items.map((r) => <RectificationCard key={r.id} r={r} actions={s.actions} onChanged={reload} />)}
          {s.rectifications.total > s.rectifications.pageSize && <Pagination size="small" style={{ marginTop: 8 }} current={rectPage} pageSize={10} total={s.rectifications.total} onChange={setRectPage} />}
        </Card>

        <Card size="small" title={L('库存记录', 'Stock readings')}>
          {s.actions.recordStock && <Form form={stockForm} layout="inline" style={{ marginBottom: 12, rowGap: 8 }} initialValues={{ asOf: dayjs() }} onFinish={async (v: { asOf: Dayjs; stockT: number; inT?: number; outT?: number; note?: string }) => {
            try {
              const r = await post<Reading>(`/api/bulk-storage/sites/${id}/stock`, { ...v, asOf: v.asOf.format('YYYY-MM-DD'), note: v.note ?? '' });
              if (r.overCapacity) message.warning(L(`已登记：库存超出设计库容（${r.fillPct}%）`, `Recorded: the stock is over the design capacity (${r.fillPct}%)`));
              else message.success(L('已登记', 'Recorded'));
              stockForm.resetFields();
              reload();
            } catch (e) { fail(e); }
          }}>
            <Form.Item name="asOf" rules={[{ required: true }]}><DatePicker /></Form.Item>
            <Form.Item name="stockT" rules={[{ required: true }]}><InputNumber min={0} placeholder={L('库存量（吨）', 'Stock (t)')} style={{ width: 150 }} data-testid="bs-stock-value" /></Form.Item>
            <Form.Item name="inT"><InputNumber min={0} placeholder={L('本期入场（吨）', 'In (t)')} style={{ width: 130 }} /></Form.Item>
            <Form.Item name="outT"><InputNumber min={0} placeholder={L('本期出场（吨）', 'Out (t)')} style={{ width: 130 }} /></Form.Item>
            <Form.Item name="note"><Input placeholder={L('备注（更正请注明）', 'Note (say so for a correction)')} style={{ width: 200 }} /></Form.Item>
            <Button type="primary" htmlType="submit" data-testid="bs-stock-submit">{L('登记库存', 'Record')}</Button>
          </Form>}
          <Table<Reading> size="small" rowKey="id" dataSource={s.stock.items} data-testid="bs-stock"
            pagination={{ current: stockPage, pageSize: 10, total: s.stock.total, onChange: setStockPage }}
            columns={[
              { title: L('盘存日期', 'As of'), dataIndex: 'asOf' },
              { title: L('库存量', 'Stock'), render: (_: unknown, r) => <Space size={4}>{tonnes(r.stockT, lang)}{r.overCapacity && <Tag color="red">{L('超库容', 'Over')}</Tag>}</Space> },
              { title: L('占用率', 'Fill'), dataIndex: 'fillPct', render: (p: number | null) => (p === null ? '—' : `${p}%`) },
              { title: L('入场', 'In'), dataIndex: 'inT', render: (t: number) => tonnes(t, lang) },
              { title: L('出场', 'Out'), dataIndex: 'outT', render: (t: number) => tonnes(t, lang) },
              { title: L('备注', 'Note'), dataIndex: 'note' },
              { title: L('登记人', 'By'), render: (_: unknown, r) => <span>{r.recordedBy}<br /><Typography.Text type="secondary">{shanghai(r.createdAt)}</Typography.Text></span> },
            ]} />
        </Card>
      </Space>}
    </Drawer>
  );
}

function RectificationCard({ r, actions, onChanged }: { r: Rectification; actions: Actions; onChanged: () => void }) {
  const { L, M } = useI18n();
  const { message } = App.useApp();
  const [action, setAction] = useState('');
  const [note, setNote] = useState('');
  const fail = failWith(message, M);
  const step = async (url: string, body: object, done: string) => {
    try { await post(url, body); message.success(done); setAction(''); setNote(''); onChanged(); } catch (e) { fail(e); }
  };
  return (
    <Card size="small" style={{ marginTop: 8 }} data-testid="bs-rect" data-status={r.status}>
      <Space wrap>
        <Tag color={RECT[r.status][2]} data-testid="bs-rect-status">{L(RECT[r.status][0], RECT[r.status][1])}</Tag>
        {r.overdue && <Tag color="red">{L('已逾期', 'Overdue')}</Tag>}
        <Typography.Text strong>{r.problem}</Typography.Text>
      </Space>
      <div><Typography.Text type="secondary">{L(`发现 ${r.foundOn}，期限 ${r.deadline}`, `Found ${r.foundOn}, due ${r.deadline}`)}</Typography.Text></div>
      {r.action && <div>{L('整改情况', 'Action taken')}：{r.action}</div>}
      {r.history.length > 0 && <Timeline style={{ marginTop: 8, marginBottom: 0 }} items={r.history.map((h) => ({
        color: h.action === 'return' ? 'red' : h.action === 'verify' ? 'green' : 'blue',
        children: <span>{L(...(STEP[h.action] ?? [h.action, h.action]))} · {h.by} · {shanghai(h.at)}{h.note && h.action !== 'open' ? `：${h.note}` : ''}</span>,
      }))} />}
      {actions.report && r.status === 'open' && <Space.Compact style={{ width: '100%', marginTop: 8 }}>
        <Input value={action} onChange={(e) => setAction(e.target.value)} placeholder={L('采取的整改措施', 'What was done')} data-testid="bs-rect-action" />
        <Button type="primary" data-testid="bs-rect-report" onClick={() => step(`/api/bulk-storage/rectifications/${r.id}/report`, { action }, L('已报告，等待验收', 'Reported: awaiting sign-off'))}>{L('报告整改情况', 'Report')}</Button>
      </Space.Compact>}
      {actions.verify && r.status === 'reported' && <Space wrap style={{ marginTop: 8 }}>
        <Button type="primary" data-testid="bs-rect-verify" onClick={() => step(`/api/bulk-storage/rectifications/${r.id}/verify`, { verdict: 'verify', note }, L('已验收', 'Signed off'))}>{L('验收通过', 'Sign off')}</Button>
        <Input value={note} onChange={(e) => setNote(e.target.value)} placeholder={L('退回理由', 'Why it is sent back')} style={{ width: 240 }} data-testid="bs-rect-note" />
        <Button danger data-testid="bs-rect-return" onClick={() => step(`/api/bulk-storage/rectifications/${r.id}/verify`, { verdict: 'return', note }, L('已退回', 'Sent back'))}>{L('退回', 'Send back')}</Button>
      </Space>}
    </Card>
  );
}
