import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Flex, Form, Grid, Input, InputNumber, List, Modal, Select, Space, Table, Tag, Timeline, Typography } from 'antd';
import { ApiError, get, post, qs, type Page } from '../api';
import { shanghai, useI18n } from '../i18n';
import { useSession } from '../session';
import { UploadButton } from '../components/UploadButton';

interface TaskRow { id: string; list: string; section: string; no: number; title: string; lead: string[]; responsible: string[]; deadlineText: string; percent: number | null; state: string }
interface TaskDetail extends TaskRow { content: string; cooperating: string[]; progress: { id: string; period: string; percent: number; text: string; organisationName: string; reportedAt: string }[]; actions: { reportProgress: boolean } }

export const TASK_STATE: Record<string, [string, string, string]> = {
  not_started: ['未开始', 'Not started', 'default'], in_progress: ['推进中', 'In progress', 'blue'], done: ['已完成', 'Done', 'green'],
  due_soon: ['即将到期', 'Due soon', 'orange'], overdue: ['已逾期', 'Overdue', 'red'], ongoing: ['持续推进', 'Ongoing', 'cyan'],
};

type TaskSort = { sort: 'no' | 'state' | 'deadline' | 'percent'; order: 'asc' | 'desc' };
interface TaskFilter { state?: string; mine?: boolean; q?: string; unit?: string }

/** 任务清单: measures with their units and deadlines; departments file monthly progress; the office issues notices. */
export default function TasksPage() {
  const { L, M, lang } = useI18n();
  const { me } = useSession();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const phone = !Grid.useBreakpoint().md;
  // The office follows every unit's tasks, a department its own: only the list's starting filter (what
  // each may do comes with the list, from the server).
  const [filter, setFilter] = useState<TaskFilter>({ mine: !(me?.user.role === 'office' || me?.user.role === 'platform_admin') });
  const [order, setOrder] = useState<TaskSort>({ sort: 'no', order: 'asc' });
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<string[]>([]);
  const [open, setOpen] = useState<string | null>(null);
  const params = { ...filter, ...(order.sort === 'no' && order.order === 'asc' ? {} : order) };
  const list = useQuery({ queryKey: ['tasks', params, page], queryFn: () => get<Page<TaskRow> & { may: { import: boolean; notice: boolean } }>(`/api/tasks${qs({ ...params, page, pageSize: 20 })}`) });
  const units = useQuery({ queryKey: ['task-units'], queryFn: () => get<{ items: { name: string; count: number }[] }>('/api/tasks/units') });
  const narrow = (f: Partial<TaskFilter>) => { setPage(1); setFilter((x) => ({ ...x, ...f })); };
  const wide = (w: number) => ({ width: phone ? 'calc(50% - 4px)' : w });
  const may = list.data?.may;
  const pagination = { current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (t: number) => L(`共 ${t} 项`, `${t} in all`) };
  const sorted = (key: TaskSort['sort']) => ({ sorter: true, sortOrder: order.sort === key ? (order.order === 'asc' ? 'ascend' as const : 'descend' as const) : null, sortDirections: ['ascend', 'descend'] as ('ascend' | 'descend')[] });
  return (
    <Card title={L('任务清单', 'Tasks')} styles={{ body: { padding: phone ? 12 : undefined } }}>
      <Flex wrap gap={8} style={{ marginBottom: 12 }} data-testid="task-filters">
        <Input.Search placeholder={L('搜索任务', 'Search')} allowClear onSearch={(q) => narrow({ q })} style={{ width: phone ? '100%' : 180 }} />
        <Select allowClear placeholder={L('状态', 'State')} style={wide(130)} value={filter.state} onChange={(s) => narrow({ state: s })} options={Object.entries(TASK_STATE).map(([value, [zh, en]]) => ({ value, label: lang === 'zh' ? zh : en }))} data-testid="task-state" />
        <Select allowClear showSearch placeholder={L('牵头或责任单位', 'Lead or responsible unit')} style={wide(260)} value={filter.unit} onChange={(u) => narrow({ unit: u })} data-testid="task-unit"
          options={(units.data?.items ?? []).map((u) => ({ value: u.name, label: `${u.name}（${u.count}）` }))} />
        {phone && <Select style={wide(0)} value={`${order.sort}:${order.order}`} data-testid="task-sort" onChange={(v) => { const [sort, dir] = v.split(':'); setPage(1); setOrder({ sort: sort as TaskSort['sort'], order: dir as TaskSort['order'] }); }}
          options={[['no', '序号', 'No.'], ['state', '状态（逾期在前）', 'State (overdue first)'], ['deadline', '完成时限', 'Deadline'], ['percent', '进度', 'Progress']].flatMap(([k, zh, en]) => [
            { value: `${k}:asc`, label: `${L('排序', 'Sort')}：${lang === 'zh' ? zh : en}` }, { value: `${k}:desc`, label: `${L('排序', 'Sort')}：${lang === 'zh' ? zh : en} ↓` }])} />}
        <Checkbox checked={!!filter.mine} onChange={(e) => narrow({ mine: e.target.checked })} data-testid="task-mine" style={{ alignSelf: 'center' }}>{L('只看本单位', 'Mine only')}</Checkbox>
        <Button href={`/api/tasks/export.xlsx${qs(params)}`}>{L('导出任务进展表', 'Export progress table')}</Button>
        {may?.import && <UploadButton url="/api/tasks/import" label={L('导入任务清单', 'Import a task list')} onDone={(r) => { const x = r as { inserted: number }; message.success(L(`已导入 ${x.inserted} 项`, `${x.inserted} imported`)); client.invalidateQueries({ queryKey: ['tasks'] }); client.invalidateQueries({ queryKey: ['task-units'] }); }} />}
        {may?.notice && !phone && <Button danger disabled={!selected.length} data-testid="task-notice" onClick={() => {
          let title = L('关于“无废城市”建设任务进度滞后的通报', 'Notice of seriously late tasks');
          let body = '';
          modal.confirm({ title: L('发布通报', 'Issue a notice'), content: <Space direction="vertical" style={{ width: '100%' }}>
            <Input defaultValue={title} onChange={(e) => { title = e.target.value; }} />
            <Input.TextArea rows={4} placeholder={L('通报内容', 'Text')} onChange={(e) => { body = e.target.value; }} />
          </Space>, onOk: async () => {
            try { const r = await post<{ notified: string[] }>('/api/tasks/notices', { title, body: body || title, taskIds: selected }); message.success(L(`已通报：${r.notified.join('、')}`, `Notified: ${r.notified.join(', ')}`)); setSelected([]); }
            catch (e) { if (e instanceof ApiError) message.error(M(e.text)); throw e; }
          } });
        }}>{L('通报选中任务', 'Notice for the selected')}</Button>}
      </Flex>
      {list.error && <Alert type="error" showIcon message={list.error instanceof ApiError ? M(list.error.text) : String(list.error)} style={{ marginBottom: 12 }} />}
      {phone
        ? <List<TaskRow> loading={list.isLoading} dataSource={list.data?.items ?? []} pagination={{ ...pagination, size: 'small', align: 'center' }} data-testid="task-cards" renderItem={(t) => (
          <List.Item key={t.id} onClick={() => setOpen(t.id)} style={{ display: 'block', cursor: 'pointer', padding: '10px 0' }} data-testid="task-card">
            <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
              <Typography.Text strong>{t.no}. {t.title}</Typography.Text>
              <span style={{ flex: 'none' }}><TaskState state={t.state} /></span>
            </div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t.percent === null ? '' : `${L('进度', 'Progress')} ${t.percent}% · `}{L('时限', 'Deadline')} {t.deadlineText || '—'} · {L('牵头', 'Lead')} {t.lead.join('、') || '—'}
            </Typography.Text>
          </List.Item>
        )} />
        : <Table<TaskRow> rowKey="id" size="small" loading={list.isLoading} dataSource={list.data?.items ?? []} scroll={{ x: 'max-content' }} sticky data-testid="task-table"
          rowSelection={may?.notice ? { selectedRowKeys: selected, onChange: (k) => setSelected(k as string[]), fixed: 'left' } : undefined}
          onRow={(t) => ({ onClick: () => setOpen(t.id), style: { cursor: 'pointer' } })}
          pagination={pagination}
          onChange={(_p, _f, s) => {
            const one = Array.isArray(s) ? s[0] : s;
            setPage(1);
            setOrder(one?.order && one.columnKey ? { sort: one.columnKey as TaskSort['sort'], order: one.order === 'descend' ? 'desc' : 'asc' } : { sort: 'no', order: 'asc' });
          }}
          columns={[
            { title: L('序号', 'No.'), dataIndex: 'no', key: 'no', width: 72, fixed: 'left', ...sorted('no') },
            { title: L('任务', 'Task'), dataIndex: 'title', key: 'title', width: 300, fixed: 'left', render: (t: string, r) => <><div>{t}</div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.list}</Typography.Text></> },
            { title: L('牵头单位', 'Lead'), dataIndex: 'lead', width: 220, render: (u: string[]) => u.join('、') },
            { title: L('责任单位', 'Responsible'), dataIndex: 'responsible', width: 280, render: (u: string[]) => u.join('、') },
            { title: L('完成时限', 'Deadline'), dataIndex: 'deadlineText', key: 'deadline', width: 120, ...sorted('deadline') },
            { title: L('进度', 'Progress'), dataIndex: 'percent', key: 'percent', width: 90, fixed: 'right', align: 'right', ...sorted('percent'), render: (p: number | null) => (p === null ? '—' : `${p}%`) },
            { title: L('状态', 'State'), dataIndex: 'state', key: 'state', width: 110, fixed: 'right', ...sorted('state'), render: (s: string) => <TaskState state={s} /> },
          ]} />}
      {open && <TaskModal id={open} onClose={() => setOpen(null)} />}
    </Card>
  );
}

function TaskState({ state }: { state: string }) {
  const { lang } = useI18n();
  return <Tag color={TASK_STATE[state]?.[2]} data-testid="task-state-tag">{lang === 'zh' ? TASK_STATE[state]?.[0] : TASK_STATE[state]?.[1]}</Tag>;
}

function TaskModal({ id, onClose }: { id: string; onClose: () => void }) {
  const { L, M } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const task = useQuery({ queryKey: ['task', id], queryFn: () => get<TaskDetail>(`/api/tasks/${id}`) });
  const t = task.data;
  const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
  return (
    <Modal open title={t?.title} onCancel={onClose} footer={null} width={720} destroyOnHidden>
      {t && <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph>{t.content}</Typography.Paragraph>
        <Typography.Text type="secondary">{L('牵头', 'Lead')}：{t.lead.join('、')} · {L('责任', 'Responsible')}：{t.responsible.join('、')}{t.cooperating.length ? ` · ${L('配合', 'Cooperating')}：${t.cooperating.join('、')}` : ''} · {L('时限', 'Deadline')}：{t.deadlineText}</Typography.Text>
        <Timeline items={t.progress.map((p) => ({ children: <span data-testid="task-progress-item">{p.period} · {p.percent}% · {p.organisationName}：{p.text} <Typography.Text type="secondary">{shanghai(p.reportedAt)}</Typography.Text></span> }))} />
        {t.actions.reportProgress && <Form layout="vertical" initialValues={{ period: month, percent: t.percent ?? 0 }} onFinish={async (v) => {
          try {
            await post(`/api/tasks/${id}/progress`, { ...v, attachments: v.attachment ? [{ name: v.attachment }] : [], attachment: undefined });
            message.success(L('已报送', 'Filed'));
            client.invalidateQueries({ queryKey: ['task', id] });
            client.invalidateQueries({ queryKey: ['tasks'] });
          } catch (e) { if (e instanceof ApiError) message.error(M(e.text)); }
        }}>
          <Space wrap>
            <Form.Item name="period" label={L('月份', 'Month')} rules={[{ required: true }]}><Input style={{ width: 110 }} /></Form.Item>
            <Form.Item name="percent" label={L('完成进度（%）', 'Progress (%)')} rules={[{ required: true }]}><InputNumber min={0} max={100} data-testid="task-percent" /></Form.Item>
            <Form.Item name="attachment" label={L('附件名称', 'Attachment')}><Input /></Form.Item>
          </Space>
          <Form.Item name="text" label={L('本月进展', 'Progress this month')} rules={[{ required: true, min: 2 }]}><Input.TextArea rows={3} data-testid="task-text" /></Form.Item>
          <Button type="primary" htmlType="submit" data-testid="task-submit">{L('报送进展', 'File progress')}</Button>
        </Form>}
      </Space>}
    </Modal>
  );
}
