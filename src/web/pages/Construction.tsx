import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Descriptions, Drawer, Form, Input, InputNumber, Progress, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { ApiError, api, get, post, qs, type Page } from '../api';
import { shanghai, tonnes, useI18n } from '../i18n';
import { useSession } from '../session';

interface ProjectRow { id: string; name: string; kind: string; floorAreaM2: number; startDate: string; status: string; owner: string; planStatus: string | null; greenBuilding: boolean | null; greenStar: number | null; prefabricated: boolean | null }
interface PlanItem { code: string; expectedT: number; reuseOnSiteT: number }
interface Plan { id: string; version: number; items: PlanItem[]; reductionTargetPct: number; measures: string; transporterIds: string[]; siteIds: string[]; status: string; submittedAt: string; comment: string }
interface ProjectDetail extends Omit<ProjectRow, 'owner' | 'planStatus'> { address: string; plans: Plan[]; outflow: { code: string; loads: number; t: number }[]; actions: { editBuilding: boolean; submitPlan: boolean; reviewPlan: boolean } }
/** A site as the directory shows it; `figures` (capacity, fill, room) only to its operator and the area's construction-waste officials. */
interface Site { id: string; name: string; kind: string; accepts: string[]; hasRoom: boolean; figures: boolean; capacityT?: number; fillT?: number; roomT?: number; fillPct?: number | null }
interface Fleet { id: string; name: string; vehicles: { id: string; plate: string; loadT: number }[]; drivers: { id: string; name: string }[] }

export const CW: Record<string, [string, string]> = { CW01: ['工程渣土', 'Muck'], CW02: ['工程泥浆', 'Slurry'], CW03: ['工程垃圾', 'Construction debris'], CW04: ['拆除垃圾', 'Demolition waste'], CW05: ['装修垃圾', 'Renovation waste'] };
const KIND: Record<string, [string, string]> = { new: ['新建', 'New build'], demolition: ['拆除', 'Demolition'], renovation: ['装修改造', 'Renovation'] };
const PLAN_STATUS: Record<string, [string, string, string]> = { submitted: ['待审核', 'Submitted', 'blue'], approved: ['已批准', 'Approved', 'green'], returned: ['已退回', 'Returned', 'red'] };

/** 建筑垃圾: projects and their disposal plans, truckloads, and the sites loads may go to. */
export default function ConstructionPage() {
  const { L } = useI18n();
  const { me } = useSession();
  // ?project= opens a project (the indicator pages link to the projects they counted).
  const [params, setParams] = useSearchParams();
  const open = params.get('project');
  const setOpen = (id: string | null) => setParams(id ? { project: id } : {});
  const [registering, setRegistering] = useState(false);
  const [page, setPage] = useState(1);
  const isSite = !!me?.organisation?.capabilities.includes('construction_site') && me.user.role !== 'driver';
  const projects = useQuery({ queryKey: ['cw-projects', page], queryFn: () => get<Page<ProjectRow>>(`/api/construction/projects${qs({ page, pageSize: 20 })}`) });
  return (
    <Card title={L('建筑垃圾', 'Construction waste')}>
      <Tabs items={[
        { key: 'projects', label: L('工程项目', 'Projects'), children: <>
          {isSite && <Button type="primary" style={{ marginBottom: 12 }} onClick={() => setRegistering(true)} data-testid="cw-project-new">{L('登记工程项目', 'Register a project')}</Button>}
          <Table<ProjectRow> rowKey="id" loading={projects.isLoading} dataSource={projects.data?.items ?? []} data-testid="cw-projects" scroll={{ x: 'max-content' }}
            onRow={(p) => ({ onClick: () => setOpen(p.id), style: { cursor: 'pointer' } })}
            pagination={{ current: page, pageSize: 20, total: projects.data?.total ?? 0, onChange: setPage }}
            columns={[
              { title: L('项目', 'Project'), dataIndex: 'name' }, { title: L('建设单位', 'Company'), dataIndex: 'owner' },
              { title: L('类型', 'Kind'), dataIndex: 'kind', render: (k: string) => L(...(KIND[k] ?? [k, k])) },
              { title: L('建筑面积', 'Floor area'), dataIndex: 'floorAreaM2', render: (a: number) => `${Number(a).toLocaleString('zh-CN')} m²` },
              { title: L('开工日期', 'Start'), dataIndex: 'startDate' },
              { title: L('处理方案', 'Plan'), dataIndex: 'planStatus', render: (s: string | null) => s ? <Tag color={PLAN_STATUS[s]?.[2]}>{L(PLAN_STATUS[s]?.[0] ?? s, PLAN_STATUS[s]?.[1] ?? s)}</Tag> : <Tag>{L('未报送', 'Not filed')}</Tag> },
            ]} />
        </> },
        { key: 'sites', label: L('消纳场与利用厂', 'Sites'), children: <Sites /> },
        ...(me?.organisation?.kind === 'government' ? [{ key: 'risk', label: L('风险评估', 'Risk'), children: <Risk /> }] : []),
      ]} />
      {registering && <RegisterProject onClose={() => setRegistering(false)} onDone={(id) => { setRegistering(false); setOpen(id); }} />}
      {open && <ProjectDrawer id={open} onClose={() => setOpen(null)} />}
    </Card>
  );
}

interface RiskRow { id: string; name: string; score: number; alarms: number; open: number; band: string }
const BAND: Record<string, [string, string, string]> = { high: ['高风险', 'High', 'red'], medium: ['中风险', 'Medium', 'orange'], low: ['低风险', 'Low', 'green'] };

/** 预警评估模型: projects and transport companies scored from their construction alarms of the last 90 days. */
function Risk() {
  const { L } = useI18n();
  const risk = useQuery({ queryKey: ['cw-risk'], queryFn: () => get<{ projects: RiskRow[]; transporters: RiskRow[] }>('/api/construction/risk') });
  const columns = [
    { title: L('名称', 'Name'), dataIndex: 'name' }, { title: L('风险分', 'Score'), dataIndex: 'score' },
    { title: L('等级', 'Band'), dataIndex: 'band', render: (b: string) => <Tag color={BAND[b]?.[2]}>{L(BAND[b]?.[0] ?? b, BAND[b]?.[1] ?? b)}</Tag> },
    { title: L('预警（未办结）', 'Alarms (open)'), render: (_: unknown, r: RiskRow) => `${r.alarms}（${r.open}）` },
  ];
  return <Space direction="vertical" style={{ width: '100%' }}>
    <Typography.Text type="secondary">{L('近90天建筑垃圾预警：高 5 分、中 3 分、低 1 分，未办结加倍；15 分以上为高风险，6 分以上为中风险。', 'Construction alarms of the last 90 days: high 5, medium 3, low 1, doubled while open; 15+ is high risk, 6+ medium.')}</Typography.Text>
    <Card size="small" title={L('工程项目', 'Projects')}><Table rowKey="id" size="small" pagination={false} dataSource={risk.data?.projects ?? []} columns={columns} data-testid="cw-risk-projects" /></Card>
    <Card size="small" title={L('运输单位', 'Transport companies')}><Table rowKey="id" size="small" pagination={false} dataSource={risk.data?.transporters ?? []} columns={columns} /></Card>
  </Space>;
}

function Sites() {
  const { L, lang } = useI18n();
  const sites = useQuery({ queryKey: ['cw-sites'], queryFn: () => get<Page<Site>>('/api/construction/sites?pageSize=100') });
  return <Table<Site> rowKey="id" size="small" dataSource={sites.data?.items ?? []} pagination={false} data-testid="cw-sites" columns={[
    { title: L('名称', 'Name'), dataIndex: 'name' }, { title: L('类型', 'Kind'), dataIndex: 'kind', render: (k: string) => (k === 'recycling' ? L('资源化利用厂', 'Recycling plant') : L('消纳场', 'Consumption site')) },
    { title: L('接收类别', 'Takes'), dataIndex: 'accepts', render: (a: string[]) => a.map((c) => <Tag key={c}>{L(CW[c]?.[0] ?? c, CW[c]?.[1] ?? c)}</Tag>) },
    { title: L('库容使用', 'Fill'), render: (_: unknown, s) => (s.figures ? <Space><Progress percent={s.fillPct ?? 0} size="small" style={{ width: 120 }} status={(s.fillPct ?? 0) > 90 ? 'exception' : 'normal'} />{tonnes(s.fillT, lang)} / {tonnes(s.capacityT, lang)}</Space> : '—') },
    { title: L('剩余', 'Room left'), render: (_: unknown, s) => (s.figures ? tonnes(s.roomT, lang) : s.hasRoom ? <Tag color="green">{L('有余量', 'Has room')}</Tag> : <Tag color="red">{L('已满', 'Full')}</Tag>) },
  ]} />;
}

function RegisterProject({ onClose, onDone }: { onClose: () => void; onDone: (id: string) => void }) {
  const { L, M } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm();
  return (
    <Drawer open title={L('登记工程项目', 'Register a project')} onClose={onClose} width={Math.min(560, window.innerWidth)} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ kind: 'new', startDate: dayjs() }} onFinish={async (v) => {
        try {
          const p = await post<{ id: string }>('/api/construction/projects', { ...v, ...building(v), startDate: v.startDate.format('YYYY-MM-DD') });
          message.success(L('已登记，请在开工前报送处理方案', 'Registered: file the disposal plan before work starts'));
          client.invalidateQueries({ queryKey: ['cw-projects'] });
          onDone(p.id);
        } catch (e) { if (e instanceof ApiError) { if (e.path) form.setFields([{ name: e.path, errors: [M(e.text)] }]); else message.error(M(e.text)); } else throw e; }
      }}>
        <Form.Item name="name" label={L('项目名称', 'Name')} rules={[{ required: true, min: 2 }]}><Input data-testid="cw-project-name" /></Form.Item>
        <Form.Item name="address" label={L('地址', 'Address')}><Input /></Form.Item>
        <Space wrap>
          <Form.Item name="kind" label={L('类型', 'Kind')}><Select style={{ width: 140 }} options={Object.entries(KIND).map(([value, [zh]]) => ({ value, label: zh }))} /></Form.Item>
          <Form.Item name="floorAreaM2" label={L('建筑面积（平方米）', 'Floor area (m²)')} rules={[{ required: true }]}><InputNumber min={1} style={{ width: 180 }} data-testid="cw-project-area" /></Form.Item>
          <Form.Item name="startDate" label={L('开工日期', 'Start')} rules={[{ required: true }]}><DatePicker /></Form.Item>
        </Space>
        <BuildingFields />
        <Button type="primary" htmlType="submit" data-testid="cw-project-submit">{L('登记', 'Register')}</Button>
      </Form>
    </Drawer>
  );
}

function ProjectDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { L, M, lang } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const navigate = useNavigate();
  const detail = useQuery({ queryKey: ['cw-project', id], queryFn: () => get<ProjectDetail>(`/api/construction/projects/${id}`) });
  const sites = useQuery({ queryKey: ['cw-sites'], queryFn: () => get<Page<Site>>('/api/construction/sites?pageSize=100') });
  const [fleetSearch, setFleetSearch] = useState('');
  const fleets = useQuery({ queryKey: ['fleets', fleetSearch], queryFn: () => get<Page<Fleet>>(`/api/manifests/transporters${qs({ q: fleetSearch, pageSize: 30 })}`) });
  const [planForm] = Form.useForm();
  const [loadForm] = Form.useForm();
  const p = detail.data;
  // What the caller may do with this project comes with it, from the rule the server enforces.
  const isOwner = !!p?.actions.submitPlan;
  const reviewer = !!p?.actions.reviewPlan;
  const latest = p?.plans[0];
  const reload = () => { client.invalidateQueries({ queryKey: ['cw-project', id] }); client.invalidateQueries({ queryKey: ['cw-projects'] }); };
  const fail = (e: unknown) => { if (e instanceof ApiError) message.error(M(e.text)); else throw e; };
  const planFleet = fleets.data?.items.find((f) => latest?.transporterIds.includes(f.id));
  const siteName = (sid: string) => sites.data?.items.find((s) => s.id === sid)?.name ?? sid;
  return (
    <Drawer open width={Math.min(900, window.innerWidth)} onClose={onClose} title={p?.name} destroyOnHidden>
      {detail.error && <Alert type="error" showIcon message={detail.error instanceof ApiError ? M(detail.error.text) : String(detail.error)} />}
      {p && <Space direction="vertical" style={{ width: '100%' }}>
        <Descriptions size="small" bordered column={2} items={[
          { label: L('类型', 'Kind'), children: L(...(KIND[p.kind] ?? [p.kind, p.kind])) }, { label: L('建筑面积', 'Floor area'), children: `${Number(p.floorAreaM2).toLocaleString('zh-CN')} m²` },
          { label: L('开工日期', 'Start'), children: p.startDate }, { label: L('状态', 'Status'), children: p.status },
          { label: L('绿色建筑', 'Green building'), children: <span data-testid="cw-project-green">{yesNo(p.greenBuilding, L)}{p.greenStar ? L(`（${p.greenStar}星）`, ` (${p.greenStar} stars)`) : ''}</span> },
          { label: L('装配式建筑', 'Prefabricated'), children: yesNo(p.prefabricated, L) },
        ]} />
        {p.actions.editBuilding && <BuildingEditor project={p} onDone={reload} />}
        <Card size="small" title={L('处理方案', 'Disposal plan')}>
          {p.plans.map((plan) => (
            <div key={plan.id} style={{ marginBottom: 8 }} data-testid="cw-plan">
              <Space wrap><Typography.Text strong>{L(`第${plan.version}版`, `Version ${plan.version}`)}</Typography.Text><Tag color={PLAN_STATUS[plan.status]?.[2]} data-testid="cw-plan-status">{L(PLAN_STATUS[plan.status]?.[0] ?? plan.status, PLAN_STATUS[plan.status]?.[1] ?? plan.status)}</Tag>
                <span>{L('减量目标', 'Reduction target')} {plan.reductionTargetPct}%</span><Typography.Text type="secondary">{shanghai(plan.submittedAt)}</Typography.Text>{plan.comment && <span>{L('意见', 'Comment')}：{plan.comment}</span>}</Space>
              <div>{plan.items.map((i) => <Tag key={i.code}>{L(CW[i.code]?.[0] ?? i.code, CW[i.code]?.[1] ?? i.code)} {tonnes(i.expectedT, lang)}{i.reuseOnSiteT ? L(`（现场回用 ${i.reuseOnSiteT} 吨）`, ` (reuse ${i.reuseOnSiteT} t)`) : ''}</Tag>)}</div>
              <div>{L('去向', 'Destinations')}：{plan.siteIds.map(siteName).join('、')}</div>
              {reviewer && plan.status === 'submitted' && <Space style={{ marginTop: 4 }}>
                <Button size="small" type="primary" data-testid="cw-plan-approve" onClick={async () => { try { await post(`/api/construction/plans/${plan.id}/approve`, { comment: '' }); reload(); } catch (e) { fail(e); } }}>{L('批准', 'Approve')}</Button>
                <Button size="small" danger onClick={async () => { const comment = window.prompt(L('退回理由', 'Why is it returned?')) ?? ''; try { await post(`/api/construction/plans/${plan.id}/return`, { comment }); reload(); } catch (e) { fail(e); } }}>{L('退回', 'Return')}</Button>
              </Space>}
            </div>
          ))}
          {p.plans.length === 0 && <Typography.Text type="secondary">{L('尚未报送处理方案：开工前须报送并获批，方可外运。', 'No plan yet: it must be filed and approved before loads leave.')}</Typography.Text>}
          {isOwner && (!latest || latest.status !== 'submitted') && <Form form={planForm} layout="vertical" style={{ marginTop: 12 }} initialValues={{ items: [{ code: 'CW01', expectedT: 0, reuseOnSiteT: 0 }], reductionTargetPct: 30 }} onFinish={async (v) => {
            try { await post(`/api/construction/projects/${id}/plans`, v); message.success(L('已报送', 'Filed')); reload(); } catch (e) { fail(e); }
          }}>
            <Form.List name="items">{(fields, { add, remove }) => <>
              {fields.map((f) => <Space key={f.key} wrap>
                <Form.Item name={[f.name, 'code']} rules={[{ required: true }]}><Select style={{ width: 130 }} options={Object.entries(CW).map(([value, [zh]]) => ({ value, label: zh }))} /></Form.Item>
                <Form.Item name={[f.name, 'expectedT']} rules={[{ required: true }]}><InputNumber placeholder={L('产生量（吨）', 'Generated (t)')} min={0} style={{ width: 160 }} data-testid={`cw-plan-qty-${f.name}`} /></Form.Item>
                <Form.Item name={[f.name, 'reuseOnSiteT']}><InputNumber placeholder={L('现场回用量（吨）', 'Reused on site (t)')} min={0} style={{ width: 160 }} /></Form.Item>
                <MinusCircleOutlined onClick={() => remove(f.name)} />
              </Space>)}
              <Button icon={<PlusOutlined />} onClick={() => add({ code: 'CW03', expectedT: 0, reuseOnSiteT: 0 })} style={{ marginBottom: 12 }}>{L('增加类别', 'Add a category')}</Button>
            </>}</Form.List>
            <Space wrap>
              <Form.Item name="reductionTargetPct" label={L('减量目标（%）', 'Reduction target (%)')}><InputNumber min={0} max={100} /></Form.Item>
              <Form.Item name="transporterIds" label={L('运输单位', 'Transport companies')} rules={[{ required: true }]}><Select mode="multiple" style={{ width: 260 }} showSearch filterOption={false} onSearch={setFleetSearch} data-testid="cw-plan-transporters" options={(fleets.data?.items ?? []).map((f) => ({ value: f.id, label: f.name }))} /></Form.Item>
              <Form.Item name="siteIds" label={L('去向（消纳场/利用厂）', 'Destinations')} rules={[{ required: true }]}><Select mode="multiple" style={{ width: 300 }} data-testid="cw-plan-sites" options={(sites.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))} /></Form.Item>
            </Space>
            <Form.Item name="measures" label={L('减量和分类措施', 'Reduction and sorting measures')}><Input.TextArea rows={2} /></Form.Item>
            <Button type="primary" htmlType="submit" data-testid="cw-plan-submit">{L('报送处理方案', 'File the plan')}</Button>
          </Form>}
        </Card>
        <Card size="small" title={L('外运情况', 'Loads sent off')}>
          <Table size="small" rowKey="code" pagination={false} dataSource={p.outflow} columns={[
            { title: L('类别', 'Category'), dataIndex: 'code', render: (c: string) => L(CW[c]?.[0] ?? c, CW[c]?.[1] ?? c) }, { title: L('车次', 'Loads'), dataIndex: 'loads' },
            { title: L('重量', 'Weight'), dataIndex: 't', render: (t: number) => tonnes(t, lang) },
            { title: L('方案外运量', 'Planned'), render: (_: unknown, o) => { const i = latest?.items.find((x) => x.code === o.code); return i ? tonnes(i.expectedT - i.reuseOnSiteT, lang) : '—'; } },
          ]} />
          {isOwner && latest?.status === 'approved' && planFleet && <Form form={loadForm} layout="inline" style={{ marginTop: 12, rowGap: 8 }} initialValues={{ wasteCode: latest.items[0]?.code }} onFinish={async (v) => {
            try {
              const m = await post<{ id: string }>('/api/manifests/construction', { ...v, projectId: id, transporterId: planFleet.id, plannedDate: dayjs().format('YYYY-MM-DD') });
              message.success(L('联单已生成，请签字放行', 'Manifest made: sign it out'));
              navigate(`/manifests/${m.id}`);
            } catch (e) { fail(e); }
          }}>
            <Form.Item name="wasteCode" rules={[{ required: true }]}><Select style={{ width: 120 }} options={latest.items.map((i) => ({ value: i.code, label: CW[i.code]?.[0] ?? i.code }))} /></Form.Item>
            <Form.Item name="declaredWeightT" rules={[{ required: true }]}><InputNumber placeholder={L('装载量（吨）', 'Load (t)')} min={0.1} data-testid="cw-load-weight" /></Form.Item>
            <Form.Item name="siteId" rules={[{ required: true }]}><Select style={{ width: 220 }} placeholder={L('去向', 'Destination')} data-testid="cw-load-site" loading={!sites.data} options={sites.data ? latest.siteIds.map((sid) => ({ value: sid, label: siteName(sid) })) : []} /></Form.Item>
            <Form.Item name="vehicleId" rules={[{ required: true }]}><Select style={{ width: 150 }} placeholder={L('车辆', 'Vehicle')} data-testid="cw-load-vehicle" options={planFleet.vehicles.map((v) => ({ value: v.id, label: `${v.plate}（${v.loadT}吨）` }))} /></Form.Item>
            <Form.Item name="driverId" rules={[{ required: true }]}><Select style={{ width: 120 }} placeholder={L('驾驶员', 'Driver')} data-testid="cw-load-driver" options={planFleet.drivers.map((d) => ({ value: d.id, label: d.name }))} /></Form.Item>
            <Button type="primary" htmlType="submit" data-testid="cw-load-submit">{L('开具运输联单', 'Make the manifest')}</Button>
          </Form>}
        </Card>
      </Space>}
    </Drawer>
  );
}

const YES_NO = [{ value: 'yes', zh: '是', en: 'Yes' }, { value: 'no', zh: '否', en: 'No' }, { value: 'unknown', zh: '未填写', en: 'Not stated' }];
const yesNo = (v: boolean | null, L: (zh: string, en: string) => string) => (v === null ? L('未填写', 'Not stated') : v ? L('是', 'Yes') : L('否', 'No'));
const toChoice = (v: boolean | null | undefined) => (v === true ? 'yes' : v === false ? 'no' : 'unknown');
const fromChoice = (v: string | undefined) => (v === 'yes' ? true : v === 'no' ? false : null);
/** The form's three choices as the API takes them: a star only for a green building. */
const building = (v: { greenBuilding?: string; greenStar?: number | null; prefabricated?: string }) => {
  const green = fromChoice(v.greenBuilding);
  return { greenBuilding: green, greenStar: green ? v.greenStar ?? null : null, prefabricated: fromChoice(v.prefabricated) };
};

/** 绿色建筑 (with its star, GB/T 50378) and 装配式建筑: they feed the new-build shares of the indicator table. */
function BuildingFields() {
  const { L, lang } = useI18n();
  const form = Form.useFormInstance();
  const green = Form.useWatch('greenBuilding', form);
  const choices = YES_NO.map((c) => ({ value: c.value, label: c[lang] }));
  return (
    <Space wrap>
      <Form.Item name="greenBuilding" label={L('绿色建筑', 'Green building')} initialValue="unknown"><Select style={{ width: 120 }} options={choices} data-testid="cw-project-green-choice" /></Form.Item>
      {green === 'yes' && <Form.Item name="greenStar" label={L('星级（基本级不填）', 'Stars (none for the basic grade)')}>
        <Select allowClear style={{ width: 160 }} options={[1, 2, 3].map((n) => ({ value: n, label: L(`${n}星`, `${n} star${n > 1 ? 's' : ''}`) }))} /></Form.Item>}
      <Form.Item name="prefabricated" label={L('装配式建筑', 'Prefabricated')} initialValue="unknown"><Select style={{ width: 120 }} options={choices} /></Form.Item>
    </Space>
  );
}

function BuildingEditor({ project, onDone }: { project: { id: string; greenBuilding: boolean | null; greenStar: number | null; prefabricated: boolean | null }; onDone: () => void }) {
  const { L, M } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  return (
    <Form form={form} layout="inline" style={{ rowGap: 8 }} initialValues={{ greenBuilding: toChoice(project.greenBuilding), greenStar: project.greenStar ?? undefined, prefabricated: toChoice(project.prefabricated) }}
      onFinish={async (v) => {
        try { await api('PATCH', `/api/construction/projects/${project.id}`, building(v)); message.success(L('已保存', 'Saved')); onDone(); } catch (e) { if (e instanceof ApiError) message.error(M(e.text)); else throw e; }
      }}>
      <BuildingFields />
      <Form.Item><Button htmlType="submit" data-testid="cw-project-building-save">{L('保存建筑属性', 'Save')}</Button></Form.Item>
    </Form>
  );
}
