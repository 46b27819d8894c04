import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Drawer, Form, Input, InputNumber, Modal, Select, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { get, post, qs, type Page } from '../api';
import { shanghai, useI18n } from '../i18n';
import { useSession } from '../session';
import { useFormFailure } from '../hooks';
import { ServerTable } from '../components/ServerTable';
import { CreditCard } from '../components/CreditCard';
import { CREDIT_EVENT_KINDS, GRADE_SCHEMES, creditEventKind, gradeByValue } from '../../domain/credit';

// 企业环境信用评价 (seed 000 三(七)2(2); indicator 36), the ecology bureau's page: the solid-waste
// enterprises of its area with today's grade, the sweep of platform data, penalties, the blacklist,
// repair requests and the annual rating. The office and the other departments read it.

interface EnterpriseRow { organisationId: string; name: string; creditCode: string; regionName: string; score: number; grade: string; blacklisted: boolean; eventsInForce: number; pendingRepairs: number }
interface EventRow { id: string; organisationId: string; organisationName: string; kind: string; points: number; reason: string; reasonEn: string; decisionNo: string | null; occurredOn: string; validUntil: string; endedOn: string | null; recordedAt: string }
interface BlacklistRow { id: string; organisationId: string; organisationName: string; regionName: string; reason: string; decisionNo: string; listedFrom: string; listedUntil: string | null; liftedOn: string | null; current: boolean }
interface RepairRow { id: string; organisationId: string; organisationName: string; kind: string; points: number; eventReason: string; rectification: string; evidence: string; requestedAt: string; status: 'pending' | 'approved' | 'rejected'; decisionReason: string | null }
interface Ratings { year: number; runs: { id: string; scoredOn: string; enterprises: number; ratedAt: string; regionCode: string }[]; items: { organisationId: string; organisationName: string; score: number; grade: string; blacklisted: boolean; events: number }[]; total: number }

const gradeTag = (value: string, L: (zh: string, en: string) => string) => {
  const g = gradeByValue(value);
  return g ? <Tag color={g.colour} data-testid="grade-tag">{L(`${g.zh}（${g.label.zh}）`, `${g.en} (${g.label.en})`)}</Tag> : value;
};

export default function CreditPage() {
  const { L } = useI18n();
  const { may } = useSession();
  const manager = may('credit.manage');
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Card title={L('企业环境信用评价', 'Enterprise environmental credit')}>
      <Typography.Paragraph type="secondary">
        {L('依据临清市“无废城市”建设实施方案 三(七)2(2)：严格执行企业环境信用评价制度，依据评价结果实施分级分类监管；严格落实黑名单制度，将企业在固体废物领域的违法违规信息记入企业信用记录。评分 = 基础分 + 有效期内信用事件分值（平台数据自动扫描：超期未接收、拒收、预警逾期、逾期未申报；生态环境部门记录：行政处罚、表彰）。',
          'Seed 000 三(七)2(2): enterprises are rated and supervised by grade; violations go on the record and the blacklist. Score = base + the points of events in force (found in platform data: late receipts, refusals, alarms past deadline, missing declarations; recorded by the bureau: penalties, commendations).')}
      </Typography.Paragraph>
      <Tabs items={[
        { key: 'enterprises', label: L('企业信用', 'Enterprises'), children: <Enterprises manager={manager} onOpen={setOpen} /> },
        { key: 'events', label: L('信用事件', 'Events'), children: <Events /> },
        { key: 'blacklist', label: L('黑名单', 'Blacklist'), children: <Blacklist manager={manager} /> },
        { key: 'repairs', label: L('信用修复', 'Repairs'), children: <Repairs manager={manager} /> },
        { key: 'ratings', label: L('年度评价', 'Annual rating'), children: <RatingsTab manager={manager} /> },
      ]} />
      <Drawer open={!!open} width={960} onClose={() => setOpen(null)} destroyOnHidden title={L('企业信用档案', 'Credit record')}>
        {open && <CreditCard organisationId={open} />}
      </Drawer>
    </Card>
  );
}

function Enterprises({ manager, onOpen }: { manager: boolean; onOpen: (id: string) => void }) {
  const { L } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const fail = useFormFailure();
  const [penalising, setPenalising] = useState(false);
  const sweep = async () => {
    try {
      const r = await post<{ added: number; byKind: Record<string, number> }>('/api/credit/sweep');
      message.success(L(`扫描完成：新增 ${r.added} 条信用事件`, `Swept: ${r.added} new events`));
      await client.invalidateQueries();
    } catch (e) { fail(e); }
  };
  const grades = [...GRADE_SCHEMES[1].grades, ...GRADE_SCHEMES[2].grades];
  return <>
    <ServerTable<EnterpriseRow> queryKey="credit-enterprises" url="/api/credit/enterprises" rowKey="organisationId" onRow={(r) => onOpen(r.organisationId)}
      extra={manager && <Space>
        <Button onClick={sweep} data-testid="credit-sweep">{L('扫描平台数据', 'Sweep platform data')}</Button>
        <Button type="primary" onClick={() => setPenalising(true)} data-testid="credit-penalty-open">{L('记录行政处罚/表彰', 'Record a penalty or commendation')}</Button>
      </Space>}
      filters={<>
        <Form.Item name="q"><Input allowClear placeholder={L('企业名称', 'Enterprise')} data-testid="credit-q" /></Form.Item>
        <Form.Item name="grade"><Select allowClear placeholder={L('等级', 'Grade')} style={{ width: 150 }} options={grades.map((g) => ({ value: g.value, label: L(`${g.zh}（${g.label.zh}）`, `${g.en} (${g.label.en})`) }))} /></Form.Item>
        <Form.Item name="blacklisted"><Select allowClear placeholder={L('黑名单', 'Blacklist')} style={{ width: 120 }} options={[{ value: 'true', label: L('已列入', 'Listed') }, { value: 'false', label: L('未列入', 'Not listed') }]} /></Form.Item>
      </>}
      columns={[
        { title: L('企业', 'Enterprise'), dataIndex: 'name' },
        { title: L('所在地', 'Where'), dataIndex: 'regionName', width: 120 },
        { title: L('评分', 'Score'), dataIndex: 'score', width: 90, render: (s: number) => <span data-testid="credit-row-score">{s} {L('分', '')}</span> },
        { title: L('等级', 'Grade'), dataIndex: 'grade', width: 150, render: (g: string) => gradeTag(g, L) },
        { title: L('黑名单', 'Blacklist'), dataIndex: 'blacklisted', width: 90, render: (b: boolean) => (b ? <Tag color="red">{L('已列入', 'Listed')}</Tag> : '') },
        { title: L('有效事件', 'Events in force'), dataIndex: 'eventsInForce', width: 100, render: (n: number) => `${n} ${L('条', '')}` },
        { title: L('待审修复', 'Repairs pending'), dataIndex: 'pendingRepairs', width: 100, render: (n: number) => (n ? <Tag color="processing">{n}</Tag> : '') },
      ]} />
    {penalising && <PenaltyModal onClose={() => setPenalising(false)} />}
  </>;
}

function PenaltyModal({ onClose }: { onClose: () => void }) {
  const { L, lang } = useI18n();
  const [form] = Form.useForm();
  const fail = useFormFailure(form);
  const { message } = App.useApp();
  const client = useQueryClient();
  const [q, setQ] = useState('');
  const orgs = useQuery({ queryKey: ['credit-org-choice', q], queryFn: () => get<Page<EnterpriseRow>>(`/api/credit/enterprises${qs({ q: q || undefined, pageSize: 20 })}`) });
  const kind = Form.useWatch('kind', form);
  return (
    <Modal open title={L('记录行政处罚或表彰', 'Record a penalty or commendation')} onCancel={onClose} footer={null} destroyOnHidden width={640}>
      <Form form={form} layout="vertical" initialValues={{ kind: 'penalty', points: -10, occurredOn: dayjs() }} onFinish={async (v) => {
        try {
          await post('/api/credit/events', { ...v, occurredOn: v.occurredOn.format('YYYY-MM-DD'), decisionNo: v.decisionNo || null, legalBasis: v.legalBasis || null });
          message.success(L('已记入信用记录', 'Recorded'));
          await client.invalidateQueries();
          onClose();
        } catch (e) { fail(e); }
      }}>
        <Form.Item name="organisationId" label={L('企业', 'Enterprise')} rules={[{ required: true }]}>
          <Select showSearch filterOption={false} onSearch={setQ} data-testid="penalty-org" options={(orgs.data?.items ?? []).map((o) => ({ value: o.organisationId, label: `${o.name}（${o.creditCode}）` }))} />
        </Form.Item>
        <Form.Item name="kind" label={L('类型', 'Kind')}><Select options={CREDIT_EVENT_KINDS.filter((k) => k.by === 'official').map((k) => ({ value: k.value, label: lang === 'zh' ? k.zh : k.en }))} /></Form.Item>
        <Form.Item name="points" label={L('分值（扣分为负数）', 'Points (negative takes off)')} rules={[{ required: true }]}><InputNumber min={-100} max={20} precision={0} data-testid="penalty-points" /></Form.Item>
        <Form.Item name="occurredOn" label={L('决定日期', 'Day of the decision')} rules={[{ required: true }]}><DatePicker /></Form.Item>
        <Form.Item name="reason" label={L('事由', 'Reason')} rules={[{ required: true, min: 2 }]}><Input.TextArea rows={2} data-testid="penalty-reason" /></Form.Item>
        <Form.Item name="decisionNo" label={L('处罚决定书文号', 'Decision number')} rules={[{ required: kind === 'penalty' }]}><Input data-testid="penalty-decision" /></Form.Item>
        <Form.Item name="legalBasis" label={L('法律依据', 'Legal basis')} rules={[{ required: kind === 'penalty' }]}><Input.TextArea rows={2} data-testid="penalty-basis" /></Form.Item>
        <Button type="primary" htmlType="submit" data-testid="penalty-submit">{L('记入信用记录', 'Record')}</Button>
      </Form>
    </Modal>
  );
}

function Events() {
  const { L, lang } = useI18n();
  return <ServerTable<EventRow> queryKey="credit-events" url="/api/credit/events" rowKey="id"
    filters={<Form.Item name="kind"><Select allowClear placeholder={L('类型', 'Kind')} style={{ width: 180 }} options={CREDIT_EVENT_KINDS.map((k) => ({ value: k.value, label: lang === 'zh' ? k.zh : k.en }))} /></Form.Item>}
    columns={[
      { title: L('日期', 'Day'), dataIndex: 'occurredOn', width: 110 },
      { title: L('企业', 'Enterprise'), dataIndex: 'organisationName' },
      { title: L('类型', 'Kind'), dataIndex: 'kind', width: 140, render: (k: string) => { const x = creditEventKind(k); return x ? (lang === 'zh' ? x.zh : x.en) : k; } },
      { title: L('分值', 'Points'), dataIndex: 'points', width: 70 },
      { title: L('事由', 'Reason'), dataIndex: 'reason', render: (r: string, e) => (lang === 'en' && e.reasonEn ? e.reasonEn : r) },
      { title: L('有效期至', 'Until'), dataIndex: 'validUntil', width: 130, render: (v: string, e) => (e.endedOn ? L(`已终止（${e.endedOn}）`, `ended (${e.endedOn})`) : v) },
      { title: L('记录时间', 'Recorded'), dataIndex: 'recordedAt', width: 160, render: (d: string) => shanghai(d) },
    ]} />;
}

function Blacklist({ manager }: { manager: boolean }) {
  const { L } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const fail = useFormFailure();
  const [adding, setAdding] = useState(false);
  const [lifting, setLifting] = useState<BlacklistRow | null>(null);
  const [q, setQ] = useState('');
  const orgs = useQuery({ queryKey: ['credit-org-choice', q], queryFn: () => get<Page<EnterpriseRow>>(`/api/credit/enterprises${qs({ q: q || undefined, pageSize: 20 })}`), enabled: adding });
  return <>
    <ServerTable<BlacklistRow> queryKey="credit-blacklist" url="/api/credit/blacklist" rowKey="id"
      extra={manager && <Button onClick={() => setAdding(true)}>{L('列入黑名单', 'Blacklist an enterprise')}</Button>}
      columns={[
        { title: L('企业', 'Enterprise'), dataIndex: 'organisationName' },
        { title: L('理由', 'Reason'), dataIndex: 'reason' },
        { title: L('决定文号', 'Decision'), dataIndex: 'decisionNo', width: 160 },
        { title: L('期间', 'Period'), key: 'period', width: 200, render: (_: unknown, b) => `${b.listedFrom} — ${b.liftedOn ?? b.listedUntil ?? L('未定', 'open')}` },
        { title: L('状态', 'State'), key: 'state', width: 160, render: (_: unknown, b) => (b.current ? <Space><Tag color="red">{L('在列', 'Listed')}</Tag>{manager && <Button size="small" onClick={() => setLifting(b)}>{L('移出', 'Lift')}</Button>}</Space> : <Tag>{b.liftedOn ? L('已移出', 'Lifted') : L('已到期', 'Ended')}</Tag>) },
      ]} />
    <Modal open={adding} title={L('列入黑名单', 'Blacklist an enterprise')} onCancel={() => setAdding(false)} footer={null} destroyOnHidden>
      <Form layout="vertical" initialValues={{ listedFrom: dayjs() }} onFinish={async (v) => {
        try {
          await post('/api/credit/blacklist', { ...v, listedFrom: v.listedFrom.format('YYYY-MM-DD'), listedUntil: v.listedUntil ? v.listedUntil.format('YYYY-MM-DD') : null });
          message.success(L('已列入黑名单', 'Listed'));
          await client.invalidateQueries();
          setAdding(false);
        } catch (e) { fail(e); }
      }}>
        <Form.Item name="organisationId" label={L('企业', 'Enterprise')} rules={[{ required: true }]}>
          <Select showSearch filterOption={false} onSearch={setQ} options={(orgs.data?.items ?? []).map((o) => ({ value: o.organisationId, label: o.name }))} />
        </Form.Item>
        <Form.Item name="reason" label={L('列入理由', 'Reason')} rules={[{ required: true, min: 2 }]}><Input.TextArea rows={2} /></Form.Item>
        <Form.Item name="decisionNo" label={L('决定文号', 'Decision number')} rules={[{ required: true, min: 2 }]}><Input /></Form.Item>
        <Form.Item name="listedFrom" label={L('列入日期', 'From')} rules={[{ required: true }]}><DatePicker /></Form.Item>
        <Form.Item name="listedUntil" label={L('截止日期（可不填）', 'Until (optional)')}><DatePicker /></Form.Item>
        <Button type="primary" danger htmlType="submit">{L('列入', 'List')}</Button>
      </Form>
    </Modal>
    <Modal open={!!lifting} title={L('移出黑名单', 'Lift the entry')} onCancel={() => setLifting(null)} footer={null} destroyOnHidden>
      <Form layout="vertical" initialValues={{ liftedOn: dayjs() }} onFinish={async (v) => {
        try {
          await post(`/api/credit/blacklist/${lifting!.id}/lift`, { ...v, liftedOn: v.liftedOn.format('YYYY-MM-DD') });
          message.success(L('已移出黑名单', 'Lifted'));
          await client.invalidateQueries();
          setLifting(null);
        } catch (e) { fail(e); }
      }}>
        <Typography.Paragraph>{lifting?.organisationName}</Typography.Paragraph>
        <Form.Item name="liftedOn" label={L('移出日期', 'Lifted on')} rules={[{ required: true }]}><DatePicker /></Form.Item>
        <Form.Item name="reason" label={L('移出理由', 'Reason')} rules={[{ required: true, min: 2 }]}><Input.TextArea rows={2} /></Form.Item>
        <Button type="primary" htmlType="submit">{L('移出', 'Lift')}</Button>
      </Form>
    </Modal>
  </>;
}

function Repairs({ manager }: { manager: boolean }) {
  const { L, lang } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const fail = useFormFailure();
  const [deciding, setDeciding] = useState<RepairRow | null>(null);
  const STATUS = { pending: [L('待审核', 'Pending'), 'processing'], approved: [L('已同意', 'Approved'), 'success'], rejected: [L('未同意', 'Rejected'), 'error'] } as const;
  return <>
    <ServerTable<RepairRow> queryKey="credit-repairs" url="/api/credit/repairs" rowKey="id"
      filters={<Form.Item name="status"><Select allowClear placeholder={L('状态', 'State')} style={{ width: 120 }} options={(['pending', 'approved', 'rejected'] as const).map((s) => ({ value: s, label: STATUS[s][0] }))} /></Form.Item>}
      columns={[
        { title: L('企业', 'Enterprise'), dataIndex: 'organisationName' },
        { title: L('信用事件', 'Event'), dataIndex: 'eventReason', render: (r: string, x) => `${(lang === 'zh' ? creditEventKind(x.kind)?.zh : creditEventKind(x.kind)?.en) ?? x.kind}（${x.points}）：${r}` },
        { title: L('整改情况', 'Put right'), dataIndex: 'rectification' },
        { title: L('证明材料', 'Evidence'), dataIndex: 'evidence' },
        { title: L('申请时间', 'Asked'), dataIndex: 'requestedAt', width: 160, render: (d: string) => shanghai(d) },
        { title: L('状态', 'State'), dataIndex: 'status', width: 160, render: (s: RepairRow['status'], x) => (s === 'pending' && manager
          ? <Button size="small" type="primary" onClick={() => setDeciding(x)}>{L('审核', 'Review')}</Button>
          : <Tag color={STATUS[s][1]} title={x.decisionReason ?? ''}>{STATUS[s][0]}</Tag>) },
      ]} />
    <Modal open={!!deciding} title={L('审核信用修复申请', 'Review the repair request')} onCancel={() => setDeciding(null)} footer={null} destroyOnHidden>
      <Form layout="vertical" onFinish={async (v) => {
        try {
          await post(`/api/credit/repairs/${deciding!.id}/decision`, v);
          message.success(L('已审核', 'Decided'));
          await client.invalidateQueries();
          setDeciding(null);
        } catch (e) { fail(e); }
      }}>
        <Typography.Paragraph>{deciding?.organisationName}：{deciding?.eventReason}</Typography.Paragraph>
        <Form.Item name="decision" label={L('审核结果', 'Decision')} rules={[{ required: true }]}><Select options={[{ value: 'approved', label: L('同意修复（事件自今日起不再计分）', 'Approve (the event stops counting today)') }, { value: 'rejected', label: L('不同意', 'Reject') }]} /></Form.Item>
        <Form.Item name="reason" label={L('审核意见', 'Reason')} rules={[{ required: true, min: 2 }]}><Input.TextArea rows={2} /></Form.Item>
        <Button type="primary" htmlType="submit">{L('提交', 'Submit')}</Button>
      </Form>
    </Modal>
  </>;
}

function RatingsTab({ manager }: { manager: boolean }) {
  const { L } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const fail = useFormFailure();
  const [year, setYear] = useState(dayjs().year());
  const [page, setPage] = useState(1);
  const ratings = useQuery({ queryKey: ['credit-ratings', year, page], queryFn: () => get<Ratings>(`/api/credit/ratings${qs({ year, page, pageSize: 20 })}`) });
  const run = async () => {
    try {
      const r = await post<{ enterprises: number }>('/api/credit/ratings', { year });
      message.success(L(`已完成${year}年度评价：${r.enterprises} 家企业`, `Rated ${r.enterprises} enterprises for ${year}`));
      await client.invalidateQueries({ queryKey: ['credit-ratings'] });
    } catch (e) { fail(e); }
  };
  const last = ratings.data?.runs[0];
  return <>
    <Space wrap style={{ marginBottom: 12 }}>
      <InputNumber value={year} min={2020} max={dayjs().year()} onChange={(y) => { if (y) { setYear(y); setPage(1); } }} addonAfter={L('年', '')} />
      {manager && <Button type="primary" onClick={run} data-testid="credit-rate">{L('开展年度评价（冻结等级）', 'Run the annual rating (freezes grades)')}</Button>}
      {last && <Statistic title={L('最近一次评价', 'Latest run')} value={L(`${shanghai(last.ratedAt)}，${last.enterprises} 家，评分日 ${last.scoredOn}`, `${shanghai(last.ratedAt)}, ${last.enterprises} enterprises, scored on ${last.scoredOn}`)} valueStyle={{ fontSize: 14 }} />}
    </Space>
    <Table rowKey="organisationId" size="small" loading={ratings.isLoading} dataSource={ratings.data?.items ?? []}
      pagination={{ current: page, pageSize: 20, total: ratings.data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (t) => L(`共 ${t} 家`, `${t} in all`) }}
      columns={[
        { title: L('企业', 'Enterprise'), dataIndex: 'organisationName' },
        { title: L('评分', 'Score'), dataIndex: 'score', width: 90, render: (s: number) => `${s} ${L('分', '')}` },
        { title: L('等级', 'Grade'), dataIndex: 'grade', width: 150, render: (g: string) => gradeTag(g, L) },
        { title: L('黑名单', 'Blacklist'), dataIndex: 'blacklisted', width: 90, render: (b: boolean) => (b ? <Tag color="red">{L('在列', 'Listed')}</Tag> : '') },
        { title: L('有效事件', 'Events'), dataIndex: 'events', width: 90 },
      ]} />
  </>;
}
