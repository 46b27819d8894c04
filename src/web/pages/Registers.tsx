import { useState, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Drawer, Form, Input, InputNumber, Modal, Radio, Select, Space, Statistic, Tabs, Tag, Timeline, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { ApiError, get, post, qs, type Page } from '../api';
import { shanghai, useI18n } from '../i18n';
import { ServerTable } from '../components/ServerTable';
import { RegionPicker } from '../components/RegionPicker';
import { CELL_KINDS, CIRCULAR_STATUSES, CREDENTIAL_KINDS, CREDENTIAL_LEVELS, LEVEL_RULE, PARK_LEVELS, VALID_UNTIL_REQUIRED, type CredentialKind, type Labelled } from '../../domain/registers';

// 名录: the registers the indicators count. Companies' credentials (清洁生产审核, 绿色工厂, 无废工厂,
// 环境污染责任保险), industrial parks and their 循环化改造, 无废城市细胞 and 危险废物规范化管理抽查, each a
// server-paged table with the form that records a new entry (shown to those who may record it).

interface Summary {
  year: number; credentials: { cleanProduction: number; greenFactories: number; zeroWasteFactories: number; insured: number };
  parks: number; circularParks: number; cells: number; checks: number; checksPassed: number;
  may: { credential: boolean; park: boolean; cell: boolean; check: boolean };
}
interface Credential {
  id: string; organisationId: string; organisationName: string; regionName: string | null; kind: string; level: string | null; reference: string; issuedOn: string; validUntil: string | null;
  endedOn: string | null; endReason: string | null; status: 'in_force' | 'expired' | 'ended'; note: string; recordedByName: string | null; actions: { end: boolean };
}
interface Park {
  id: string; name: string; level: string; regionName: string | null; circularStatus: string; circularStartedOn: string | null; circularDoneOn: string | null; ecoPark: boolean; note: string;
  actions: { update: boolean };
}
interface ParkDetail extends Park { history: { action: string; at: string; by: string; circularStatus: string | null; circularStartedOn: string | null; circularDoneOn: string | null; ecoPark: boolean | null; note: string }[] }
interface Cell { id: string; name: string; kind: string; regionName: string | null; organisationName: string | null; namedOn: string; namedBy: string; endedOn: string | null; endReason: string | null; active: boolean; actions: { end: boolean } }
interface Check { id: string; organisationId: string; organisationName: string; regionName: string | null; checkedOn: string; passed: boolean; score: number | null; findings: string; checkedByName: string | null }

const STATUS: Record<Credential['status'], [string, string, string]> = { in_force: ['有效', 'In force', 'green'], expired: ['已过期', 'Expired', 'orange'], ended: ['已终止', 'Ended', 'default'] };
const CIRCULAR_COLOUR: Record<string, string> = { none: 'default', in_progress: 'blue', done: 'green' };
const day = (d: Dayjs | undefined | null) => (d ? d.format('YYYY-MM-DD') : undefined);

function useLabels() {
  const { lang } = useI18n();
  return (list: readonly Labelled[], value: string | null | undefined) => (value ? list.find((e) => e.value === value)?.[lang] ?? value : '');
}
const options = (list: readonly Labelled[], lang: 'zh' | 'en') => list.map((e) => ({ value: e.value, label: e[lang] }));

/** Shows a refusal beside its field (or as a message) and reports whether it was one. */
function useFail(form?: ReturnType<typeof Form.useForm>[0]) {
  const { M } = useI18n();
  const { message } = App.useApp();
  return (e: unknown) => {
    if (!(e instanceof ApiError)) throw e;
    const fields = e.issues.length ? e.issues : e.path ? [{ path: e.path, message: e.text }] : [];
    form?.setFields(fields.filter((i) => i.path).map((i) => ({ name: i.path.split('.')[0], errors: [M(i.message)] })));
    message.error(M(e.text));
  };
}

/** A verified company of the area, searched by name on the server. */
function CompanyPicker({ value, onChange, testId }: { value?: string; onChange?: (v: string) => void; testId: string }) {
  const { L } = useI18n();
  const [search, setSearch] = useState('');
  const companies = useQuery({ queryKey: ['reg-companies', search], queryFn: () => get<Page<{ id: string; name: string }>>(`/api/organisations${qs({ kind: 'enterprise', status: 'verified', q: search, pageSize: 20 })}`) });
  return <Select showSearch filterOption={false} onSearch={setSearch} value={value} onChange={onChange} data-testid={testId} placeholder={L('搜索企业名称', 'Search a company')}
    options={(companies.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))} />;
}

export default function RegistersPage() {
  const { L } = useI18n();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'credentials';
  const summary = useQuery({ queryKey: ['reg-summary'], queryFn: () => get<Summary>('/api/registers/summary') });
  const s = summary.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={L('名录', 'Registers')} size="small" data-testid="reg-summary">
        {s && <Space size={40} wrap>
          <Statistic title={L('清洁生产审核（有效）', 'Cleaner-production audits in force')} value={s.credentials.cleanProduction} suffix={L('家', '')} />
          <Statistic title={L('绿色工厂', 'Green factories')} value={s.credentials.greenFactories} suffix={L('家', '')} />
          <Statistic title={L('环境污染责任保险', 'Pollution insurance')} value={s.credentials.insured} suffix={L('家', '')} />
          <Statistic title={L('循环化改造园区 / 园区', 'Parks under circular retrofit / parks')} value={`${s.circularParks} / ${s.parks}`} />
          <Statistic title={L('无废城市细胞', 'Zero-waste cells')} value={s.cells} suffix={L('个', '')} />
          <Statistic title={L(`${s.year}年抽查合格 / 抽查`, `Checks passed / checks, ${s.year}`)} value={`${s.checksPassed} / ${s.checks}`} />
        </Space>}
      </Card>
      <Card>
        <Tabs activeKey={tab} onChange={(key) => setParams({ tab: key })} items={[
          { key: 'credentials', label: <span data-testid="reg-tab-credentials">{L('企业资质与认证', 'Credentials')}</span>, children: <Credentials may={!!s?.may.credential} /> },
          { key: 'parks', label: <span data-testid="reg-tab-parks">{L('工业园区', 'Industrial parks')}</span>, children: <Parks may={!!s?.may.park} /> },
          { key: 'cells', label: <span data-testid="reg-tab-cells">{L('无废城市细胞', 'Zero-waste cells')}</span>, children: <Cells may={!!s?.may.cell} /> },
          { key: 'checks', label: <span data-testid="reg-tab-checks">{L('规范化管理抽查', 'Compliance checks')}</span>, children: <Checks may={!!s?.may.check} /> },
        ]} />
      </Card>
    </Space>
  );
}

/** Refreshes a table and the overview after a write. */
function useReload(key: string) {
  const client = useQueryClient();
  return () => { client.invalidateQueries({ queryKey: [key] }); client.invalidateQueries({ queryKey: ['reg-summary'] }); };
}

/** A drawer holding a form, for recording an entry. */
function FormDrawer({ title, open, onClose, children }: { title: string; open: boolean; onClose: () => void; children: ReactNode }) {
  return <Drawer open={open} title={title} onClose={onClose} width={Math.min(560, window.innerWidth)} destroyOnHidden>{children}</Drawer>;
}

/** 终止 / 摘牌: the day (today unless said) and the reason. */
function EndModal({ title, url, onClose, onDone }: { title: string; url: string | null; onClose: () => void; onDone: () => void }) {
  const { L } = useI18n();
  const [form] = Form.useForm();
  const fail = useFail(form);
  return (
    <Modal open={!!url} title={title} onCancel={onClose} footer={null} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ endedOn: dayjs() }} onFinish={async (v) => {
        try { await post(url!, { endedOn: day(v.endedOn), reason: v.reason }); onDone(); onClose(); } catch (e) { fail(e); }
      }}>
        <Form.Item name="endedOn" label={L('终止日期（当日起不再计入）', 'Ends on (no longer counted from that day)')} rules={[{ required: true }]}><DatePicker /></Form.Item>
        <Form.Item name="reason" label={L('原因', 'Reason')} rules={[{ required: true, min: 2 }]}><Input.TextArea rows={2} data-testid="reg-end-reason" /></Form.Item>
        <Button type="primary" danger htmlType="submit" data-testid="reg-end-submit">{L('确认', 'Confirm')}</Button>
      </Form>
    </Modal>
  );
}

// ---- 企业资质与认证 -----------------------------------------------------------------------------------------

function Credentials({ may }: { may: boolean }) {
  const { L, lang } = useI18n();
  const label = useLabels();
  const [params] = useSearchParams();
  const [adding, setAdding] = useState(false);
  const [ending, setEnding] = useState<string | null>(null);
  const reload = useReload('reg-credentials');
  const organisationId = params.get('organisationId') ?? undefined;
  return <>
    <div data-testid="reg-credentials"><ServerTable<Credential> queryKey="reg-credentials" url="/api/registers/credentials" rowKey="id" fixedFilters={{ organisationId }}
      extra={may && <Button type="primary" onClick={() => setAdding(true)} data-testid="reg-credential-new">{L('登记资质与认证', 'Record a credential')}</Button>}
      filters={<>
        <Form.Item name="q"><Input allowClear placeholder={L('企业名称', 'Company')} style={{ width: 180 }} /></Form.Item>
        <Form.Item name="kind"><Select allowClear placeholder={L('类型', 'Kind')} style={{ width: 200 }} options={options(CREDENTIAL_KINDS, lang)} /></Form.Item>
        <Form.Item name="status"><Select allowClear placeholder={L('状态', 'Status')} style={{ width: 120 }} options={Object.entries(STATUS).map(([value, [zh, en]]) => ({ value, label: L(zh, en) }))} /></Form.Item>
      </>}
      columns={[
        { title: L('企业', 'Company'), dataIndex: 'organisationName', fixed: 'left', render: (n: string, c) => <Link to={`/organisations/${c.organisationId}`}>{n}</Link> },
        { title: L('类型', 'Kind'), dataIndex: 'kind', render: (k: string) => label(CREDENTIAL_KINDS, k) },
        { title: L('级别', 'Level'), dataIndex: 'level', render: (l: string | null) => label(CREDENTIAL_LEVELS, l) || '—' },
        { title: L('证书/保单编号', 'Certificate or policy'), dataIndex: 'reference' },
        { title: L('发证日期', 'Issued'), dataIndex: 'issuedOn' },
        { title: L('有效期至', 'Valid until'), dataIndex: 'validUntil', render: (d: string | null) => d ?? L('长期', 'Open-ended') },
        { title: L('状态', 'Status'), dataIndex: 'status', render: (st: Credential['status'], c) => <span title={c.endReason ?? ''}><Tag color={STATUS[st][2]} data-testid="reg-credential-status">{L(STATUS[st][0], STATUS[st][1])}</Tag>{c.endedOn && c.endedOn}</span> },
        { title: L('所在地', 'Place'), dataIndex: 'regionName' },
        { title: L('登记人', 'Recorded by'), dataIndex: 'recordedByName' },
        { title: L('操作', 'Actions'), render: (_: unknown, c) => c.actions.end && <Button size="small" onClick={() => setEnding(c.id)}>{L('终止', 'End')}</Button> },
      ]} /></div>
    <FormDrawer title={L('登记企业资质与认证', 'Record a credential')} open={adding} onClose={() => setAdding(false)}>
      <CredentialForm onDone={() => { setAdding(false); reload(); }} />
    </FormDrawer>
    <EndModal title={L('终止该记录', 'End this record')} url={ending && `/api/registers/credentials/${ending}/end`} onClose={() => setEnding(null)} onDone={reload} />
  </>;
}

function CredentialForm({ onDone }: { onDone: () => void }) {
  const { L, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const fail = useFail(form);
  const kind = Form.useWatch('kind', form) as CredentialKind | undefined;
  return (
    <Form form={form} layout="vertical" initialValues={{ kind: 'clean_production_audit', issuedOn: dayjs() }} onFinish={async (v) => {
      const body = { organisationId: v.organisationId, kind: v.kind, level: v.level, reference: v.reference, issuedOn: day(v.issuedOn), validUntil: day(v.validUntil), note: v.note,
        evidence: v.evidence ? [{ name: v.evidence }] : undefined };
      try { await post('/api/registers/credentials', body); message.success(L('已登记', 'Recorded')); onDone(); } catch (e) { fail(e); }
    }}>
      <Form.Item name="organisationId" label={L('企业', 'Company')} rules={[{ required: true }]}><CompanyPicker testId="reg-credential-org" /></Form.Item>
      <Form.Item name="kind" label={L('类型', 'Kind')}><Select options={options(CREDENTIAL_KINDS, lang)} data-testid="reg-credential-kind" /></Form.Item>
      {kind && LEVEL_RULE[kind] !== 'none' && <Form.Item name="level" label={L('级别', 'Level')} rules={[{ required: LEVEL_RULE[kind] === 'required' }]}>
        <Select allowClear options={options(CREDENTIAL_LEVELS, lang)} data-testid="reg-credential-level" /></Form.Item>}
      <Form.Item name="reference" label={kind === 'pollution_insurance' ? L('保单号', 'Policy number') : L('文号或证书编号', 'Document or certificate number')} rules={[{ required: true, min: 2 }]}>
        <Input data-testid="reg-credential-reference" /></Form.Item>
      <Space wrap>
        <Form.Item name="issuedOn" label={kind === 'pollution_insurance' ? L('保险起期', 'Cover starts') : L('发证（评估通过）日期', 'Issued (passed) on')} rules={[{ required: true }]}><DatePicker /></Form.Item>
        <Form.Item name="validUntil" label={kind === 'pollution_insurance' ? L('保险止期', 'Cover ends') : L('有效期至（可不填）', 'Valid until (optional)')} rules={[{ required: !!kind && VALID_UNTIL_REQUIRED[kind] }]}>
          <DatePicker data-testid="reg-credential-until" /></Form.Item>
      </Space>
      <Form.Item name="evidence" label={L('佐证材料（文件名称）', 'Evidence (file name)')}><Input /></Form.Item>
      <Form.Item name="note" label={L('备注', 'Note')}><Input.TextArea rows={2} /></Form.Item>
      <Button type="primary" htmlType="submit" data-testid="reg-credential-submit">{L('登记', 'Record')}</Button>
    </Form>
  );
}

// ---- 工业园区 -------------------------------------------------------------------------------------------------

function Parks({ may }: { may: boolean }) {
  const { L, lang } = useI18n();
  const label = useLabels();
  const [params, setParams] = useSearchParams();
  const [adding, setAdding] = useState(false);
  const [updating, setUpdating] = useState<Park | null>(null);
  const reload = useReload('reg-parks');
  const open = params.get('park');
  return <>
    <div data-testid="reg-parks"><ServerTable<Park> queryKey="reg-parks" url="/api/registers/parks" rowKey="id" onRow={(p) => setParams({ tab: 'parks', park: p.id })}
      extra={may && <Button type="primary" onClick={() => setAdding(true)} data-testid="reg-park-new">{L('登记工业园区', 'Record a park')}</Button>}
      filters={<>
        <Form.Item name="q"><Input allowClear placeholder={L('园区名称', 'Park')} style={{ width: 180 }} /></Form.Item>
        <Form.Item name="circularStatus"><Select allowClear placeholder={L('循环化改造', 'Circular retrofit')} style={{ width: 140 }} options={options(CIRCULAR_STATUSES, lang)} /></Form.Item>
      </>}
      columns={[
        { title: L('园区', 'Park'), dataIndex: 'name', fixed: 'left' },
        { title: L('级别', 'Level'), dataIndex: 'level', render: (l: string) => label(PARK_LEVELS, l) },
        { title: L('所在地', 'Place'), dataIndex: 'regionName' },
        { title: L('循环化改造', 'Circular retrofit'), dataIndex: 'circularStatus', render: (st: string) => <Tag color={CIRCULAR_COLOUR[st]}>{label(CIRCULAR_STATUSES, st)}</Tag> },
        { title: L('开始日期', 'Started'), dataIndex: 'circularStartedOn', render: (d: string | null) => d ?? '—' },
        { title: L('完成日期', 'Done'), dataIndex: 'circularDoneOn', render: (d: string | null) => d ?? '—' },
        { title: L('生态工业园区', 'Eco-industrial park'), dataIndex: 'ecoPark', render: (e: boolean) => (e ? <Tag color="green">{L('是', 'Yes')}</Tag> : L('否', 'No')) },
        { title: L('操作', 'Actions'), render: (_: unknown, p) => p.actions.update && <Button size="small" onClick={(e) => { e.stopPropagation(); setUpdating(p); }}>{L('更新状态', 'Update status')}</Button> },
      ]} /></div>
    <FormDrawer title={L('登记工业园区', 'Record a park')} open={adding} onClose={() => setAdding(false)}>
      <ParkForm onDone={() => { setAdding(false); reload(); }} />
    </FormDrawer>
    <FormDrawer title={updating ? L(`更新循环化改造状态：${updating.name}`, `Update circular retrofit: ${updating.name}`) : ''} open={!!updating} onClose={() => setUpdating(null)}>
      {updating && <ParkForm park={updating} onDone={() => { setUpdating(null); reload(); }} />}
    </FormDrawer>
    {open && <ParkHistory id={open} onClose={() => setParams({ tab: 'parks' })} />}
  </>;
}

/** A new park with its status, or (park given) the status of a park as it now stands. */
function ParkForm({ park, onDone }: { park?: Park; onDone: () => void }) {
  const { L, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const fail = useFail(form);
  const status = Form.useWatch('circularStatus', form);
  const toDay = (d: string | null | undefined) => (d ? dayjs(d) : undefined);
  return (
    <Form form={form} layout="vertical" initialValues={park
      ? { circularStatus: park.circularStatus, circularStartedOn: toDay(park.circularStartedOn), circularDoneOn: toDay(park.circularDoneOn), ecoPark: park.ecoPark }
      : { level: 'provincial', circularStatus: 'none', ecoPark: false }} onFinish={async (v) => {
      const state = { circularStatus: v.circularStatus, circularStartedOn: v.circularStatus === 'none' ? undefined : day(v.circularStartedOn),
        circularDoneOn: v.circularStatus === 'done' ? day(v.circularDoneOn) : undefined, ecoPark: v.ecoPark, note: v.note };
      try {
        await post(park ? `/api/registers/parks/${park.id}/status` : '/api/registers/parks', park ? state : { name: v.name, level: v.level, regionCode: v.regionCode, ...state });
        message.success(L('已保存', 'Saved')); onDone();
      } catch (e) { fail(e); }
    }}>
      {!park && <>
        <Form.Item name="name" label={L('园区名称', 'Name')} rules={[{ required: true, min: 2 }]}><Input data-testid="reg-park-name" /></Form.Item>
        <Space wrap>
          <Form.Item name="level" label={L('级别', 'Level')}><Select style={{ width: 140 }} options={options(PARK_LEVELS, lang)} /></Form.Item>
        </Space>
        <Form.Item name="regionCode" label={L('所在区划', 'Region')} rules={[{ required: true }]}><RegionPicker testId="reg-park-region" /></Form.Item>
      </>}
      <Form.Item name="circularStatus" label={L('循环化改造', 'Circular retrofit')}><Radio.Group options={options(CIRCULAR_STATUSES, lang)} data-testid="reg-park-status" /></Form.Item>
      <Space wrap>
        {status && status !== 'none' && <Form.Item name="circularStartedOn" label={L('开始日期', 'Started')} rules={[{ required: status === 'in_progress' }]}><DatePicker /></Form.Item>}
        {status === 'done' && <Form.Item name="circularDoneOn" label={L('完成（验收）日期', 'Done (accepted)')} rules={[{ required: true }]}><DatePicker /></Form.Item>}
      </Space>
      <Form.Item name="ecoPark" label={L('生态工业园区', 'Eco-industrial park')}><Radio.Group options={[{ value: true, label: L('是', 'Yes') }, { value: false, label: L('否', 'No') }]} /></Form.Item>
      <Form.Item name="note" label={L('说明', 'Note')}><Input.TextArea rows={2} /></Form.Item>
      <Button type="primary" htmlType="submit" data-testid="reg-park-submit">{park ? L('保存', 'Save') : L('登记', 'Record')}</Button>
    </Form>
  );
}

function ParkHistory({ id, onClose }: { id: string; onClose: () => void }) {
  const { L, M } = useI18n();
  const label = useLabels();
  const detail = useQuery({ queryKey: ['reg-park', id], queryFn: () => get<ParkDetail>(`/api/registers/parks/${id}`) });
  const p = detail.data;
  return (
    <Drawer open title={p?.name ?? L('园区', 'Park')} onClose={onClose} width={Math.min(560, window.innerWidth)} data-testid="reg-park-detail">
      {detail.error && <Typography.Text type="danger">{detail.error instanceof ApiError ? M(detail.error.text) : String(detail.error)}</Typography.Text>}
      {p && <Timeline items={p.history.map((h) => ({
        color: CIRCULAR_COLOUR[h.circularStatus ?? 'none'],
        children: <div data-testid="reg-park-step">
          <Typography.Text strong>{h.action === 'record' ? L('登记', 'Recorded') : L('更新状态', 'Status updated')}：{label(CIRCULAR_STATUSES, h.circularStatus)}</Typography.Text>
          {h.circularStartedOn && <span>，{L('开始', 'started')} {h.circularStartedOn}</span>}{h.circularDoneOn && <span>，{L('完成', 'done')} {h.circularDoneOn}</span>}
          {h.ecoPark && <Tag color="green" style={{ marginLeft: 8 }}>{L('生态工业园区', 'Eco-industrial park')}</Tag>}
          <div><Typography.Text type="secondary">{h.by} · {shanghai(h.at)}</Typography.Text></div>
          {h.note && <div>{h.note}</div>}
        </div>,
      }))} />}
    </Drawer>
  );
}

// ---- 无废城市细胞 -------------------------------------------------------------------------------------------

function Cells({ may }: { may: boolean }) {
  const { L, lang } = useI18n();
  const label = useLabels();
  const [adding, setAdding] = useState(false);
  const [ending, setEnding] = useState<string | null>(null);
  const reload = useReload('reg-cells');
  return <>
    <div data-testid="reg-cells"><ServerTable<Cell> queryKey="reg-cells" url="/api/registers/cells" rowKey="id"
      extra={may && <Button type="primary" onClick={() => setAdding(true)} data-testid="reg-cell-new">{L('登记无废城市细胞', 'Record a cell')}</Button>}
      filters={<>
        <Form.Item name="q"><Input allowClear placeholder={L('名称', 'Name')} style={{ width: 180 }} /></Form.Item>
        <Form.Item name="kind"><Select allowClear placeholder={L('类型', 'Kind')} style={{ width: 140 }} options={options(CELL_KINDS, lang)} /></Form.Item>
        <Form.Item name="active"><Select allowClear placeholder={L('状态', 'Status')} style={{ width: 120 }} options={[{ value: 'true', label: L('在册', 'Named') }, { value: 'false', label: L('已摘牌', 'Withdrawn') }]} /></Form.Item>
      </>}
      columns={[
        { title: L('名称', 'Name'), dataIndex: 'name', fixed: 'left' },
        { title: L('类型', 'Kind'), dataIndex: 'kind', render: (k: string) => label(CELL_KINDS, k) },
        { title: L('所在地', 'Place'), dataIndex: 'regionName' },
        { title: L('命名日期', 'Named on'), dataIndex: 'namedOn' },
        { title: L('命名单位', 'Named by'), dataIndex: 'namedBy' },
        { title: L('状态', 'Status'), render: (_: unknown, c) => (c.active ? <Tag color="green">{L('在册', 'Named')}</Tag>
          : <span title={c.endReason ?? ''}><Tag>{L('已摘牌', 'Withdrawn')}</Tag>{c.endedOn}</span>) },
        { title: L('操作', 'Actions'), render: (_: unknown, c) => c.actions.end && <Button size="small" onClick={() => setEnding(c.id)}>{L('摘牌', 'Withdraw')}</Button> },
      ]} /></div>
    <FormDrawer title={L('登记无废城市细胞', 'Record a zero-waste cell')} open={adding} onClose={() => setAdding(false)}>
      <CellForm onDone={() => { setAdding(false); reload(); }} />
    </FormDrawer>
    <EndModal title={L('摘牌', 'Withdraw the name')} url={ending && `/api/registers/cells/${ending}/end`} onClose={() => setEnding(null)} onDone={reload} />
  </>;
}

function CellForm({ onDone }: { onDone: () => void }) {
  const { L, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const fail = useFail(form);
  return (
    <Form form={form} layout="vertical" initialValues={{ kind: 'community', namedOn: dayjs() }} onFinish={async (v) => {
      try {
        await post('/api/registers/cells', { name: v.name, kind: v.kind, regionCode: v.regionCode, namedOn: day(v.namedOn), namedBy: v.namedBy, evidence: v.evidence ? [{ name: v.evidence }] : undefined });
        message.success(L('已登记', 'Recorded')); onDone();
      } catch (e) { fail(e); }
    }}>
      <Form.Item name="name" label={L('单位名称', 'Name')} rules={[{ required: true, min: 2 }]}><Input data-testid="reg-cell-name" /></Form.Item>
      <Form.Item name="kind" label={L('类型', 'Kind')}><Select options={options(CELL_KINDS, lang)} /></Form.Item>
      <Form.Item name="regionCode" label={L('所在区划', 'Region')} rules={[{ required: true }]}><RegionPicker testId="reg-cell-region" /></Form.Item>
      <Space wrap>
        <Form.Item name="namedOn" label={L('命名日期', 'Named on')} rules={[{ required: true }]}><DatePicker /></Form.Item>
        <Form.Item name="namedBy" label={L('命名单位', 'Named by')}><Input style={{ width: 260 }} /></Form.Item>
      </Space>
      <Form.Item name="evidence" label={L('佐证材料（文件名称）', 'Evidence (file name)')}><Input /></Form.Item>
      <Button type="primary" htmlType="submit" data-testid="reg-cell-submit">{L('登记', 'Record')}</Button>
    </Form>
  );
}

// ---- 规范化管理抽查 -----------------------------------------------------------------------------------------

function Checks({ may }: { may: boolean }) {
  const { L } = useI18n();
  const [params] = useSearchParams();
  const [adding, setAdding] = useState(false);
  const reload = useReload('reg-checks');
  const organisationId = params.get('organisationId') ?? undefined;
  return <>
    <div data-testid="reg-checks"><ServerTable<Check> queryKey="reg-checks" url="/api/registers/checks" rowKey="id" fixedFilters={{ organisationId }}
      extra={may && <Button type="primary" onClick={() => setAdding(true)} data-testid="reg-check-new">{L('登记抽查', 'Record a check')}</Button>}
      filters={<>
        <Form.Item name="q"><Input allowClear placeholder={L('被查单位', 'Unit checked')} style={{ width: 180 }} /></Form.Item>
        <Form.Item name="year"><InputNumber placeholder={L('年份', 'Year')} min={2000} max={2100} style={{ width: 100 }} /></Form.Item>
        <Form.Item name="passed"><Select allowClear placeholder={L('结果', 'Result')} style={{ width: 120 }} options={[{ value: 'true', label: L('合格', 'Passed') }, { value: 'false', label: L('不合格', 'Failed') }]} /></Form.Item>
      </>}
      columns={[
        { title: L('被查单位', 'Unit checked'), dataIndex: 'organisationName', fixed: 'left', render: (n: string, k) => <Link to={`/organisations/${k.organisationId}`}>{n}</Link> },
        { title: L('抽查日期', 'Checked on'), dataIndex: 'checkedOn' },
        { title: L('结果', 'Result'), dataIndex: 'passed', render: (p: boolean) => <Tag color={p ? 'green' : 'red'} data-testid="reg-check-result">{p ? L('合格', 'Passed') : L('不合格', 'Failed')}</Tag> },
        { title: L('得分', 'Score'), dataIndex: 'score', render: (s: number | null) => (s === null ? '—' : s.toLocaleString('zh-CN', { maximumFractionDigits: 1 })) },
        { title: L('发现问题', 'Findings'), dataIndex: 'findings', render: (f: string) => f || '—' },
        { title: L('所在地', 'Place'), dataIndex: 'regionName' },
        { title: L('检查人', 'Checked by'), dataIndex: 'checkedByName' },
      ]} /></div>
    <FormDrawer title={L('登记危险废物规范化管理抽查', 'Record a compliance check')} open={adding} onClose={() => setAdding(false)}>
      <CheckForm onDone={() => { setAdding(false); reload(); }} />
    </FormDrawer>
  </>;
}

function CheckForm({ onDone }: { onDone: () => void }) {
  const { L } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const fail = useFail(form);
  const passed = Form.useWatch('passed', form);
  return (
    <Form form={form} layout="vertical" initialValues={{ checkedOn: dayjs(), passed: true }} onFinish={async (v) => {
      try {
        await post('/api/registers/checks', { organisationId: v.organisationId, checkedOn: day(v.checkedOn), passed: v.passed, score: v.score ?? undefined, findings: v.findings });
        message.success(L('已登记', 'Recorded')); onDone();
      } catch (e) { fail(e); }
    }}>
      <Form.Item name="organisationId" label={L('被查单位（危险废物产生、收集、利用处置单位）', 'Unit checked (producing, collecting or treating hazardous waste)')} rules={[{ required: true }]}>
        <CompanyPicker testId="reg-check-org" /></Form.Item>
      <Space wrap>
        <Form.Item name="checkedOn" label={L('抽查日期', 'Checked on')} rules={[{ required: true }]}><DatePicker /></Form.Item>
        <Form.Item name="score" label={L('得分（0–100）', 'Score (0–100)')}><InputNumber min={0} max={100} step={0.5} style={{ width: 120 }} data-testid="reg-check-score" /></Form.Item>
      </Space>
      <Form.Item name="passed" label={L('结果', 'Result')}>
        <Radio.Group data-testid="reg-check-passed" options={[{ value: true, label: L('合格', 'Passed') }, { value: false, label: L('不合格', 'Failed') }]} /></Form.Item>
      <Form.Item name="findings" label={passed === false ? L('发现的问题（不合格须填写）', 'What was found (required when failed)') : L('发现的问题', 'What was found')} rules={[{ required: passed === false, min: passed === false ? 4 : 0 }]}>
        <Input.TextArea rows={3} data-testid="reg-check-findings" /></Form.Item>
      <Button type="primary" htmlType="submit" data-testid="reg-check-submit">{L('登记', 'Record')}</Button>
    </Form>
  );
}
