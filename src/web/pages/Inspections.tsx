import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Radio, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { ApiError, get, post, qs, type Page } from '../api';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { CHECKLIST, DRAW_METHOD, ITEM_RESULTS, POOL_RISK, POOL_UNIT_KINDS, RISK_LEVELS } from '../../domain/inspections';

// 双随机、一公开: the ecology bureau's pools and draws, the checks of the units drawn against the
// 危险废物规范化管理 checklist, and the 重点监管单位清单; a company sees its own checks.

interface DrawRow { id: string; title: string; regionName: string; drawnOn: string; enterprisePoolName: string; enterpriseCount: number; inspectorsPerEnterprise: number; members: number; seed: string; inspected: number; passed: number }
interface Member { id: string; name: string }
interface DrawDetail {
  id: string; title: string; seed: string; drawnOn: string; enterprisePoolName: string; inspectorPoolName: string; verified: boolean; enterpriseMembers: Member[]; inspectorMembers: Member[];
  result: { organisationId: string; name: string; rank: string; inspectors: Member[]; inspection: { id: string; passed: boolean; score: number; inspectedOn: string } | null }[];
  may: { inspect: boolean };
}
interface InspectionRow { id: string; drawTitle: string; organisationName: string; inspectedOn: string; score: number; passed: boolean; findings: string; caseId: string | null }
interface InspectionDetail {
  id: string; drawTitle: string; organisationName: string; inspectedOn: string; score: number; passed: boolean; findings: string; inspectors: Member[];
  items: { key: string; result: string; note?: string }[]; cases: { id: string; caseNo: string }[]; may: { openCase: boolean };
}
interface Pool { id: string; kind: 'enterprise' | 'inspector'; name: string; unitKinds: string[]; risk: string; includeUsers: boolean; officers: { name: string; badgeNo: string }[]; members: number }
interface RiskRow { id: string; organisationName: string; level: string; reason: string; listedOn: string }

const label = (list: readonly { value: string; zh: string; en: string }[], value: string, lang: 'zh' | 'en') => { const x = list.find((e) => e.value === value); return x ? x[lang] : value; };
const RESULT_COLOR: Record<string, string> = { conform: 'green', partly: 'gold', nonconform: 'red', na: 'default' };

function useFail() {
  const { M } = useI18n();
  const { message } = App.useApp();
  return (e: unknown) => { if (e instanceof ApiError) message.error(M(e.text)); else throw e; };
}

export default function InspectionsPage() {
  const { L } = useI18n();
  const { me, may } = useSession();
  const eco = may('inspections.manage');
  const company = me?.organisation?.kind === 'enterprise';
  const [draw, setDraw] = useState<string | null>(null);
  const [inspection, setInspection] = useState<string | null>(null);
  return (
    <Card title={L('双随机、一公开', 'Random inspections')} extra={<Link to="/public/inspections" data-testid="public-link">{L('公开结果页', 'Public results')}</Link>}>
      <Typography.Paragraph type="secondary">
        {L('随机抽取检查对象、随机选派执法检查人员、抽查情况及查处结果及时向社会公开。抽查按危险废物规范化环境管理评估检查表逐项记录，检查结论计入“危险废物规范化管理抽查合格率”。',
          'Units and officers are drawn at random and the results are published. Each check follows the hazardous-waste compliance checklist and counts in the compliance pass rate.')}
      </Typography.Paragraph>
      <Tabs items={company ? [{ key: 'checks', label: L('本单位检查记录', 'Our checks'), children: <InspectionList onOpen={setInspection} /> }] : [
        { key: 'draws', label: L('抽取记录', 'Draws'), children: <DrawList eco={eco} onOpen={setDraw} /> },
        { key: 'checks', label: L('检查记录', 'Checks'), children: <InspectionList onOpen={setInspection} /> },
        { key: 'pools', label: L('名录库', 'Pools'), children: <PoolList eco={eco} /> },
        { key: 'risk', label: L('重点监管单位', 'Key supervision'), children: <RiskList eco={eco} /> },
      ]} />
      {draw && <DrawModal id={draw} onClose={() => setDraw(null)} onInspection={setInspection} />}
      {inspection && <InspectionModal id={inspection} onClose={() => setInspection(null)} />}
    </Card>
  );
}

function DrawList({ eco, onOpen }: { eco: boolean; onOpen: (id: string) => void }) {
  const { L } = useI18n();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const list = useQuery({ queryKey: ['inspection-draws', page], queryFn: () => get<Page<DrawRow>>(`/api/inspections/draws${qs({ page, pageSize: 20 })}`) });
  return <>
    {eco && <Button type="primary" style={{ marginBottom: 12 }} onClick={() => setCreating(true)} data-testid="draw-new">{L('新建抽取', 'New draw')}</Button>}
    <Table<DrawRow> rowKey="id" size="small" loading={list.isLoading} dataSource={list.data?.items ?? []} data-testid="draw-table" scroll={{ x: 'max-content' }}
      onRow={(r) => ({ onClick: () => onOpen(r.id), style: { cursor: 'pointer' } })}
      pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (t) => L(`共 ${t} 次`, `${t} in all`) }}
      columns={[
        { title: L('抽取事项', 'Draw'), dataIndex: 'title' },
        { title: L('抽取日期', 'Drawn on'), dataIndex: 'drawnOn', width: 110 },
        { title: L('名录库', 'Pool'), dataIndex: 'enterprisePoolName' },
        { title: L('抽取 / 名录', 'Drawn / pool'), key: 'n', render: (_: unknown, r) => L(`${r.enterpriseCount} / ${r.members} 家`, `${r.enterpriseCount} / ${r.members}`) },
        { title: L('已检查（合格）', 'Checked (passed)'), key: 'c', render: (_: unknown, r) => L(`${r.inspected} 家（${r.passed} 家合格）`, `${r.inspected} (${r.passed} passed)`) },
        { title: L('随机种子', 'Seed'), dataIndex: 'seed', render: (s: string) => <Typography.Text code copyable>{s}</Typography.Text> },
      ]} />
    {creating && <DrawForm onClose={() => setCreating(false)} onDone={(id) => { setCreating(false); onOpen(id); }} />}
  </>;
}

function DrawForm({ onClose, onDone }: { onClose: () => void; onDone: (id: string) => void }) {
  const { L, lang } = useI18n();
  const fail = useFail();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const pools = useQuery({ queryKey: ['inspection-pools-all'], queryFn: () => get<Page<Pool>>('/api/inspections/pools?pageSize=100') });
  const of = (kind: Pool['kind']) => (pools.data?.items ?? []).filter((p) => p.kind === kind).map((p) => ({ value: p.id, label: `${p.name}（${p.members}${kind === 'enterprise' ? L(' 家', '') : L(' 人', '')}）` }));
  return (
    <Modal open title={L('新建抽取', 'New draw')} onCancel={onClose} onOk={() => form.submit()} okText={L('抽取', 'Draw')} okButtonProps={{ 'data-testid': 'draw-submit' } as never} destroyOnHidden>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} message={DRAW_METHOD[lang]} />
      <Form form={form} layout="vertical" initialValues={{ enterpriseCount: 3, inspectorsPerEnterprise: 2 }} onFinish={async (v) => {
        try {
          const d = await post<{ id: string }>('/api/inspections/draws', { title: v.title, enterprisePoolId: v.enterprisePoolId, inspectorPoolId: v.inspectorPoolId, enterpriseCount: v.enterpriseCount, inspectorsPerEnterprise: v.inspectorsPerEnterprise, ...(v.seed ? { seed: v.seed } : {}) });
          client.invalidateQueries({ queryKey: ['inspection-draws'] });
          onDone(d.id);
        } catch (e) { fail(e); }
      }}>
        <Form.Item name="title" label={L('抽取事项名称', 'Title')} rules={[{ required: true, min: 2 }]}><Input maxLength={60} data-testid="draw-title" /></Form.Item>
        <Form.Item name="enterprisePoolId" label={L('检查对象名录库', 'Enterprise pool')} rules={[{ required: true }]}><Select options={of('enterprise')} data-testid="draw-enterprise-pool" /></Form.Item>
        <Form.Item name="inspectorPoolId" label={L('执法检查人员名录库', 'Inspector pool')} rules={[{ required: true }]}><Select options={of('inspector')} data-testid="draw-inspector-pool" /></Form.Item>
        <Space wrap>
          <Form.Item name="enterpriseCount" label={L('抽取企业数（家）', 'Enterprises')} rules={[{ required: true }]}><InputNumber min={1} max={500} precision={0} /></Form.Item>
          <Form.Item name="inspectorsPerEnterprise" label={L('每家派出执法人员（人，至少2人）', 'Officers each (2 at least)')} rules={[{ required: true }]}><InputNumber min={2} max={10} precision={0} /></Form.Item>
        </Space>
        <Form.Item name="seed" label={L('随机种子（留空由系统随机生成）', 'Seed (blank: random)')}><Input maxLength={64} placeholder="2026Q4-xxxx" data-testid="draw-seed" /></Form.Item>
      </Form>
    </Modal>
  );
}

function DrawModal({ id, onClose, onInspection }: { id: string; onClose: () => void; onInspection: (id: string) => void }) {
  const { L, lang } = useI18n();
  const draw = useQuery({ queryKey: ['inspection-draw', id], queryFn: () => get<DrawDetail>(`/api/inspections/draws/${id}`) });
  const [checking, setChecking] = useState<{ organisationId: string; name: string } | null>(null);
  const d = draw.data;
  return (
    <Modal open title={d?.title} onCancel={onClose} footer={null} width={900} destroyOnHidden>
      {d && <Space direction="vertical" style={{ width: '100%' }} data-testid="draw-detail">
        <Descriptions size="small" column={{ xs: 1, md: 2 }} items={[
          { label: L('抽取日期', 'Drawn on'), children: d.drawnOn },
          { label: L('随机种子', 'Seed'), children: <Typography.Text code copyable data-testid="draw-seed-value">{d.seed}</Typography.Text> },
          { label: L('检查对象名录库', 'Enterprise pool'), children: L(`${d.enterprisePoolName}（抽取时 ${d.enterpriseMembers.length} 家）`, `${d.enterprisePoolName} (${d.enterpriseMembers.length} at the draw)`) },
          { label: L('执法人员名录库', 'Inspector pool'), children: L(`${d.inspectorPoolName}（${d.inspectorMembers.length} 人）`, `${d.inspectorPoolName} (${d.inspectorMembers.length})`) },
          { label: L('复算', 'Re-run'), children: d.verified ? <Tag color="green">{L('与公布结果一致', 'Matches the published result')}</Tag> : <Tag color="red">{L('不一致', 'Does not match')}</Tag> },
          { label: L('公开复核', 'Public check'), children: <Link to={`/public/inspections/${d.id}`} data-testid="draw-public-link">{L('打开公开复核页', 'Open the public verification page')}</Link> },
        ]} />
        <Typography.Text type="secondary">{DRAW_METHOD[lang]}</Typography.Text>
        <Table rowKey="organisationId" size="small" pagination={false} dataSource={d.result} data-testid="draw-result" scroll={{ x: 'max-content' }}
          columns={[
            { title: '#', key: 'i', render: (_: unknown, _r, i) => i + 1, width: 40 },
            { title: L('抽中企业', 'Enterprise'), dataIndex: 'name' },
            { title: L('执法人员', 'Officers'), key: 'ins', render: (_: unknown, r) => r.inspectors.map((x) => x.name).join('、') },
            { title: L('检查结果', 'Result'), key: 'res', render: (_: unknown, r) => (r.inspection
              ? <a onClick={() => onInspection(r.inspection!.id)}>{r.inspection.passed ? <Tag color="green">{L('合格', 'Passed')}</Tag> : <Tag color="red">{L('不合格', 'Failed')}</Tag>}{r.inspection.inspectedOn} · {r.inspection.score}{L('分', '')}</a>
              : d.may.inspect ? <Button size="small" onClick={() => setChecking(r)} data-testid="inspect-unit">{L('登记检查', 'Record the check')}</Button> : <Tag>{L('待检查', 'To check')}</Tag>) },
          ]} />
      </Space>}
      {checking && d && <InspectionForm drawId={d.id} drawnOn={d.drawnOn} unit={checking} onClose={() => setChecking(null)} onDone={(iid) => { setChecking(null); onInspection(iid); }} />}
    </Modal>
  );
}

function InspectionForm({ drawId, drawnOn, unit, onClose, onDone }: { drawId: string; drawnOn: string; unit: { organisationId: string; name: string }; onClose: () => void; onDone: (id: string) => void }) {
  const { L, lang } = useI18n();
  const fail = useFail();
  const client = useQueryClient();
  const [form] = Form.useForm();
  return (
    <Modal open width={820} title={L(`检查登记：${unit.name}`, `Check: ${unit.name}`)} onCancel={onClose} onOk={() => form.submit()} okText={L('提交检查结论', 'Submit')} okButtonProps={{ 'data-testid': 'inspection-submit' } as never} destroyOnHidden>
      <Form form={form} layout="vertical" data-testid="inspection-form" initialValues={{ inspectedOn: dayjs(), ...Object.fromEntries(CHECKLIST.map((c) => [`r_${c.key}`, 'conform'])) }} onFinish={async (v) => {
        try {
          const r = await post<{ id: string }>('/api/inspections', { drawId, organisationId: unit.organisationId, inspectedOn: v.inspectedOn.format('YYYY-MM-DD'),
            items: CHECKLIST.map((c) => ({ key: c.key, result: v[`r_${c.key}`], ...(v[`n_${c.key}`] ? { note: v[`n_${c.key}`] } : {}) })) });
          client.invalidateQueries({ queryKey: ['inspection-draw', drawId] });
          client.invalidateQueries({ queryKey: ['inspection-draws'] });
          client.invalidateQueries({ queryKey: ['inspections'] });
          onDone(r.id);
        } catch (e) { fail(e); }
      }}>
        <Form.Item name="inspectedOn" label={L('检查日期', 'Day checked')} rules={[{ required: true }]}><DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day') || d.isBefore(dayjs(drawnOn), 'day')} /></Form.Item>
        {CHECKLIST.map((c) => (
          <div key={c.key} style={{ borderTop: '1px solid #f0f0f0', padding: '8px 0' }} data-testid={`item-${c.key}`}>
            <Space wrap align="start">
              <div style={{ width: 220 }}>
                <Typography.Text strong>{lang === 'zh' ? c.zh : c.en}</Typography.Text>{'veto' in c && c.veto && <Tag color="red" style={{ marginLeft: 6 }}>{L('否决项', 'Veto')}</Tag>}
                <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{c.hint[lang]}</Typography.Text></div>
              </div>
              <Form.Item name={`r_${c.key}`} style={{ margin: 0 }}>
                <Radio.Group optionType="button" size="small" options={ITEM_RESULTS.filter((r) => r.value !== 'na' || ('mayNotApply' in c && c.mayNotApply)).map((r) => ({ value: r.value, label: r[lang] }))} />
              </Form.Item>
              <Form.Item name={`n_${c.key}`} style={{ margin: 0 }}><Input placeholder={L('发现的问题（不符合时必填）', 'What was found (required when failing)')} maxLength={500} style={{ width: 260 }} /></Form.Item>
            </Space>
          </div>
        ))}
      </Form>
    </Modal>
  );
}

function InspectionList({ onOpen }: { onOpen: (id: string) => void }) {
  const { L } = useI18n();
  const [page, setPage] = useState(1);
  const [passed, setPassed] = useState<string | undefined>();
  const list = useQuery({ queryKey: ['inspections', page, passed], queryFn: () => get<Page<InspectionRow>>(`/api/inspections${qs({ page, pageSize: 20, passed })}`) });
  return <>
    <Select allowClear placeholder={L('结论', 'Verdict')} style={{ width: 140, marginBottom: 12 }} onChange={(v) => { setPage(1); setPassed(v); }}
      options={[{ value: 'true', label: L('合格', 'Passed') }, { value: 'false', label: L('不合格', 'Failed') }]} />
    <Table<InspectionRow> rowKey="id" size="small" loading={list.isLoading} dataSource={list.data?.items ?? []} data-testid="inspection-table" scroll={{ x: 'max-content' }}
      onRow={(r) => ({ onClick: () => onOpen(r.id), style: { cursor: 'pointer' } })}
      pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (t) => L(`共 ${t} 次`, `${t} in all`) }}
      columns={[
        { title: L('被检查单位', 'Unit'), dataIndex: 'organisationName' },
        { title: L('检查日期', 'Checked'), dataIndex: 'inspectedOn', width: 110 },
        { title: L('得分', 'Score'), dataIndex: 'score', width: 80, render: (s: number) => L(`${s} 分`, `${s}`) },
        { title: L('结论', 'Verdict'), dataIndex: 'passed', width: 90, render: (p: boolean) => (p ? <Tag color="green">{L('合格', 'Passed')}</Tag> : <Tag color="red">{L('不合格', 'Failed')}</Tag>) },
        { title: L('发现问题', 'Findings'), dataIndex: 'findings', ellipsis: true },
        { title: L('抽取事项', 'Draw'), dataIndex: 'drawTitle', ellipsis: true },
        { title: L('立案', 'Case'), dataIndex: 'caseId', width: 70, render: (c: string | null) => (c ? <Link to={`/cases?case=${c}`} onClick={(e) => e.stopPropagation()}>{L('查看', 'Open')}</Link> : '') },
      ]} />
  </>;
}

function InspectionModal({ id, onClose }: { id: string; onClose: () => void }) {
  const { L, lang } = useI18n();
  const navigate = useNavigate();
  const x = useQuery({ queryKey: ['inspection', id], queryFn: () => get<InspectionDetail>(`/api/inspections/${id}`) }).data;
  return (
    <Modal open title={x ? `${x.organisationName} · ${x.inspectedOn}` : ''} onCancel={onClose} footer={null} width={760} destroyOnHidden>
      {x && <Space direction="vertical" style={{ width: '100%' }} data-testid="inspection-detail">
        <Space wrap>
          {x.passed ? <Tag color="green" data-testid="inspection-verdict">{L('合格', 'Passed')}</Tag> : <Tag color="red" data-testid="inspection-verdict">{L('不合格', 'Failed')}</Tag>}
          <Typography.Text>{L(`得分 ${x.score} 分`, `Score ${x.score}`)}</Typography.Text>
          <Typography.Text type="secondary">{x.drawTitle} · {L('执法人员', 'Officers')}：{x.inspectors.map((i) => i.name).join('、')}</Typography.Text>
        </Space>
        <Table rowKey="key" size="small" pagination={false} dataSource={x.items} columns={[
          { title: L('检查项', 'Item'), dataIndex: 'key', render: (k: string) => { const c = CHECKLIST.find((i) => i.key === k); return c ? (lang === 'zh' ? c.zh : c.en) : k; } },
          { title: L('结论', 'Result'), dataIndex: 'result', width: 110, render: (r: string) => <Tag color={RESULT_COLOR[r]}>{label(ITEM_RESULTS, r, lang)}</Tag> },
          { title: L('说明', 'Note'), dataIndex: 'note' },
        ]} />
        {x.cases.length > 0 && <Typography.Text>{L('已立案：', 'Cases: ')}{x.cases.map((c) => <Link key={c.id} to={`/cases?case=${c.id}`} style={{ marginRight: 8 }}>{c.caseNo}</Link>)}</Typography.Text>}
        {x.may.openCase && <Button type="primary" danger data-testid="open-case" onClick={() => navigate(`/cases?from=inspection&source=${x.id}`)}>{L('立案查处', 'Open a case')}</Button>}
      </Space>}
    </Modal>
  );
}

function PoolList({ eco }: { eco: boolean }) {
  const { L, lang } = useI18n();
  const fail = useFail();
  const client = useQueryClient();
  const [page, setPage] = useState(1);
  const [kind, setKind] = useState<'enterprise' | 'inspector' | null>(null);
  const [form] = Form.useForm();
  const list = useQuery({ queryKey: ['inspection-pools', page], queryFn: () => get<Page<Pool>>(`/api/inspections/pools${qs({ page, pageSize: 20 })}`) });
  return <>
    {eco && <Space style={{ marginBottom: 12 }}>
      <Button onClick={() => setKind('enterprise')} data-testid="pool-new-enterprise">{L('新建检查对象名录库', 'New enterprise pool')}</Button>
      <Button onClick={() => setKind('inspector')}>{L('新建执法人员名录库', 'New inspector pool')}</Button>
    </Space>}
    <Table<Pool> rowKey="id" size="small" loading={list.isLoading} dataSource={list.data?.items ?? []} data-testid="pool-table" scroll={{ x: 'max-content' }}
      pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
      columns={[
        { title: L('名录库', 'Pool'), dataIndex: 'name' },
        { title: L('类型', 'Kind'), dataIndex: 'kind', render: (k: string) => (k === 'enterprise' ? L('检查对象', 'Enterprises') : L('执法人员', 'Inspectors')) },
        { title: L('范围', 'Made of'), key: 'scope', render: (_: unknown, p) => (p.kind === 'enterprise'
          ? `${p.unitKinds.map((k) => label(POOL_UNIT_KINDS, k, lang)).join('、')} · ${label(POOL_RISK, p.risk, lang)}`
          : `${p.includeUsers ? L('本局执法人员', 'The bureau’s officials') : ''}${p.officers.length ? L(` + 录入 ${p.officers.length} 人`, ` + ${p.officers.length} entered`) : ''}`) },
        { title: L('当前成员', 'Members now'), dataIndex: 'members', render: (n: number, p) => `${n} ${p.kind === 'enterprise' ? L('家', '') : L('人', '')}` },
      ]} />
    <Modal open={!!kind} title={kind === 'enterprise' ? L('新建检查对象名录库', 'New enterprise pool') : L('新建执法人员名录库', 'New inspector pool')} onCancel={() => setKind(null)} onOk={() => form.submit()} destroyOnHidden>
      <Form form={form} layout="vertical" preserve={false} initialValues={{ risk: 'any', unitKinds: ['hazardous_producer'], includeUsers: true }} onFinish={async (v) => {
        try {
          await post('/api/inspections/pools', kind === 'enterprise' ? { kind, name: v.name, unitKinds: v.unitKinds, risk: v.risk }
            : { kind, name: v.name, includeUsers: !!v.includeUsers, officers: String(v.officers ?? '').split('\n').map((l) => l.trim()).filter(Boolean).map((l) => { const [name, badgeNo] = l.split(/[,，\s]+/); return { name, badgeNo: badgeNo ?? '' }; }) });
          client.invalidateQueries({ queryKey: ['inspection-pools'] });
          client.invalidateQueries({ queryKey: ['inspection-pools-all'] });
          setKind(null);
        } catch (e) { fail(e); }
      }}>
        <Form.Item name="name" label={L('名称', 'Name')} rules={[{ required: true, min: 2 }]}><Input maxLength={60} /></Form.Item>
        {kind === 'enterprise' ? <>
          <Form.Item name="unitKinds" label={L('单位类型', 'Kinds of unit')} rules={[{ required: true }]}><Checkbox.Group options={POOL_UNIT_KINDS.map((k) => ({ value: k.value, label: k[lang] }))} /></Form.Item>
          <Form.Item name="risk" label={L('监管级别', 'Supervision level')}><Radio.Group options={POOL_RISK.map((k) => ({ value: k.value, label: k[lang] }))} /></Form.Item>
        </> : <>
          <Form.Item name="includeUsers" valuePropName="checked"><Checkbox>{L('包括本局在平台上的生态环境执法人员', 'Include the bureau’s ecology officials on the platform')}</Checkbox></Form.Item>
          <Form.Item name="officers" label={L('其他执法人员（每行：姓名 执法证号）', 'Other officers (one a line: name badge number)')}><Input.TextArea rows={4} /></Form.Item>
        </>}
      </Form>
    </Modal>
  </>;
}

function RiskList({ eco }: { eco: boolean }) {
  const { L, lang } = useI18n();
  const fail = useFail();
  const client = useQueryClient();
  const [page, setPage] = useState(1);
  const [adding, setAdding] = useState(false);
  const [search, setSearch] = useState('');
  const [form] = Form.useForm();
  const list = useQuery({ queryKey: ['risk-listings', page], queryFn: () => get<Page<RiskRow>>(`/api/inspections/risk-listings${qs({ page, pageSize: 20 })}`) });
  const orgs = useQuery({ queryKey: ['risk-orgs', search], enabled: adding, queryFn: () => get<Page<{ id: string; name: string }>>(`/api/organisations${qs({ q: search || undefined, kind: 'enterprise', status: 'verified', pageSize: 20 })}`) });
  return <>
    {eco && <Button style={{ marginBottom: 12 }} onClick={() => setAdding(true)}>{L('列入或调出', 'List or move back')}</Button>}
    <Table<RiskRow> rowKey="id" size="small" loading={list.isLoading} dataSource={list.data?.items ?? []} scroll={{ x: 'max-content' }}
      pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
      columns={[
        { title: L('单位', 'Unit'), dataIndex: 'organisationName' },
        { title: L('监管级别', 'Level'), dataIndex: 'level', render: (l: string) => <Tag color={l === 'key' ? 'red' : 'default'}>{label(RISK_LEVELS, l, lang)}</Tag> },
        { title: L('理由', 'Reason'), dataIndex: 'reason' },
        { title: L('日期', 'Since'), dataIndex: 'listedOn', width: 110 },
      ]} />
    <Modal open={adding} title={L('重点监管单位清单', 'Key-supervision list')} onCancel={() => setAdding(false)} onOk={() => form.submit()} destroyOnHidden>
      <Form form={form} layout="vertical" preserve={false} initialValues={{ level: 'key', listedOn: dayjs() }} onFinish={async (v) => {
        try {
          await post('/api/inspections/risk-listings', { organisationId: v.organisationId, level: v.level, reason: v.reason, listedOn: v.listedOn.format('YYYY-MM-DD') });
          client.invalidateQueries({ queryKey: ['risk-listings'] });
          setAdding(false);
        } catch (e) { fail(e); }
      }}>
        <Form.Item name="organisationId" label={L('单位', 'Unit')} rules={[{ required: true }]}>
          <Select showSearch filterOption={false} onSearch={setSearch} options={(orgs.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))} />
        </Form.Item>
        <Form.Item name="level" label={L('监管级别', 'Level')}><Radio.Group options={RISK_LEVELS.map((k) => ({ value: k.value, label: k[lang] }))} /></Form.Item>
        <Form.Item name="reason" label={L('理由', 'Reason')} rules={[{ required: true, min: 2 }]}><Input maxLength={500} /></Form.Item>
        <Form.Item name="listedOn" label={L('日期', 'Day')} rules={[{ required: true }]}><DatePicker /></Form.Item>
      </Form>
    </Modal>
  </>;
}
