import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Timeline, Typography } from 'antd';
import { ApiError, get, post, qs, type Page } from '../api';
import { shanghai, useI18n } from '../i18n';
import { useSession } from '../session';
import { UploadButton } from '../components/UploadButton';

interface TaskRow { id: string; list: string; section: string; no: number; title: string; lead: string[]; responsible: string[]; deadlineText: string; percent: number | null; state: string }
interface TaskDetail extends TaskRow { content: string; cooperating: string[]; progress: { id: string; period: string; percent: number; text: string; organisationName: string; reportedAt: string }[] }

export const TASK_STATE: Record<string, [string, string, string]> = {
  not_started: ['未开始', 'Not started', 'default'], in_progress: ['推进中', 'In progress', 'blue'], done: ['已完成', 'Done', 'green'],
  due_soon: ['即将到期', 'Due soon', 'orange'], overdue: ['已逾期', 'Overdue', 'red'], ongoing: ['持续推进', 'Ongoing', 'cyan'],
};

/** 任务清单: measures with their units and deadlines; departments file monthly progress; the office issues notices. */
export default function TasksPage() {
  const { L, M, lang } = useI18n();
  const { me } = useSession();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const office = me?.user.role === 'office' || me?.user.role === 'platform_admin';
  const [filter, setFilter] = useState<{ state?: string; mine?: boolean; q?: string }>({ mine: !office });
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<string[]>([]);
  const [open, setOpen] = useState<string | null>(null);
  const list = useQuery({ queryKey: ['tasks', filter, page], queryFn: () => get<Page<TaskRow>>(`/api/tasks${qs({ ...filter, page, pageSize: 20 })}`) });
  const state = (s: string) => <Tag color={TASK_STATE[s]?.[2]}>{lang === 'zh' ? TASK_STATE[s]?.[0] : TASK_STATE[s]?.[1]}</Tag>;
  return (
    <Card title={L('任务清单', 'Tasks')} extra={<Space wrap>
      <Input.Search placeholder={L('搜索任务', 'Search')} allowClear onSearch={(q) => { setPage(1); setFilter((f) => ({ ...f, q })); }} style={{ width: 180 }} />
      <Select allowClear placeholder={L('状态', 'State')} style={{ width: 120 }} value={filter.state} onChange={(s) => { setPage(1); setFilter((f) => ({ ...f, state: s })); }} options={Object.entries(TASK_STATE).map(([value, [zh, en]]) => ({ value, label: lang === 'zh' ? zh : en }))} data-testid="task-state" />
      <Checkbox checked={!!filter.mine} onChange={(e) => { setPage(1); setFilter((f) => ({ ...f, mine: e.target.checked })); }} data-testid="task-mine">{L('只看本单位', 'Mine only')}</Checkbox>
      <Button href={`/api/tasks/export.xlsx${qs(filter)}`}>{L('导出任务进展表', 'Export progress table')}</Button>
      {office && <UploadButton url="/api/tasks/import" label={L('导入任务清单', 'Import a task list')} onDone={(r) => { const x = r as { inserted: number }; message.success(L(`已导入 ${x.inserted} 项`, `${x.inserted} imported`)); client.invalidateQueries({ queryKey: ['tasks'] }); }} />}
      {office && <Button danger disabled={!selected.length} data-testid="task-notice" onClick={() => {
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
    </Space>}>
      <Table<TaskRow> rowKey="id" loading={list.isLoading} dataSource={list.data?.items ?? []} scroll={{ x: 'max-content' }} data-testid="task-table"
        rowSelection={office ? { selectedRowKeys: selected, onChange: (k) => setSelected(k as string[]) } : undefined}
        onRow={(t) => ({ onClick: () => setOpen(t.id), style: { cursor: 'pointer' } })}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage }}
        columns={[
          { title: L('清单', 'List'), dataIndex: 'list' },
          { title: L('序号', 'No.'), dataIndex: 'no' },
          { title: L('任务', 'Task'), dataIndex: 'title', render: (t: string) => <span style={{ display: 'inline-block', maxWidth: 360, whiteSpace: 'normal' }}>{t}</span> },
          { title: L('牵头单位', 'Lead'), dataIndex: 'lead', render: (u: string[]) => u.join('、') },
          { title: L('责任单位', 'Responsible'), dataIndex: 'responsible', render: (u: string[]) => u.join('、') },
          { title: L('完成时限', 'Deadline'), dataIndex: 'deadlineText' },
          { title: L('进度', 'Progress'), dataIndex: 'percent', render: (p: number | null) => (p === null ? '' : `${p}%`) },
          { title: L('状态', 'State'), dataIndex: 'state', render: state },
        ]} />
      {open && <TaskModal id={open} onClose={() => setOpen(null)} />}
    </Card>
  );
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
        <Form layout="vertical" initialValues={{ period: month, percent: t.percent ?? 0 }} onFinish={async (v) => {
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
        </Form>
      </Space>}
    </Modal>
  );
}
