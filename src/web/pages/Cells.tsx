import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tabs, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { ApiError, get, post, qs, type Page } from '../api';
import { shanghai, useI18n } from '../i18n';
import { useSession } from '../session';
import { CELL_KINDS, CELL_STATES, type CellState } from '../../domain/cells';

// 无废商场 (seed 004 三(六)): a mall applies with its checklist; the county commerce bureau checks on site,
// names it or returns it; the counts of named malls stand against the targets.

interface Row { id: string; kind: string; organisationName: string; regionName: string; regionCode: string; state: CellState | null; namedOn: string | null; updatedAt: string | null }
interface Step { id: string; step: 'submit' | 'check' | 'approve' | 'return'; data: Record<string, unknown>; at: string; byName: string; organisationName: string }
interface Detail { id: string; kind: string; organisationName: string; regionName: string; state: CellState | null; history: Step[]; may: { resubmit: boolean; check: boolean; approve: boolean; return: boolean } }
interface YearRow { year: number; named: number; cumulative: number; target: number | null }
interface Targets { years: number[]; rows: { regionCode: string; name: string; years: YearRow[] }[]; city: { name: string; years: YearRow[] } | null }

const MALL = CELL_KINDS[0];
const STATE_COLOR: Record<CellState, string> = { submitted: 'blue', checked: 'cyan', approved: 'green', returned: 'orange' };

export default function CellsPage() {
  const { L } = useI18n();
  const { me } = useSession();
  const isMall = !!me?.organisation?.capabilities.includes('mall') && me.organisation.kind === 'enterprise';
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Card title={L('无废商场', 'Zero-waste malls')}>
      <Typography.Paragraph type="secondary">
        {L('依据聊无废办〔2023〕7号 三(六)：引导商户选用可循环包装，设置环境标志产品、节能产品专区，合理布置垃圾分类设施，开展绿色消费宣传；2025年年底前全市累计建成30个“无废商场”（各县市区2023年底至少2个、2024年底累计3个）。',
          'Seed 004 三(六): recyclable packaging, a green-products area, sorting facilities and publicity; 30 zero-waste malls in 聊城 by the end of 2025 (each county 2 by 2023, 3 by 2024).')}
      </Typography.Paragraph>
      <Tabs items={[
        { key: 'list', label: isMall ? L('我的申报', 'My application') : L('申报与命名', 'Applications'), children: <CellList onOpen={setOpen} mall={isMall} /> },
        ...(isMall ? [{ key: 'apply', label: L('申报无废商场', 'Apply'), children: <ApplyForm onDone={setOpen} /> }] : [{ key: 'targets', label: L('目标完成情况', 'Against the targets'), children: <TargetTable /> }]),
      ]} />
      {open && <CellModal id={open} onClose={() => setOpen(null)} />}
    </Card>
  );
}

function CellList({ onOpen, mall }: { onOpen: (id: string) => void; mall: boolean }) {
  const { L, lang } = useI18n();
  const [page, setPage] = useState(1);
  const [filter, setFilter] = useState<{ state?: string; year?: number; q?: string }>({});
  const list = useQuery({ queryKey: ['cells', filter, page], queryFn: () => get<Page<Row>>(`/api/cells${qs({ kind: 'mall', ...filter, page, pageSize: 20 })}`) });
  const narrow = (f: Partial<typeof filter>) => { setPage(1); setFilter((x) => ({ ...x, ...f })); };
  return <>
    {!mall && <Space wrap style={{ marginBottom: 12 }}>
      <Input.Search allowClear placeholder={L('商场名称', 'Mall name')} onSearch={(q) => narrow({ q: q || undefined })} style={{ width: 200 }} />
      <Select allowClear placeholder={L('状态', 'State')} style={{ width: 150 }} onChange={(s) => narrow({ state: s })} data-testid="cell-state-filter"
        options={Object.entries(CELL_STATES).map(([value, l]) => ({ value, label: lang === 'zh' ? l.zh : l.en }))} />
      <InputNumber placeholder={L('命名年份', 'Year named')} min={2023} max={2100} onChange={(y) => narrow({ year: y ?? undefined })} />
    </Space>}
    <Table rowKey="id" size="small" loading={list.isLoading} dataSource={list.data?.items ?? []} data-testid="cell-table" onRow={(r) => ({ onClick: () => onOpen(r.id), style: { cursor: 'pointer' } })}
      pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (t) => L(`共 ${t} 个`, `${t} in all`) }}
      columns={[
        { title: L('商场', 'Mall'), dataIndex: 'organisationName' },
        { title: L('所在地', 'Where'), dataIndex: 'regionName', width: 120 },
        { title: L('状态', 'State'), dataIndex: 'state', width: 140, render: (s: CellState | null) => (s ? <Tag color={STATE_COLOR[s]}>{lang === 'zh' ? CELL_STATES[s].zh : CELL_STATES[s].en}</Tag> : '—') },
        { title: L('命名日期', 'Named on'), dataIndex: 'namedOn', width: 110, render: (d: string | null) => d ?? '—' },
        { title: L('最近办理', 'Last step'), dataIndex: 'updatedAt', width: 160, render: (d: string | null) => shanghai(d) },
      ]} />
  </>;
}

function TargetTable() {
  const { L } = useI18n();
  const targets = useQuery({ queryKey: ['cell-targets'], queryFn: () => get<Targets>('/api/cells/targets?kind=mall') });
  const t = targets.data;
  const cell = (y: YearRow | undefined) => (y ? <span style={{ color: y.target !== null && y.cumulative < y.target ? '#cf1322' : undefined }}>{y.cumulative}{y.target !== null ? ` / ${y.target}` : ''} {L('个', '')}{y.named ? <Typography.Text type="secondary"> (+{y.named})</Typography.Text> : null}</span> : '—');
  return <>
    {t?.city && <Alert style={{ marginBottom: 12 }} type={(t.city.years.find((y) => y.year === 2025)?.cumulative ?? 0) >= 30 ? 'success' : 'warning'} showIcon data-testid="cell-city-total"
      message={L(`${t.city.name}：2025年底累计命名 ${t.city.years.find((y) => y.year === 2025)?.cumulative ?? 0} 个，目标 30 个；至今累计 ${t.city.years.at(-1)?.cumulative ?? 0} 个`,
        `${t.city.name}: ${t.city.years.find((y) => y.year === 2025)?.cumulative ?? 0} named by the end of 2025 against 30; ${t.city.years.at(-1)?.cumulative ?? 0} to date`)} />}
    <Table rowKey="regionCode" size="small" loading={targets.isLoading} dataSource={t?.rows ?? []} pagination={false} data-testid="cell-targets"
      columns={[
        { title: L('县（市、区）', 'County'), dataIndex: 'name' },
        ...(t?.years ?? []).map((year) => ({ title: L(`${year}年底（累计/目标）`, `End ${year} (total/target)`), key: String(year), render: (_: unknown, r: Targets['rows'][number]) => cell(r.years.find((y) => y.year === year)) })),
      ]} />
  </>;
}

function ApplyForm({ onDone }: { onDone: (id: string) => void }) {
  const { L, M } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm();
  return (
    <Form form={form} layout="vertical" data-testid="cell-apply" onFinish={async (v) => {
      try {
        const r = await post<{ id: string }>('/api/cells/applications', { kind: 'mall', items: MALL.checklist.map((c) => ({ key: c.key, description: v[`d_${c.key}`], attachments: String(v[`a_${c.key}`] ?? '').split(/[,，;；\n]/).map((s) => s.trim()).filter(Boolean).map((name) => ({ name })) })) });
        message.success(L('已提交，等待商务主管部门现场核查', 'Submitted; the commerce bureau will check on site'));
        client.invalidateQueries({ queryKey: ['cells'] });
        onDone(r.id);
      } catch (e) { if (e instanceof ApiError) message.error(M(e.text)); }
    }}>
      {MALL.checklist.map((c) => (
        <Card key={c.key} size="small" title={L(c.zh, c.en)} style={{ marginBottom: 12 }}>
          <Typography.Text type="secondary">{L(c.hint.zh, c.hint.en)}</Typography.Text>
          <Form.Item name={`d_${c.key}`} label={L('落实情况', 'What has been done')} rules={[{ required: true, min: 2 }]}><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
          <Form.Item name={`a_${c.key}`} label={L('照片、附件名称（逗号分隔）', 'Photo and file names (comma separated)')}><Input maxLength={500} /></Form.Item>
        </Card>
      ))}
      <Button type="primary" htmlType="submit">{L('提交申报', 'Submit')}</Button>
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
      client.invalidateQueries({ queryKey: ['cell', id] });
      client.invalidateQueries({ queryKey: ['cells'] });
      client.invalidateQueries({ queryKey: ['cell-targets'] });
      form.resetFields();
    } catch (e) { if (e instanceof ApiError) message.error(M(e.text)); }
  };
  const itemName = (key: string) => { const i = MALL.checklist.find((x) => x.key === key); return i ? L(i.zh, i.en) : key; };
  const stepText = (s: Step) => {
    const d = s.data as Record<string, never>;
    switch (s.step) {
      case 'submit': return <>{L('提交申报', 'Submitted')}<ul style={{ margin: 0 }}>{(d.items as { key: string; description: string; attachments: { name: string }[] }[]).map((i) => <li key={i.key}>{itemName(i.key)}：{i.description}{i.attachments.length ? `（${i.attachments.map((a) => a.name).join('、')}）` : ''}</li>)}</ul></>;
      case 'check': return <>{L(`现场核查 ${d.checkedOn}，核查人员：`, `Checked on site ${d.checkedOn} by `)}{(d.inspectors as string[]).join('、')}<ul style={{ margin: 0 }}>{(d.findings as { key: string; pass: boolean; note: string }[]).map((f) => <li key={f.key}>{itemName(f.key)}：{f.pass ? <Tag color="green">{L('通过', 'Pass')}</Tag> : <Tag color="red">{L('不通过', 'Fail')}</Tag>}{f.note}</li>)}</ul></>;
      case 'approve': return <>{L('命名', 'Named')}：{d.decisionNo}（{d.decidedOn}）</>;
      case 'return': return <>{L('退回修改', 'Returned')}：{d.reasons}</>;
    }
  };
  return (
    <Modal open title={c?.organisationName} onCancel={onClose} footer={null} width={760} destroyOnHidden>
      {c && <Space direction="vertical" style={{ width: '100%' }} data-testid="cell-detail">
        <Descriptions size="small" column={2} items={[{ label: L('所在地', 'Where'), children: c.regionName },
          { label: L('状态', 'State'), children: c.state ? <Tag color={STATE_COLOR[c.state]} data-testid="cell-state">{lang === 'zh' ? CELL_STATES[c.state].zh : CELL_STATES[c.state].en}</Tag> : '—' }]} />
        <Timeline items={c.history.map((s) => ({ children: <div data-testid="cell-step">{stepText(s)}<Typography.Text type="secondary" style={{ fontSize: 12 }}>{s.organisationName}{s.byName ? ` · ${s.byName}` : ''} · {shanghai(s.at)}</Typography.Text></div> }))} />
        {c.may.check && <Card size="small" title={L('记录现场核查', 'Record the on-site check')}>
          <Form form={form} layout="vertical" initialValues={{ checkedOn: dayjs(), ...Object.fromEntries(MALL.checklist.map((i) => [`pass_${i.key}`, true])) }} onFinish={(v) => act('checks', {
            checkedOn: v.checkedOn.format('YYYY-MM-DD'), inspectors: String(v.inspectors).split(/[,，、\s]+/).filter(Boolean),
            findings: MALL.checklist.map((i) => ({ key: i.key, pass: !!v[`pass_${i.key}`], note: v[`note_${i.key}`] ?? '' })),
          }, L('已记录现场核查', 'Check recorded'))}>
            <Space wrap>
              <Form.Item name="checkedOn" label={L('核查日期', 'Day')} rules={[{ required: true }]}><DatePicker /></Form.Item>
              <Form.Item name="inspectors" label={L('核查人员（顿号分隔）', 'Inspectors')} rules={[{ required: true }]}><Input style={{ width: 240 }} data-testid="check-inspectors" /></Form.Item>
            </Space>
            {MALL.checklist.map((i) => <Space key={i.key} wrap align="baseline">
              <Typography.Text style={{ width: 260, display: 'inline-block' }}>{L(i.zh, i.en)}</Typography.Text>
              <Form.Item name={`pass_${i.key}`} valuePropName="checked" style={{ margin: 0 }}><Switch checkedChildren={L('通过', 'Pass')} unCheckedChildren={L('不通过', 'Fail')} /></Form.Item>
              <Form.Item name={`note_${i.key}`} style={{ margin: 0 }}><Input placeholder={L('发现的问题', 'Findings')} style={{ width: 220 }} /></Form.Item>
            </Space>)}
            <div><Button type="primary" htmlType="submit" data-testid="check-submit">{L('保存核查结果', 'Save the check')}</Button></div>
          </Form>
        </Card>}
        {(c.may.approve || c.may.return) && <Card size="small" title={L('命名或退回', 'Name or return')}>
          <Form layout="vertical" initialValues={{ decidedOn: dayjs() }} onFinish={(v) => act('approval', { decisionNo: v.decisionNo, decidedOn: v.decidedOn.format('YYYY-MM-DD') }, L('已命名为无废商场', 'Named a zero-waste mall'))}>
            <Space wrap align="end">
              <Form.Item name="decisionNo" label={L('命名文件文号', 'Decision no.')} rules={[{ required: true, min: 2 }]}><Input style={{ width: 220 }} data-testid="approve-no" /></Form.Item>
              <Form.Item name="decidedOn" label={L('命名日期', 'Day')} rules={[{ required: true }]}><DatePicker /></Form.Item>
              <Form.Item><Button type="primary" htmlType="submit" disabled={!c.may.approve} data-testid="approve-submit">{L('命名', 'Name it')}</Button></Form.Item>
            </Space>
          </Form>
          <Form layout="vertical" onFinish={(v) => act('return', { reasons: v.reasons }, L('已退回修改', 'Returned for changes'))}>
            <Form.Item name="reasons" label={L('退回原因', 'Reasons')} rules={[{ required: true, min: 2 }]}><Input.TextArea rows={2} /></Form.Item>
            <Button danger htmlType="submit" data-testid="return-submit">{L('退回修改', 'Return for changes')}</Button>
          </Form>
        </Card>}
        {c.may.resubmit && <Alert type="info" showIcon message={L('申报已退回：请按退回原因整改后，在“申报无废商场”中重新提交。', 'Returned: make the changes and submit again under “Apply”.')} />}
      </Space>}
    </Modal>
  );
}
