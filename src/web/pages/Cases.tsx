import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Radio, Select, Space, Switch, Table, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { ApiError, get, post, qs, type Page } from '../api';
import { shanghai, useI18n } from '../i18n';
import { useSession } from '../session';
import { CASE_SOURCES, CASE_STATUS, COMPENSATION_MODES, COMPENSATION_STATUS, POLICE_STATUS, STEP_KINDS, type CaseStatus, type CompensationStatus, type PoliceStatus, type StepKind } from '../../domain/cases';

// 行政处罚案件: the ecology bureau opens a case (from a failed random inspection, an alarm, a complaint or
// otherwise) and records what follows: investigation, decision, closure, transfer to the police and their
// answer, damage compensation. The party sees its own cases, read-only.

interface Row { id: string; caseNo: string; title: string; partyName: string; sourceKind: string; openedOn: string; status: CaseStatus; police: PoliceStatus; compensation: CompensationStatus; penaltyWan: number | null }
interface Step { id: string; kind: StepKind; on: string; data: Record<string, unknown>; recordedAt: string; byName: string }
interface Detail {
  id: string; caseNo: string; title: string; facts: string; partyName: string; sourceKind: string; sourceId: string | null; solidWaste: boolean; openedOn: string;
  status: CaseStatus; police: PoliceStatus; compensation: CompensationStatus; steps: Step[]; may: Record<StepKind, boolean>;
}

const STATUS_COLOR: Record<CaseStatus, string> = { open: 'blue', decided: 'orange', closed: 'green' };
const labelOf = (list: readonly { value: string; zh: string; en: string }[], value: string, lang: 'zh' | 'en') => list.find((x) => x.value === value)?.[lang] ?? value;

export default function CasesPage() {
  const { L } = useI18n();
  const { may } = useSession();
  const eco = may('inspections.manage');
  const [params, setParams] = useSearchParams();
  const open = params.get('case');
  const from = params.get('from');
  const setOpen = (id: string | null) => setParams(id ? { case: id } : {});
  return (
    <Card title={L('行政处罚案件', 'Enforcement cases')}>
      <Typography.Paragraph type="secondary">
        {L('生态环境部门对双随机抽查、预警、信访投诉发现的固体废物违法行为立案查处；涉嫌犯罪的移送公安机关；造成生态环境损害的开展损害赔偿。“固体废物环境污染刑事案件立案率”和“损害赔偿工作覆盖率”由此计算。',
          'The ecology bureau opens cases on what inspections, alarms and complaints find; suspected crimes go to the police; damage is compensated. Rows 40 and 42 are computed from these cases.')}
      </Typography.Paragraph>
      <CaseList eco={eco} onOpen={setOpen} />
      {open && <CaseModal id={open} onClose={() => setOpen(null)} />}
      {eco && from && <OpenCase source={{ kind: from, id: params.get('source') ?? undefined }} onClose={() => setParams({})} onDone={setOpen} />}
    </Card>
  );
}

function CaseList({ eco, onOpen }: { eco: boolean; onOpen: (id: string) => void }) {
  const { L, lang } = useI18n();
  const [page, setPage] = useState(1);
  const [filter, setFilter] = useState<{ status?: string; sourceKind?: string; q?: string }>({});
  const [creating, setCreating] = useState(false);
  const list = useQuery({ queryKey: ['cases', page, filter], queryFn: () => get<Page<Row>>(`/api/cases${qs({ ...filter, page, pageSize: 20 })}`) });
  const narrow = (f: Partial<typeof filter>) => { setPage(1); setFilter((x) => ({ ...x, ...f })); };
  return <>
    <Space wrap style={{ marginBottom: 12 }}>
      {eco && <Button type="primary" onClick={() => setCreating(true)}>{L('立案', 'Open a case')}</Button>}
      <Input.Search allowClear placeholder={L('案件编号或当事人', 'Case number or party')} onSearch={(q) => narrow({ q: q || undefined })} style={{ width: 220 }} />
      <Select allowClear placeholder={L('办理状态', 'State')} style={{ width: 160 }} onChange={(s) => narrow({ status: s })} options={Object.entries(CASE_STATUS).map(([value, t]) => ({ value, label: t[lang] }))} />
      <Select allowClear placeholder={L('案件来源', 'Source')} style={{ width: 160 }} onChange={(s) => narrow({ sourceKind: s })} options={CASE_SOURCES.map((s) => ({ value: s.value, label: s[lang] }))} />
    </Space>
    <Table<Row> rowKey="id" size="small" loading={list.isLoading} dataSource={list.data?.items ?? []} data-testid="case-table" scroll={{ x: 'max-content' }}
      onRow={(r) => ({ onClick: () => onOpen(r.id), style: { cursor: 'pointer' } })}
      pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (t) => L(`共 ${t} 件`, `${t} in all`) }}
      columns={[
        { title: L('案件编号', 'Case'), dataIndex: 'caseNo' },
        { title: L('案由', 'Title'), dataIndex: 'title' },
        { title: L('当事人', 'Party'), dataIndex: 'partyName' },
        { title: L('来源', 'Source'), dataIndex: 'sourceKind', render: (s: string) => labelOf(CASE_SOURCES, s, lang) },
        { title: L('立案日期', 'Opened'), dataIndex: 'openedOn', width: 110 },
        { title: L('状态', 'State'), dataIndex: 'status', render: (s: CaseStatus) => <Tag color={STATUS_COLOR[s]}>{CASE_STATUS[s][lang]}</Tag> },
        { title: L('罚款', 'Fine'), dataIndex: 'penaltyWan', render: (p: number | null) => (p === null ? '' : L(`${p} 万元`, `${p}×10⁴ yuan`)) },
        { title: L('移送公安', 'Police'), dataIndex: 'police', render: (p: PoliceStatus) => (p === 'none' ? '' : <Tag color={p === 'filed' ? 'volcano' : 'default'}>{POLICE_STATUS[p][lang]}</Tag>) },
        { title: L('损害赔偿', 'Compensation'), dataIndex: 'compensation', render: (c: CompensationStatus) => COMPENSATION_STATUS[c][lang] },
      ]} />
    {creating && <OpenCase source={{ kind: 'other' }} onClose={() => setCreating(false)} onDone={(id) => { setCreating(false); onOpen(id); }} />}
  </>;
}

function OpenCase({ source, onClose, onDone }: { source: { kind: string; id?: string }; onClose: () => void; onDone: (id: string) => void }) {
  const { L, M, lang } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const kind = Form.useWatch('sourceKind', form) ?? source.kind;
  const year = dayjs().year();
  return (
    <Modal open width={680} title={L('立案', 'Open a case')} onCancel={onClose} onOk={() => form.submit()} okText={L('立案', 'Open')} okButtonProps={{ 'data-testid': 'case-submit' } as never} destroyOnHidden>
      <Form form={form} layout="vertical" data-testid="case-form" initialValues={{ sourceKind: source.kind, sourceId: source.id, openedOn: dayjs(), solidWaste: true, caseNo: `临环罚立〔${year}〕号` }} onFinish={async (v) => {
        try {
          const c = await post<{ id: string }>('/api/cases', { caseNo: v.caseNo, title: v.title, facts: v.facts, source: { kind: v.sourceKind, ...(v.sourceId ? { id: v.sourceId } : {}) },
            ...(v.partyName ? { partyName: v.partyName } : {}), solidWaste: !!v.solidWaste, openedOn: v.openedOn.format('YYYY-MM-DD') });
          message.success(L('已立案', 'Case opened'));
          client.invalidateQueries({ queryKey: ['cases'] });
          client.invalidateQueries({ queryKey: ['inspection'] });
          onDone(c.id);
        } catch (e) { if (e instanceof ApiError) message.error(M(e.text)); else throw e; }
      }}>
        <Space wrap>
          <Form.Item name="sourceKind" label={L('案件来源', 'Source')}><Select style={{ width: 200 }} options={CASE_SOURCES.map((s) => ({ value: s.value, label: s[lang] }))} /></Form.Item>
          {kind !== 'other' && <Form.Item name="sourceId" label={L('来源记录编号', 'Source record')} rules={[{ required: true }]}><Input style={{ width: 320 }} data-testid="case-source-id" /></Form.Item>}
        </Space>
        <Form.Item name="caseNo" label={L('案件编号', 'Case number')} rules={[{ required: true, min: 2 }]}><Input maxLength={60} data-testid="case-no" /></Form.Item>
        <Form.Item name="title" label={L('案由', 'Title')} rules={[{ required: true, min: 2 }]}><Input maxLength={100} data-testid="case-title" /></Form.Item>
        <Form.Item name="facts" label={L('违法事实', 'Facts')} rules={[{ required: true, min: 2 }]}><Input.TextArea rows={3} maxLength={5000} data-testid="case-facts" /></Form.Item>
        {kind === 'other' && <Form.Item name="partyName" label={L('当事人（单位或个人）', 'Party (unit or person)')} rules={[{ required: true, min: 2 }]}><Input maxLength={100} /></Form.Item>}
        <Space wrap>
          <Form.Item name="openedOn" label={L('立案日期', 'Opened on')} rules={[{ required: true }]}><DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} /></Form.Item>
          <Form.Item name="solidWaste" label={L('固体废物环境污染案件', 'Solid-waste pollution case')} valuePropName="checked"><Switch /></Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

function stepText(s: Step, lang: 'zh' | 'en', L: (zh: string, en: string) => string) {
  const d = s.data as Record<string, string | number | boolean | undefined>;
  const name = labelOf(STEP_KINDS, s.kind, lang);
  switch (s.kind) {
    case 'decision': return `${name}：${d.decisionNo}，${L(`罚款 ${d.penaltyWan} 万元`, `fine ${d.penaltyWan}×10⁴ yuan`)}${d.note ? `；${d.note}` : ''}`;
    case 'police_transfer': return `${name}：${L('回执', 'receipt')} ${d.receiptNo}${d.note ? `；${d.note}` : ''}`;
    case 'police_answer': return `${name}：${d.filed ? L('已立案', 'filed') : L('不予立案', 'not filed')}${d.note ? `；${d.note}` : ''}`;
    case 'compensation': return `${name}：${labelOf(COMPENSATION_MODES, String(d.mode), lang)}${d.note ? `；${d.note}` : ''}`;
    case 'compensation_na': return `${name}：${d.reason}`;
    default: return `${name}：${d.note ?? ''}`;
  }
}

function CaseModal({ id, onClose }: { id: string; onClose: () => void }) {
  const { L, M, lang } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const c = useQuery({ queryKey: ['case', id], queryFn: () => get<Detail>(`/api/cases/${id}`) }).data;
  const possible = c ? STEP_KINDS.filter((k) => c.may[k.value]) : [];
  const kind: StepKind | undefined = Form.useWatch('kind', form);
  return (
    <Modal open width={780} title={c ? `${c.caseNo} ${c.title}` : ''} onCancel={onClose} footer={null} destroyOnHidden>
      {c && <Space direction="vertical" style={{ width: '100%' }} data-testid="case-detail">
        <Descriptions size="small" column={{ xs: 1, md: 2 }} items={[
          { label: L('当事人', 'Party'), children: c.partyName },
          { label: L('来源', 'Source'), children: labelOf(CASE_SOURCES, c.sourceKind, lang) },
          { label: L('立案日期', 'Opened'), children: c.openedOn },
          { label: L('状态', 'State'), children: <Tag color={STATUS_COLOR[c.status]} data-testid="case-status">{CASE_STATUS[c.status][lang]}</Tag> },
          { label: L('移送公安', 'Police'), children: <span data-testid="case-police">{POLICE_STATUS[c.police][lang]}</span> },
          { label: L('损害赔偿', 'Compensation'), children: <span data-testid="case-compensation">{COMPENSATION_STATUS[c.compensation][lang]}</span> },
          { label: L('违法事实', 'Facts'), children: c.facts, span: 2 },
        ]} />
        <Timeline items={c.steps.map((s) => ({ children: <div data-testid="case-step">{s.on} {stepText(s, lang, L)}<br /><Typography.Text type="secondary" style={{ fontSize: 12 }}>{s.byName} · {shanghai(s.recordedAt)}</Typography.Text></div> }))} />
        {possible.length > 0 && <Card size="small" title={L('登记办理步骤', 'Record a step')}>
          <Form form={form} layout="vertical" data-testid="step-form" initialValues={{ on: dayjs(), kind: possible[0].value }} onFinish={async (v) => {
            const extra: Record<string, unknown> = {};
            for (const k of ['note', 'decisionNo', 'penaltyWan', 'receiptNo', 'mode', 'reason']) if (v[k] !== undefined && v[k] !== '') extra[k] = v[k];
            if (v.kind === 'police_answer') extra.filed = v.filed === 'yes';
            try {
              await post(`/api/cases/${id}/steps`, { kind: v.kind, on: v.on.format('YYYY-MM-DD'), ...extra });
              message.success(L('已登记', 'Recorded'));
              client.invalidateQueries({ queryKey: ['case', id] });
              client.invalidateQueries({ queryKey: ['cases'] });
              form.resetFields();
            } catch (e) { if (e instanceof ApiError) message.error(M(e.text)); else throw e; }
          }}>
            <Space wrap>
              <Form.Item name="kind" label={L('步骤', 'Step')}><Select style={{ width: 220 }} options={possible.map((k) => ({ value: k.value, label: k[lang] }))} data-testid="step-kind" /></Form.Item>
              <Form.Item name="on" label={L('日期', 'Day')} rules={[{ required: true }]}><DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} /></Form.Item>
            </Space>
            {kind === 'decision' && <Space wrap>
              <Form.Item name="decisionNo" label={L('行政处罚决定书文号', 'Decision number')} rules={[{ required: true, min: 2 }]}><Input style={{ width: 260 }} data-testid="step-decision-no" /></Form.Item>
              <Form.Item name="penaltyWan" label={L('罚款（万元）', 'Fine (10,000 yuan)')} rules={[{ required: true }]}><InputNumber min={0} max={100000} step={0.1} data-testid="step-penalty" /></Form.Item>
            </Space>}
            {kind === 'police_transfer' && <Form.Item name="receiptNo" label={L('移送回执编号', 'Receipt number')} rules={[{ required: true, min: 2 }]}><Input style={{ width: 260 }} /></Form.Item>}
            {kind === 'police_answer' && <Form.Item name="filed" label={L('公安机关是否立案', 'Did the police file it?')} rules={[{ required: true }]}><Radio.Group options={[{ value: 'yes', label: L('已立案', 'Filed') }, { value: 'no', label: L('不予立案', 'Not filed') }]} /></Form.Item>}
            {kind === 'compensation' && <Form.Item name="mode" label={L('赔偿方式', 'Mode')} rules={[{ required: true }]}><Radio.Group options={COMPENSATION_MODES.map((m) => ({ value: m.value, label: m[lang] }))} /></Form.Item>}
            {kind === 'compensation_na'
              ? <Form.Item name="reason" label={L('不适用的理由', 'Why it does not apply')} rules={[{ required: true, min: 2 }]}><Input.TextArea rows={2} maxLength={1000} /></Form.Item>
              : <Form.Item name="note" label={L('说明', 'Note')} rules={kind === 'investigation' || kind === 'closure' ? [{ required: true, min: 2 }] : []}><Input.TextArea rows={2} maxLength={2000} data-testid="step-note" /></Form.Item>}
            <Button type="primary" htmlType="submit" data-testid="step-submit">{L('登记', 'Record')}</Button>
          </Form>
        </Card>}
      </Space>}
    </Modal>
  );
}
