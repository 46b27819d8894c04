import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Select, Space, Table, Tabs, Tag, Timeline, Typography } from 'antd';
import { ApiError, get, post, qs, type Page } from '../api';
import { shanghai, useI18n } from '../i18n';
import { useSession } from '../session';
import { REPORT_STATUS_LABELS, nextMonth, type ReportStatus } from '../../domain/recycling-reports';

// 月度工作进展 (seed 004 五(三)(四)): a county's commerce bureau files its month; the city bureau sees the
// counties × months grid, opens a report, reminds a slow county and issues a notice on a seriously late one.

interface Cell { month: string; status: ReportStatus; dueOn: string; reportId: string | null; firstFiledOn: string | null; versions: number }
interface Grid { year: number; months: string[]; today: string; rows: { regionCode: string; name: string; dueDay: number; reminders: number; notices: number; late: number; missing: number; cells: Cell[] }[] }
interface Task { id: string; no: number; title: string; deadlineText: string }
interface Detail {
  id: string; regionName: string; organisationName: string; month: string; stationsBuilt: number; sortingCentre: string; mallsCreated: number; recoveredT: number | null; note: string; filedAt: string; current: boolean;
  lines: { taskId: string; no: number; title: string; percent: number; text: string }[]; history: { id: string; filedAt: string }[];
}
interface Action { id: string; kind: 'reminder' | 'notice'; regionName: string; months: string[]; title: string; body: string; sentAt: string }

const STATUS_COLOR: Record<ReportStatus, string> = { filed: 'green', late: 'orange', missing: 'red', due: 'blue', open: 'default' };
/** The grid's short labels (the full ones in the tag's tooltip). */
const SHORT: Record<ReportStatus, [string, string]> = { filed: ['按时', 'on time'], late: ['逾期', 'late'], missing: ['未报', 'missing'], due: ['待报', 'due'], open: ['—', '—'] };

export default function RecyclingReportsPage() {
  const { L, lang } = useI18n();
  const { me } = useSession();
  const thisYear = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const [open, setOpen] = useState<string | null>(null);
  const [dispatch, setDispatch] = useState<{ kind: 'reminder' | 'notice'; regionCode: string; name: string; months: string[] } | null>(null);
  const county = me?.user.role === 'regulator' && me.user.domain === 'commerce' && /^\d{4}(?!00)\d{2}$/.test(me.region.code);
  const city = (me?.user.role === 'regulator' && me.user.domain === 'commerce' || me?.user.role === 'office') && /^\d{4}00$/.test(me?.region.code ?? '') && !/0000$/.test(me?.region.code ?? '');
  const grid = useQuery({ queryKey: ['recycling-grid', year], queryFn: () => get<Grid>(`/api/recycling/reports/grid${qs({ year })}`) });
  const label = (s: ReportStatus) => (lang === 'zh' ? REPORT_STATUS_LABELS[s].zh : REPORT_STATUS_LABELS[s].en);
  return (
    <Card title={L('再生资源回收体系建设 · 月度工作进展', 'Recycling system · monthly progress')} extra={<Select value={year} onChange={setYear} style={{ width: 110 }} options={[thisYear - 2, thisYear - 1, thisYear].map((y) => ({ value: y, label: L(`${y}年`, String(y)) }))} data-testid="report-year" />}>
      <Typography.Paragraph type="secondary">
        {L('依据《聊城市再生资源回收体系建设实施方案》（聊无废办〔2023〕7号）五(四)：各县（市、区）商务主管部门每月报送工作进展；月份结束后（或当月25日起）可报送，次月报送截止日前报送为按时。',
          'Seed 004 五(四): each county’s commerce bureau reports monthly; a month may be filed once over (or from its 25th); by the due day of the next month is on time.')}
      </Typography.Paragraph>
      <Tabs items={[
        { key: 'grid', label: L('报送情况', 'Filing'), children: <>
          {grid.error && <Alert type="error" showIcon message={grid.error instanceof ApiError ? (lang === 'zh' ? grid.error.text.zh : grid.error.text.en) : String(grid.error)} />}
          <Table rowKey="regionCode" size="small" loading={grid.isLoading} dataSource={grid.data?.rows ?? []} pagination={false} scroll={{ x: 'max-content' }} data-testid="report-grid"
            columns={[
              { title: L('县（市、区）', 'County'), dataIndex: 'name', fixed: 'left', width: 110, render: (n: string, r) => <span>{n}<br /><Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.regionCode}</Typography.Text></span> },
              ...(grid.data?.months ?? []).map((m) => ({
                title: L(`${Number(m.slice(5))}月`, m.slice(5)), key: m, width: 60, align: 'center' as const,
                render: (_: unknown, r: Grid['rows'][number]) => {
                  const c = r.cells.find((x) => x.month === m)!;
                  const tag = <Tag color={STATUS_COLOR[c.status]} title={`${label(c.status)} · ${L('截止', 'due')} ${c.dueOn}${c.firstFiledOn ? ` · ${L('首次报送', 'first filed')} ${c.firstFiledOn}` : ''}${c.versions > 1 ? ` · ${L(`共报送${c.versions}次`, `${c.versions} filings`)}` : ''}`}
                    data-testid={`cell-${r.regionCode}-${m}`} style={{ cursor: c.reportId ? 'pointer' : undefined, marginInlineEnd: 0 }}>{lang === 'zh' ? SHORT[c.status][0] : SHORT[c.status][1]}{c.versions > 1 ? '*' : ''}</Tag>;
                  return c.reportId ? <a onClick={() => setOpen(c.reportId)}>{tag}</a> : tag;
                },
              })),
              { title: L('逾期·未报 / 提醒·通报', 'Late·missing / reminded·noticed'), key: 'lm', width: 120, render: (_: unknown, r) => <span>{L(`${r.late}·${r.missing} 个月`, `${r.late}·${r.missing} months`)}<br /><Typography.Text type="secondary">{L(`${r.reminders}·${r.notices} 次`, `${r.reminders}·${r.notices} times`)}</Typography.Text></span> },
              ...(city ? [{ title: L('调度', 'Follow-up'), key: 'act', fixed: 'right' as const, width: 130, render: (_: unknown, r: Grid['rows'][number]) => {
                const behind = r.cells.filter((c) => c.status === 'missing' || c.status === 'late').map((c) => c.month);
                return <Space size={4}>
                  <Button size="small" data-testid={`remind-${r.regionCode}`} onClick={() => setDispatch({ kind: 'reminder', regionCode: r.regionCode, name: r.name, months: behind })}>{L('提醒', 'Remind')}</Button>
                  <Button size="small" danger data-testid={`notice-${r.regionCode}`} onClick={() => setDispatch({ kind: 'notice', regionCode: r.regionCode, name: r.name, months: behind })}>{L('通报', 'Notice')}</Button>
                </Space>;
              } }] : []),
            ]} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{L(`截止日：次月${grid.data?.rows[0]?.dueDay ?? 5}日（可在“设置”中调整）；* 表示该月有更正报送；点击标签查看报告`, `Due: day ${grid.data?.rows[0]?.dueDay ?? 5} of the next month (see settings); * a month with a correction; click a tag to open the report`)}</Typography.Text>
        </> },
        ...(county ? [{ key: 'file', label: L('报送本月进展', 'File a month'), children: <FileForm onFiled={(id) => setOpen(id)} /> }] : []),
        { key: 'list', label: L('报告列表', 'Reports'), children: <ReportList onOpen={setOpen} /> },
        { key: 'actions', label: L('提醒与通报', 'Reminders and notices'), children: <ActionList /> },
      ]} />
      {open && <ReportModal id={open} onClose={() => setOpen(null)} onOpen={setOpen} />}
      {dispatch && <DispatchModal {...dispatch} onClose={() => setDispatch(null)} />}
    </Card>
  );
}

function FileForm({ onFiled }: { onFiled: (id: string) => void }) {
  const { L, M } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const tasks = useQuery({ queryKey: ['recycling-tasks'], queryFn: () => get<{ items: Task[] }>('/api/recycling/reports/tasks') });
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const last = Number(today.slice(8)) >= 25 ? today.slice(0, 7) : (() => { const [y, m] = today.slice(0, 7).split('-').map(Number); return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`; })();
  const months = Array.from({ length: 6 }, (_, i) => i).reduce<string[]>((acc) => [...acc, acc.length ? (() => { const [y, m] = acc[acc.length - 1].split('-').map(Number); return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`; })() : last], []);
  return (
    <Form form={form} layout="vertical" initialValues={{ month: last, stationsBuilt: 0, mallsCreated: 0 }} data-testid="report-form" onFinish={async (v) => {
      const items = tasks.data?.items ?? [];
      const lines = items.map((t) => ({ taskId: t.id, percent: v[`p${t.no}`], text: v[`t${t.no}`] })).filter((l) => l.text);
      try {
        const r = await post<{ id: string }>('/api/recycling/reports', { month: v.month, stationsBuilt: v.stationsBuilt, sortingCentre: v.sortingCentre, mallsCreated: v.mallsCreated, recoveredT: v.recoveredT ?? null, note: v.note || undefined, lines });
        message.success(L('已报送；各任务进展已同步至任务清单', 'Filed; each line is now the task’s progress on the task list'));
        client.invalidateQueries({ queryKey: ['recycling-grid'] });
        client.invalidateQueries({ queryKey: ['recycling-reports'] });
        onFiled(r.id);
      } catch (e) {
        if (e instanceof ApiError) { form.setFields(e.issues.map((i) => ({ name: i.path.split('.').length === 3 ? undefined as never : i.path, errors: [M(i.message)] })).filter((f) => f.name)); message.error(M(e.text)); }
      }
    }}>
      <Space wrap align="start">
        <Form.Item name="month" label={L('月份', 'Month')} rules={[{ required: true }]}><Select style={{ width: 120 }} options={[...months, nextMonth(last)].map((m) => ({ value: m, label: m }))} data-testid="report-month" /></Form.Item>
        <Form.Item name="stationsBuilt" label={L('本月建成回收站点（个）', 'Stations built (count)')} rules={[{ required: true }]}><InputNumber min={0} precision={0} /></Form.Item>
        <Form.Item name="mallsCreated" label={L('本月创建无废商场（个）', 'Malls created (count)')} rules={[{ required: true }]}><InputNumber min={0} precision={0} /></Form.Item>
        <Form.Item name="recoveredT" label={L('本月回收量（吨，未掌握可空）', 'Tonnes recovered (t, if known)')}><InputNumber min={0} precision={2} style={{ width: 150 }} /></Form.Item>
      </Space>
      <Form.Item name="sortingCentre" label={L('分拣中心建设情况', 'Sorting centre')} rules={[{ required: true, min: 2 }]}><Input maxLength={200} data-testid="report-sorting" /></Form.Item>
      <Table rowKey="id" size="small" pagination={false} dataSource={tasks.data?.items ?? []} loading={tasks.isLoading} data-testid="report-lines"
        columns={[
          { title: L('序号', 'No.'), dataIndex: 'no', width: 56 },
          { title: L('重点任务', 'Key task'), dataIndex: 'title', width: 260, render: (t: string, r) => <>{t}<br /><Typography.Text type="secondary" style={{ fontSize: 12 }}>{L('时限', 'Deadline')} {r.deadlineText}</Typography.Text></> },
          { title: L('本月工作进展', 'Done this month'), key: 'text', render: (_: unknown, r) => <Form.Item name={`t${r.no}`} style={{ margin: 0 }}><Input.TextArea rows={1} maxLength={2000} data-testid={`line-text-${r.no}`} /></Form.Item> },
          { title: L('完成进度（%）', 'Progress (%)'), key: 'p', width: 120, render: (_: unknown, r) => <Form.Item name={`p${r.no}`} style={{ margin: 0 }} initialValue={0}><InputNumber min={0} max={100} precision={0} data-testid={`line-percent-${r.no}`} /></Form.Item> },
        ]} />
      <Form.Item name="note" label={L('备注', 'Note')} style={{ marginTop: 12 }}><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
      <Button type="primary" htmlType="submit" data-testid="report-submit">{L('报送', 'File')}</Button>
      <Typography.Text type="secondary" style={{ marginLeft: 12 }}>{L('同一月份再次报送将替代前次报送（历次均保留）', 'Filing a month again supersedes the earlier filing (both are kept)')}</Typography.Text>
    </Form>
  );
}

function ReportList({ onOpen }: { onOpen: (id: string) => void }) {
  const { L, lang } = useI18n();
  const [page, setPage] = useState(1);
  const list = useQuery({ queryKey: ['recycling-reports', page], queryFn: () => get<Page<{ id: string; regionName: string; organisationName: string; month: string; stationsBuilt: number; mallsCreated: number; recoveredT: number | null; averagePercent: number | null; versions: number; filedAt: string }>>(`/api/recycling/reports${qs({ page, pageSize: 20 })}`) });
  return <Table rowKey="id" size="small" loading={list.isLoading} dataSource={list.data?.items ?? []} onRow={(r) => ({ onClick: () => onOpen(r.id), style: { cursor: 'pointer' } })}
    pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
    columns={[
      { title: L('月份', 'Month'), dataIndex: 'month', width: 90 },
      { title: L('县（市、区）', 'County'), dataIndex: 'regionName', width: 100 },
      { title: L('报送单位', 'Filed by'), dataIndex: 'organisationName' },
      { title: L('平均进度', 'Average progress'), dataIndex: 'averagePercent', align: 'right', render: (p: number | null) => (p === null ? '—' : `${p}%`) },
      { title: L('建成站点', 'Stations'), dataIndex: 'stationsBuilt', align: 'right', render: (n: number) => `${n} ${L('个', '')}` },
      { title: L('回收量', 'Recovered'), dataIndex: 'recoveredT', align: 'right', render: (t: number | null) => (t === null ? '—' : `${t.toLocaleString('zh-CN')} ${lang === 'zh' ? '吨' : 't'}`) },
      { title: L('报送时间', 'Filed'), dataIndex: 'filedAt', render: (d: string, r) => <>{shanghai(d)}{r.versions > 1 && <Tag style={{ marginLeft: 4 }}>{L(`第${r.versions}次`, `filing ${r.versions}`)}</Tag>}</> },
    ]} />;
}

function ActionList() {
  const { L } = useI18n();
  const [page, setPage] = useState(1);
  const list = useQuery({ queryKey: ['recycling-actions', page], queryFn: () => get<Page<Action>>(`/api/recycling/reports/actions${qs({ page, pageSize: 20 })}`) });
  return <Table rowKey="id" size="small" loading={list.isLoading} dataSource={list.data?.items ?? []} pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage }} data-testid="report-actions"
    columns={[
      { title: L('类型', 'Kind'), dataIndex: 'kind', width: 80, render: (k: string) => (k === 'notice' ? <Tag color="red">{L('通报', 'Notice')}</Tag> : <Tag color="orange">{L('提醒', 'Reminder')}</Tag>) },
      { title: L('县（市、区）', 'County'), dataIndex: 'regionName', width: 100 },
      { title: L('月份', 'Months'), dataIndex: 'months', width: 160, render: (m: string[]) => m.join('、') },
      { title: L('标题', 'Title'), dataIndex: 'title', render: (t: string, r) => <>{t}<br /><Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.body}</Typography.Text></> },
      { title: L('时间', 'Sent'), dataIndex: 'sentAt', width: 150, render: (d: string) => shanghai(d) },
    ]} />;
}

function ReportModal({ id, onClose, onOpen }: { id: string; onClose: () => void; onOpen: (id: string) => void }) {
  const { L, lang } = useI18n();
  const report = useQuery({ queryKey: ['recycling-report', id], queryFn: () => get<Detail>(`/api/recycling/reports/${id}`) });
  const r = report.data;
  return (
    <Modal open title={r ? `${r.regionName} · ${r.month} ${L('工作进展', 'progress')}` : ''} onCancel={onClose} footer={null} width={820} destroyOnHidden>
      {r && <Space direction="vertical" style={{ width: '100%' }} data-testid="report-detail">
        {!r.current && <Alert type="warning" showIcon message={L('此为被替代的历史报送', 'This filing has been superseded')} />}
        <Descriptions size="small" column={2} bordered items={[
          { label: L('报送单位', 'Filed by'), children: r.organisationName }, { label: L('报送时间', 'Filed'), children: shanghai(r.filedAt) },
          { label: L('建成回收站点', 'Stations built'), children: `${r.stationsBuilt} ${L('个', '')}` }, { label: L('创建无废商场', 'Malls created'), children: `${r.mallsCreated} ${L('个', '')}` },
          { label: L('回收量', 'Recovered'), children: r.recoveredT === null ? '—' : `${r.recoveredT.toLocaleString('zh-CN')} ${lang === 'zh' ? '吨' : 't'}` }, { label: L('分拣中心', 'Sorting centre'), children: r.sortingCentre },
          ...(r.note ? [{ label: L('备注', 'Note'), children: r.note, span: 2 }] : []),
        ]} />
        <Table rowKey="taskId" size="small" pagination={false} dataSource={r.lines} columns={[
          { title: L('序号', 'No.'), dataIndex: 'no', width: 56 }, { title: L('任务', 'Task'), dataIndex: 'title', width: 240 },
          { title: L('进展', 'Done'), dataIndex: 'text' }, { title: L('进度', 'Progress'), dataIndex: 'percent', width: 70, align: 'right', render: (p: number) => `${p}%` },
        ]} />
        {r.history.length > 1 && <><Typography.Text strong>{L('历次报送', 'Filings of this month')}</Typography.Text>
          <Timeline items={r.history.map((h, i) => ({ color: h.id === id ? 'green' : 'gray', children: <a onClick={() => onOpen(h.id)}>{shanghai(h.filedAt)}{i === 0 ? L('（现行）', ' (current)') : ''}</a> }))} /></>}
      </Space>}
    </Modal>
  );
}

function DispatchModal({ kind, regionCode, name, months, onClose }: { kind: 'reminder' | 'notice'; regionCode: string; name: string; months: string[]; onClose: () => void }) {
  const { L, M } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const notice = kind === 'notice';
  return (
    <Modal open title={notice ? L(`通报：${name}`, `Notice: ${name}`) : L(`提醒：${name}`, `Remind: ${name}`)} onCancel={onClose} onOk={() => form.submit()} okText={notice ? L('发布通报', 'Issue') : L('发送提醒', 'Send')} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ months, title: notice ? `关于${name}再生资源回收体系建设工作严重滞后的通报` : undefined,
        body: notice ? `${name}再生资源回收体系建设月度工作进展报送严重滞后，现予通报，请限期整改。` : `请${name}商务主管部门按时报送再生资源回收体系建设工作进展，加快推进重点任务。` }}
        onFinish={async (v) => {
          try {
            const r = await post<{ notified: string[] }>(`/api/recycling/reports/${notice ? 'notices' : 'reminders'}`, { regionCode, months: v.months, title: v.title || undefined, body: v.body });
            message.success(L(`已${notice ? '通报' : '提醒'}：${r.notified.join('、')}`, `Sent to ${r.notified.join(', ')}`));
            client.invalidateQueries({ queryKey: ['recycling-grid'] });
            client.invalidateQueries({ queryKey: ['recycling-actions'] });
            onClose();
          } catch (e) { if (e instanceof ApiError) message.error(M(e.text)); }
        }}>
        <Form.Item name="months" label={L('涉及月份', 'Months')} rules={[{ required: true }]}><Select mode="tags" /></Form.Item>
        {notice && <Form.Item name="title" label={L('标题', 'Title')} rules={[{ required: true, min: 2 }]}><Input maxLength={100} /></Form.Item>}
        <Form.Item name="body" label={L('内容', 'Text')} rules={[{ required: true, min: 2 }]}><Input.TextArea rows={4} maxLength={notice ? 5000 : 2000} /></Form.Item>
      </Form>
    </Modal>
  );
}
