import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Select, Space, Table, Tabs, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { ApiError, get, post, qs, type Page } from '../api';
import { shanghai, useI18n } from '../i18n';
import { useSession } from '../session';
import { CELL_FIELDS, CELL_KINDS, CELL_STATES, cellKind, type CellField, type CellState, type Criterion } from '../../domain/cells';
import { CELL_KINDS as REGISTER_KINDS } from '../../domain/registers';

// 无废细胞 (seed 000 三(七), 五(二); seed 004 三(六)): an organisation (or an official for a community or
// village) applies with the checklist's evidence; the kind's county department takes it up, checks on
// site with points, puts it on public notice (公示), answers objections, names, returns, refuses or
// revokes it; the counts stand against the plans' targets (临清 30 by 2025; 聊城 30 malls by 2025).

interface Row { id: string; kind: string; organisationName: string; regionName: string; regionCode: string; state: CellState | null; namedOn: string | null; updatedAt: string | null }
interface Step { id: string; step: string; data: Record<string, unknown>; at: string; byName: string; organisationName: string }
interface Objection { id: string; reason: string; contact: string | null; at: string; outcome: 'upheld' | 'dismissed' | null; reply: string | null }
type May = Record<'resubmit' | 'accept' | 'check' | 'notice' | 'approve' | 'return' | 'refuse' | 'revoke' | 'answer', boolean>;
interface Detail { id: string; kind: string; name: string; regionName: string; state: CellState | null; checklist: { version: number; passScore: number; noticeDays: number; criteria: Criterion[] }; history: Step[]; objections: Objection[]; may: May }
interface YearRow { year: number; named: number; cumulative: number; target: number | null }
interface Targets { years: number[]; rows: { regionCode: string; name: string; years: YearRow[] }[]; city: { name: string; years: YearRow[] } | null }
interface Counts { years: number[]; total: { year: number; count: number; named: number; target: number | null }[]; fields: { field: CellField; years: { year: number; count: number; target: number | null }[] }[]; kinds: { kind: string; years: { year: number; count: number }[] }[] }
interface KindChecklist { kind: string; zh: string; en: string; onBehalf: boolean; selfKinds: string[]; checklist: { version: number; passScore: number; noticeDays: number; criteria: Criterion[] } }

const STATE_COLOR: Record<CellState, string> = { submitted: 'blue', accepted: 'geekblue', checked: 'cyan', in_notice: 'purple', approved: 'green', returned: 'orange', refused: 'red', revoked: 'default' };
const split = (s: unknown) => String(s ?? '').split(/[,，;；、\n]/).map((x) => x.trim()).filter(Boolean);

export default function CellsPage() {
  const { L } = useI18n();
  const { me } = useSession();
  const official = me?.user.role === 'platform_admin' || me?.user.role === 'office' || me?.user.role === 'regulator';
  const company = me?.organisation?.kind === 'enterprise';
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Card title={L('无废细胞', 'Zero-waste cells')}>
      <Typography.Paragraph type="secondary">
        {L('依据临清市“无废城市”建设实施方案：到2025年创建30个“无废细胞”（工业领域6个、生活领域18个、农业农村领域6个）；聊无废办〔2023〕7号：全市2025年底前建成30个“无废商场”。申报 → 受理 → 现场核查评分 → 公示（接受异议）→ 命名；命名后可摘牌。',
          'The plans: 30 zero-waste cells in 临清 by 2025 (6 industrial, 18 in daily life, 6 rural); 30 zero-waste malls in 聊城 by 2025. Apply → accept → on-site check with points → public notice (objections) → name; a named cell may be revoked.')}
      </Typography.Paragraph>
      <Tabs items={[
        { key: 'list', label: official ? L('申报与命名', 'Applications') : L('我的申报', 'My applications'), children: <CellList onOpen={setOpen} official={official} /> },
        ...(company || me?.user.role === 'office' || me?.user.role === 'regulator' ? [{ key: 'apply', label: L('申报', 'Apply'), children: <ApplyForm onDone={setOpen} company={company} /> }] : []),
        ...(official ? [{ key: 'counts', label: L('创建进度', 'Against the targets'), children: <CountsTable /> }] : []),
        ...(me?.user.role === 'platform_admin' || me?.user.role === 'office' || me?.user.domain === 'commerce' || me?.user.domain === 'general' ? [{ key: 'targets', label: L('无废商场目标', 'Malls against targets'), children: <TargetTable /> }] : []),
        ...(official ? [{ key: 'checklists', label: L('创建标准', 'Checklists'), children: <Checklists /> }] : []),
      ]} />
      {open && <CellModal id={open} onClose={() => setOpen(null)} />}
    </Card>
  );
}

function KindTag({ kind }: { kind: string }) {
  const { L } = useI18n();
  const k = cellKind(kind);
  return <Tag>{k ? L(k.zh, k.en) : kind}</Tag>;
}

function CellList({ onOpen, official }: { onOpen: (id: string) => void; official: boolean }) {
  const { L, lang } = useI18n();
  const [page, setPage] = useState(1);
  const [filter, setFilter] = useState<{ kind?: string; state?: string; year?: number; q?: string }>({});
  const list = useQuery({ queryKey: ['cells', filter, page], queryFn: () => get<Page<Row>>(`/api/cells${qs({ ...filter, page, pageSize: 20 })}`) });
  const narrow = (f: Partial<typeof filter>) => { setPage(1); setFilter((x) => ({ ...x, ...f })); };
  return <>
    {official && <Space wrap style={{ marginBottom: 12 }}>
      <Input.Search allowClear placeholder={L('名称', 'Name')} onSearch={(q) => narrow({ q: q || undefined })} style={{ width: 200 }} />
      <Select allowClear placeholder={L('类型', 'Kind')} style={{ width: 150 }} onChange={(k) => narrow({ kind: k })} data-testid="cell-kind-filter" options={CELL_KINDS.map((k) => ({ value: k.value, label: L(k.zh, k.en) }))} />
      <Select allowClear placeholder={L('状态', 'State')} style={{ width: 150 }} onChange={(s) => narrow({ state: s })} data-testid="cell-state-filter"
        options={Object.entries(CELL_STATES).map(([value, l]) => ({ value, label: lang === 'zh' ? l.zh : l.en }))} />
      <InputNumber placeholder={L('命名年份', 'Year named')} min={2023} max={2100} onChange={(y) => narrow({ year: y ?? undefined })} />
    </Space>}
    <Table rowKey="id" size="small" loading={list.isLoading} dataSource={list.data?.items ?? []} data-testid="cell-table" onRow={(r) => ({ onClick: () => onOpen(r.id), style: { cursor: 'pointer' } })}
      pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (t) => L(`共 ${t} 个`, `${t} in all`) }}
      columns={[
        { title: L('名称', 'Name'), dataIndex: 'organisationName' },
        { title: L('类型', 'Kind'), dataIndex: 'kind', width: 130, render: (k: string) => <KindTag kind={k} /> },
        { title: L('所在地', 'Where'), dataIndex: 'regionName', width: 120 },
        { title: L('状态', 'State'), dataIndex: 'state', width: 140, render: (s: CellState | null) => (s ? <Tag color={STATE_COLOR[s]}>{lang === 'zh' ? CELL_STATES[s].zh : CELL_STATES[s].en}</Tag> : '—') },
        { title: L('命名日期', 'Named on'), dataIndex: 'namedOn', width: 110, render: (d: string | null) => d ?? '—' },
        { title: L('最近办理', 'Last step'), dataIndex: 'updatedAt', width: 160, render: (d: string | null) => shanghai(d) },
      ]} />
  </>;
}

function CountsTable() {
  const { L } = useI18n();
  const counts = useQuery({ queryKey: ['cell-counts'], queryFn: () => get<Counts>('/api/cells/counts') });
  const c = counts.data;
  const fmt = (n: number, target: number | null) => <span style={{ color: target !== null && n < target ? '#cf1322' : undefined }}>{n}{target !== null ? ` / ${target}` : ''} {L('个', '')}</span>;
  const kindName = (k: string) => { const kind = cellKind(k); if (kind) return L(kind.zh, kind.en); const r = REGISTER_KINDS.find((x) => `register:${x.value}` === k); return r ? L(`${r.zh}（名录）`, `${r.en} (register)`) : k; };
  const rows = c ? [
    { key: 'total', name: L('合计', 'All'), cells: c.total.map((y) => fmt(y.count, y.target)) },
    ...c.fields.map((f) => ({ key: f.field, name: L(CELL_FIELDS[f.field].zh, CELL_FIELDS[f.field].en), cells: f.years.map((y) => fmt(y.count, y.target)) })),
    ...c.kinds.map((k) => ({ key: k.kind, name: <Typography.Text type="secondary">{kindName(k.kind)}</Typography.Text>, cells: k.years.map((y) => <>{y.count} {L('个', '')}</>) })),
  ] : [];
  return <Table rowKey="key" size="small" loading={counts.isLoading} dataSource={rows} pagination={false} data-testid="cell-counts"
    columns={[{ title: L('领域/类型', 'Field / kind'), dataIndex: 'name' }, ...(c?.years ?? []).map((year, i) => ({ title: L(`${year}年底（在册/目标）`, `End ${year} (in force/target)`), key: String(year), render: (_: unknown, r: (typeof rows)[number]) => r.cells[i] }))]} />;
}

function TargetTable() {
  const { L } = useI18n();
  const targets = useQuery({ queryKey: ['cell-targets'], queryFn: () => get<Targets>('/api/cells/targets?kind=mall') });
  const t = targets.data;
  const cell = (y: YearRow | undefined) => (y ? <span style={{ color: y.target !== null && y.cumulative < y.target ? '#cf1322' : undefined }}>{y.cumulative}{y.target !== null ? ` / ${y.target}` : ''} {L('个', '')}{y.named ? <Typography.Text type="secondary"> (+{y.named})</Typography.Text> : null}</span> : '—');
  return <>
    {t?.city && <Alert style={{ marginBottom: 12 }} type={(t.city.years.find((y) => y.year === 2025)?.cumulative ?? 0) >= 30 ? 'success' : 'warning'} showIcon data-testid="cell-city-total"
      message={L(`${t.city.name}：2025年底累计命名无废商场 ${t.city.years.find((y) => y.year === 2025)?.cumulative ?? 0} 个，目标 30 个；至今累计 ${t.city.years.at(-1)?.cumulative ?? 0} 个`,
        `${t.city.name}: ${t.city.years.find((y) => y.year === 2025)?.cumulative ?? 0} malls named by the end of 2025 against 30; ${t.city.years.at(-1)?.cumulative ?? 0} to date`)} />}
    <Table rowKey="regionCode" size="small" loading={targets.isLoading} dataSource={t?.rows ?? []} pagination={false} data-testid="cell-targets"
      columns={[
        { title: L('县（市、区）', 'County'), dataIndex: 'name' },
        ...(t?.years ?? []).map((year) => ({ title: L(`${year}年底（累计/目标）`, `End ${year} (total/target)`), key: String(year), render: (_: unknown, r: Targets['rows'][number]) => cell(r.years.find((y) => y.year === year)) })),
      ]} />
  </>;
}

function Checklists() {
  const { L } = useI18n();
  const list = useQuery({ queryKey: ['cell-checklists'], queryFn: () => get<{ items: KindChecklist[] }>('/api/cells/checklists') });
  return <Space direction="vertical" style={{ width: '100%' }}>
    <Typography.Text type="secondary">{L('创建标准由无废办设定（POST /api/cells/checklists 发布新版本，新申报适用新版本）。', 'The office sets the checklists (a new version applies to new applications).')}</Typography.Text>
    {(list.data?.items ?? []).map((k) => <Card key={k.kind} size="small" title={L(`${k.zh}（第${k.checklist.version}版，合格线${k.checklist.passScore}分，公示${k.checklist.noticeDays}个工作日）`, `${k.en} (version ${k.checklist.version}, pass ${k.checklist.passScore}, notice ${k.checklist.noticeDays} working days)`)}>
      <ul style={{ margin: 0 }}>{k.checklist.criteria.map((c) => <li key={c.key}>{L(c.zh, c.en || c.zh)}：{c.maxScore} {L('分', 'pts')}{c.evidenceRequired ? <Tag style={{ marginLeft: 6 }}>{L('须附证明材料', 'evidence required')}</Tag> : null}</li>)}</ul>
    </Card>)}
  </Space>;
}

function ApplyForm({ onDone, company }: { onDone: (id: string) => void; company: boolean }) {
  const { L, M } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const [kind, setKind] = useState<string | undefined>();
  const list = useQuery({ queryKey: ['cell-checklists'], queryFn: () => get<{ items: KindChecklist[] }>('/api/cells/checklists') });
  const options = (list.data?.items ?? []).filter((k) => (company ? k.selfKinds.includes('enterprise') : k.onBehalf));
  const chosen = options.find((k) => k.kind === kind);
  return (
    <Form form={form} layout="vertical" data-testid="cell-apply" onFinish={async (v) => {
      if (!chosen) return;
      try {
        const r = await post<{ id: string }>('/api/cells/applications', {
          kind: chosen.kind,
          criteria: chosen.checklist.criteria.map((c) => ({ key: c.key, description: v[`d_${c.key}`], evidence: split(v[`a_${c.key}`]).map((name) => ({ name })) })),
          ...(company ? {} : { onBehalf: { name: v.name, regionCode: v.regionCode } }),
          ...(v.longitude && v.latitude ? { longitude: v.longitude, latitude: v.latitude } : {}),
        });
        message.success(L('已提交，等待主管部门受理核查', 'Submitted; the department will take it up'));
        client.invalidateQueries({ queryKey: ['cells'] });
        onDone(r.id);
      } catch (e) { if (e instanceof ApiError) message.error(M(e.text)); }
    }}>
      <Form.Item label={L('申报类型', 'Kind')} required><Select value={kind} onChange={setKind} style={{ maxWidth: 320 }} data-testid="apply-kind" options={options.map((k) => ({ value: k.kind, label: L(k.zh, k.en) }))} /></Form.Item>
      {!company && chosen && <Space wrap>
        <Form.Item name="name" label={L('社区、村庄名称', 'Community or village')} rules={[{ required: true, min: 2 }]}><Input style={{ width: 240 }} /></Form.Item>
        <Form.Item name="regionCode" label={L('所在乡镇（街道）代码（9位）', 'Town code (9 digits)')} rules={[{ required: true, pattern: /^\d{9}$/ }]}><Input style={{ width: 180 }} /></Form.Item>
      </Space>}
      {chosen && <Space wrap>
        <Form.Item name="longitude" label={L('经度（选填）', 'Longitude (optional)')}><InputNumber min={73} max={136} step={0.001} /></Form.Item>
        <Form.Item name="latitude" label={L('纬度（选填）', 'Latitude (optional)')}><InputNumber min={3} max={54} step={0.001} /></Form.Item>
      </Space>}
      {chosen?.checklist.criteria.map((c) => (
        <Card key={c.key} size="small" title={`${L(c.zh, c.en || c.zh)}（${c.maxScore} ${L('分', 'pts')}）`} style={{ marginBottom: 12 }}>
          <Typography.Text type="secondary">{L(c.hint.zh, c.hint.en)}</Typography.Text>
          <Form.Item name={`d_${c.key}`} label={L('落实情况', 'What has been done')} rules={[{ required: true, min: 2 }]}><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
          <Form.Item name={`a_${c.key}`} label={c.evidenceRequired ? L('证明材料名称（必填，逗号分隔）', 'Evidence (required; comma separated)') : L('证明材料名称（逗号分隔）', 'Evidence (comma separated)')}><Input maxLength={500} /></Form.Item>
        </Card>
      ))}
      {chosen && <Button type="primary" htmlType="submit" data-testid="apply-submit">{L('提交申报', 'Submit')}</Button>}
    </Form>
  );
}

function CellModal({ id, onClose }: { id: string; onClose: () => void }) {
  const { L, M, lang } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const cell = useQuery({ queryKey: ['cell', id], queryFn: () => get<Detail>(`/api/cells/${id}`) });
  const c = cell.data;
  const [form] = Form.useForm();
  const act = async (path: string, body: unknown, done: string) => {
    try {
      await post(`/api/cells/${id}/${path}`, body);
      message.success(done);
      for (const key of [['cell', id], ['cells'], ['cell-targets'], ['cell-counts']]) client.invalidateQueries({ queryKey: key });
      form.resetFields();
    } catch (e) { if (e instanceof ApiError) message.error(M(e.text)); }
  };
  const criteria = c?.checklist.criteria ?? [];
  const itemName = (key: string) => { const i = criteria.find((x) => x.key === key); return i ? L(i.zh, i.en || i.zh) : key; };
  const stepText = (s: Step) => {
    const d = s.data as Record<string, never>;
    switch (s.step) {
      case 'submit': return <>{L('提交申报', 'Submitted')}<ul style={{ margin: 0 }}>{((d.criteria ?? []) as { key: string; description: string; evidence: { name: string }[] }[]).map((i) => <li key={i.key}>{itemName(i.key)}：{i.description}{i.evidence.length ? `（${i.evidence.map((a) => a.name).join('、')}）` : ''}</li>)}</ul></>;
      case 'accept': return <>{L('受理', 'Accepted')}{d.note ? `：${d.note}` : ''}</>;
      case 'check': return <>{L(`现场核查 ${d.checkedOn}，核查人员：`, `Checked on site ${d.checkedOn} by `)}{(d.inspectors as string[]).join('、')}{d.total !== undefined ? L(`，得分 ${d.total}（合格线 ${d.passScore}）`, `, ${d.total} points (pass ${d.passScore})`) : ''}
        <ul style={{ margin: 0 }}>{(d.findings as { key: string; score?: number; pass?: boolean; note: string }[]).map((f) => <li key={f.key}>{itemName(f.key)}：{f.score !== undefined ? L(`${f.score} 分`, `${f.score} pts`) : f.pass ? <Tag color="green">{L('通过', 'Pass')}</Tag> : <Tag color="red">{L('不通过', 'Fail')}</Tag>} {f.note}</li>)}</ul></>;
      case 'notice': return <>{L(`公示 ${d.startOn} 至 ${d.endOn}（${d.workingDays}个工作日）`, `Public notice ${d.startOn} to ${d.endOn} (${d.workingDays} working days)`)} <a href={`/public/cells/${id}`} target="_blank" rel="noreferrer">{L('公示页', 'notice page')}</a></>;
      case 'approve': return <>{L('命名', 'Named')}：{d.decisionNo}（{d.decidedOn}）</>;
      case 'return': return <>{L('退回修改', 'Returned')}：{d.reasons}</>;
      case 'refuse': return <>{L('不予命名', 'Refused')}：{d.reasons}</>;
      case 'revoke': return <>{L('摘牌', 'Revoked')}：{d.reasons}</>;
      default: return s.step;
    }
  };
  return (
    <Modal open title={c?.name} onCancel={onClose} footer={null} width={820} destroyOnHidden>
      {c && <Space direction="vertical" style={{ width: '100%' }} data-testid="cell-detail">
        <Descriptions size="small" column={3} items={[{ label: L('类型', 'Kind'), children: <KindTag kind={c.kind} /> }, { label: L('所在地', 'Where'), children: c.regionName },
          { label: L('状态', 'State'), children: c.state ? <Tag color={STATE_COLOR[c.state]} data-testid="cell-state">{lang === 'zh' ? CELL_STATES[c.state].zh : CELL_STATES[c.state].en}</Tag> : '—' }]} />
        <Timeline items={c.history.map((s) => ({ children: <div data-testid="cell-step">{stepText(s)}<Typography.Text type="secondary" style={{ fontSize: 12 }}>{s.organisationName}{s.byName ? ` · ${s.byName}` : ''} · {shanghai(s.at)}</Typography.Text></div> }))} />
        {c.objections.length > 0 && <Card size="small" title={L(`公示异议（${c.objections.length} 条）`, `Objections (${c.objections.length})`)} data-testid="cell-objections">
          {c.objections.map((o) => <div key={o.id} style={{ marginBottom: 8 }} data-testid="cell-objection">
            <Typography.Text>{o.reason}</Typography.Text> <Typography.Text type="secondary" style={{ fontSize: 12 }}>{shanghai(o.at)}{o.contact ? ` · ${L('联系方式', 'contact')}：${o.contact}` : ''}</Typography.Text>
            {o.outcome ? <div><Tag color={o.outcome === 'upheld' ? 'red' : 'green'}>{o.outcome === 'upheld' ? L('异议成立', 'Upheld') : L('异议不成立', 'Dismissed')}</Tag>{o.reply}</div>
              : c.may.answer && <Form layout="inline" style={{ marginTop: 4 }} onFinish={(v) => act(`objections/${o.id}/answer`, { outcome: v.outcome, reply: v.reply, ...(v.outcome === 'upheld' ? { then: 'return' } : {}) }, L('已答复', 'Answered'))}>
                <Form.Item name="outcome" initialValue="dismissed"><Select style={{ width: 140 }} options={[{ value: 'dismissed', label: L('异议不成立', 'Dismissed') }, { value: 'upheld', label: L('成立（退回）', 'Upheld (return)') }]} /></Form.Item>
                <Form.Item name="reply" rules={[{ required: true, min: 2 }]}><Input placeholder={L('答复意见', 'Reply')} style={{ width: 300 }} data-testid="answer-reply" /></Form.Item>
                <Button htmlType="submit" data-testid="answer-submit">{L('答复', 'Answer')}</Button>
              </Form>}
          </div>)}
        </Card>}
        {c.may.accept && <Button onClick={() => act('acceptance', { note: '' }, L('已受理', 'Accepted'))} data-testid="accept-submit">{L('受理', 'Accept')}</Button>}
        {c.may.check && <Card size="small" title={L(`记录现场核查（合格线 ${c.checklist.passScore} 分）`, `Record the on-site check (pass: ${c.checklist.passScore})`)}>
          <Form form={form} layout="vertical" initialValues={{ checkedOn: dayjs(), ...Object.fromEntries(criteria.map((i) => [`score_${i.key}`, i.maxScore])) }} onFinish={(v) => act('checks', {
            checkedOn: v.checkedOn.format('YYYY-MM-DD'), inspectors: split(v.inspectors),
            findings: criteria.map((i) => ({ key: i.key, score: v[`score_${i.key}`] ?? 0, note: v[`note_${i.key}`] ?? '' })),
          }, L('已记录现场核查', 'Check recorded'))}>
            <Space wrap>
              <Form.Item name="checkedOn" label={L('核查日期', 'Day')} rules={[{ required: true }]}><DatePicker /></Form.Item>
              <Form.Item name="inspectors" label={L('核查人员（顿号分隔）', 'Inspectors')} rules={[{ required: true }]}><Input style={{ width: 240 }} data-testid="check-inspectors" /></Form.Item>
            </Space>
            {criteria.map((i) => <Space key={i.key} wrap align="baseline">
              <Typography.Text style={{ width: 260, display: 'inline-block' }}>{L(i.zh, i.en || i.zh)}</Typography.Text>
              <Form.Item name={`score_${i.key}`} style={{ margin: 0 }}><InputNumber min={0} max={i.maxScore} step={0.5} addonAfter={L(`/ ${i.maxScore} 分`, `/ ${i.maxScore}`)} data-testid={`score-${i.key}`} /></Form.Item>
              <Form.Item name={`note_${i.key}`} style={{ margin: 0 }}><Input placeholder={L('发现的问题', 'Findings')} style={{ width: 220 }} /></Form.Item>
            </Space>)}
            <div><Button type="primary" htmlType="submit" data-testid="check-submit">{L('保存核查结果', 'Save the check')}</Button></div>
          </Form>
        </Card>}
        {c.may.notice && <Form layout="inline" initialValues={{ startOn: dayjs() }} onFinish={(v) => act('notice', { startOn: v.startOn.format('YYYY-MM-DD') }, L('已开始公示', 'Notice started'))}>
          <Form.Item name="startOn" label={L(`公示开始（${c.checklist.noticeDays}个工作日）`, `Notice from (${c.checklist.noticeDays} working days)`)} rules={[{ required: true }]}><DatePicker /></Form.Item>
          <Button type="primary" htmlType="submit" data-testid="notice-submit">{L('发布公示', 'Publish the notice')}</Button>
        </Form>}
        {(c.may.approve || c.may.return) && <Card size="small" title={L('命名、退回或不予命名', 'Name, return or refuse')}>
          {c.state === 'in_notice' && !c.may.approve && <Alert type="info" showIcon style={{ marginBottom: 8 }} message={L('公示期满且异议均已答复后方可命名', 'It can be named once the notice has ended and every objection is answered')} />}
          <Form layout="vertical" initialValues={{ decidedOn: dayjs() }} onFinish={(v) => act('approval', { decisionNo: v.decisionNo, decidedOn: v.decidedOn.format('YYYY-MM-DD') }, L('已命名', 'Named'))}>
            <Space wrap align="end">
              <Form.Item name="decisionNo" label={L('命名文件文号', 'Decision no.')} rules={[{ required: true, min: 2 }]}><Input style={{ width: 220 }} data-testid="approve-no" /></Form.Item>
              <Form.Item name="decidedOn" label={L('命名日期', 'Day')} rules={[{ required: true }]}><DatePicker /></Form.Item>
              <Form.Item><Button type="primary" htmlType="submit" disabled={!c.may.approve} data-testid="approve-submit">{L('命名', 'Name it')}</Button></Form.Item>
            </Space>
          </Form>
          <Form layout="vertical" onFinish={(v) => act(v.how === 'refuse' ? 'refusal' : 'return', { reasons: v.reasons }, L('已办理', 'Done'))} initialValues={{ how: 'return' }}>
            <Form.Item name="reasons" label={L('原因', 'Reasons')} rules={[{ required: true, min: 2 }]}><Input.TextArea rows={2} /></Form.Item>
            <Space><Form.Item name="how" noStyle><Select style={{ width: 140 }} options={[{ value: 'return', label: L('退回修改', 'Return') }, { value: 'refuse', label: L('不予命名', 'Refuse') }]} /></Form.Item>
              <Button danger htmlType="submit" data-testid="return-submit">{L('提交', 'Send')}</Button></Space>
          </Form>
        </Card>}
        {c.may.revoke && <Card size="small" title={L('摘牌', 'Revoke')}>
          <Form layout="inline" initialValues={{ endedOn: dayjs() }} onFinish={(v) => act('revocation', { reasons: v.reasons, endedOn: v.endedOn.format('YYYY-MM-DD') }, L('已摘牌', 'Revoked'))}>
            <Form.Item name="reasons" rules={[{ required: true, min: 2 }]}><Input placeholder={L('摘牌原因', 'Reasons')} style={{ width: 300 }} /></Form.Item>
            <Form.Item name="endedOn"><DatePicker /></Form.Item>
            <Button danger htmlType="submit" data-testid="revoke-submit">{L('摘牌', 'Revoke')}</Button>
          </Form>
        </Card>}
        {c.may.resubmit && <Alert type="info" showIcon message={L('申报已退回或未获命名：请整改后在“申报”中重新提交。', 'Returned or refused: make the changes and submit again under “Apply”.')} />}
      </Space>}
    </Modal>
  );
}
