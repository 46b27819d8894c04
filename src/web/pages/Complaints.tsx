import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Descriptions, Drawer, Input, Select, Space, Table, Tabs, Tag, Timeline, Typography, App } from 'antd';
import { ApiError, api, get, post, qs, type Page } from '../api';
import { shanghai, useI18n } from '../i18n';
import { useSession } from '../session';
import { WorkCalendar } from '../components/WorkCalendar';
import { COMPLAINT_ACTIONS, COMPLAINT_CATEGORIES, COMPLAINT_STATUSES } from '../../domain/complaints';
import { actionWord, byWord, categoryWord, statusWord, STATUS_COLOUR, type OfficialComplaint, type QueueItem } from '../complaints';

// 投诉举报办理 (/complaints): the department's console. The queue of its area (the office) or of the
// reports routed to it (a department), filtered by state, category and overdue, paged on the server;
// a report's detail with its photos, point, steps and the contact (only here); the steps it may take,
// each with what it needs; and the office's routing table and holidays.

interface Route { category: string; domain: string | null; set: boolean }

export default function ComplaintsPage() {
  const { L } = useI18n();
  const [params] = useSearchParams();
  const [tab, setTab] = useState('queue');
  return (
    <Card title={L('投诉举报办理', 'Complaints and reports')}>
      <Tabs activeKey={tab} onChange={setTab} items={[
        { key: 'queue', label: L('办理队列', 'Queue'), children: <Queue openId={params.get('id')} /> },
        { key: 'routes', label: L('分派表', 'Routing table'), children: <Routes /> },
        { key: 'calendar', label: L('工作日历', 'Working calendar'), children: <WorkCalendar /> },
      ]} />
    </Card>
  );
}

function Queue({ openId }: { openId: string | null }) {
  const { L } = useI18n();
  const [status, setStatus] = useState<string | undefined>();
  const [category, setCategory] = useState<string | undefined>();
  const [overdue, setOverdue] = useState(false);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [open, setOpen] = useState<string | null>(openId);
  const queue = useQuery({
    queryKey: ['complaints', status, category, overdue, page, pageSize],
    queryFn: () => get<Page<QueueItem>>(`/api/complaints${qs({ status, category, overdue: overdue ? 'true' : undefined, page, pageSize })}`),
  });
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select allowClear placeholder={L('状态', 'State')} style={{ width: 140 }} value={status} onChange={(v) => { setStatus(v); setPage(1); }} data-testid="complaints-status"
          options={COMPLAINT_STATUSES.map((s) => ({ value: s.value, label: statusWord(L, s.value) }))} />
        <Select allowClear placeholder={L('类别', 'Category')} style={{ width: 200 }} value={category} onChange={(v) => { setCategory(v); setPage(1); }}
          options={COMPLAINT_CATEGORIES.map((c) => ({ value: c.value, label: categoryWord(L, c.value) }))} />
        <Checkbox checked={overdue} onChange={(e) => { setOverdue(e.target.checked); setPage(1); }} data-testid="complaints-overdue">{L('仅看超期', 'Overdue only')}</Checkbox>
      </Space>
      <Table<QueueItem> rowKey="id" loading={queue.isLoading} dataSource={queue.data?.items ?? []} data-testid="complaints-table" scroll={{ x: 'max-content' }}
        onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
        pagination={{ current: page, pageSize, total: queue.data?.total ?? 0, showSizeChanger: true, showTotal: (t) => L(`共 ${t} 件`, `${t} in all`), onChange: (p, s) => { setPage(p); setPageSize(s); } }}
        columns={[
          { title: L('编号', 'Number'), dataIndex: 'complaintNo' },
          { title: L('类别', 'Category'), dataIndex: 'category', render: (c: string) => categoryWord(L, c) },
          { title: L('区域', 'Area'), render: (_: unknown, r) => `${r.regionName ?? r.regionCode}${r.address ? ` · ${r.address}` : ''}` },
          { title: L('状态', 'State'), dataIndex: 'status', render: (s: string, r) => <Space size={4}><Tag color={STATUS_COLOUR[s]}>{statusWord(L, s)}</Tag>
            {r.overdue && <Tag color="red" data-testid="complaints-overdue-tag">{r.overdue === 'accept' ? L('超期未受理', 'Not accepted in time') : L('超期未办结', 'Not closed in time')}</Tag>}</Space> },
          { title: L('提交时间', 'Made'), dataIndex: 'createdAt', render: (d: string) => shanghai(d) },
          { title: L('办结时限', 'Close by'), dataIndex: 'closeDue', render: (d: string) => shanghai(d, false) },
        ]} />
      <Drawer open={!!open} onClose={() => setOpen(null)} width={Math.min(720, window.innerWidth)} title={L('投诉详情', 'Report')} destroyOnHidden>
        {open && <Detail id={open} />}
      </Drawer>
    </>
  );
}

function Detail({ id }: { id: string }) {
  const { L, M } = useI18n();
  const { enums } = useSession();
  const client = useQueryClient();
  const { message } = App.useApp();
  const domains = enums?.domains ?? [];
  const detail = useQuery({ queryKey: ['complaint', id], queryFn: () => get<OfficialComplaint>(`/api/complaints/${id}`) });
  const [action, setAction] = useState<string | undefined>();
  const [note, setNote] = useState('');
  const [domain, setDomain] = useState<string | undefined>();
  const [original, setOriginal] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (detail.error) return <Alert type="error" showIcon message={detail.error instanceof ApiError ? M(detail.error.text) : String(detail.error)} />;
  const c = detail.data;
  if (!c) return null;
  const submit = async () => {
    setError(null);
    try {
      await post(`/api/complaints/${id}/actions`, { action, note: note || undefined, ...(action === 'assign' ? { domain: domain === 'office' ? null : domain } : {}), ...(action === 'duplicate' ? { original } : {}) });
      message.success(L('已办理', 'Done'));
      setAction(undefined); setNote('');
      await client.invalidateQueries({ queryKey: ['complaints'] });
      await detail.refetch();
    } catch (e) { setError(e instanceof ApiError ? M(e.text) : String(e)); }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="complaint-detail">
      <Descriptions size="small" column={1} bordered items={[
        { label: L('编号', 'Number'), children: c.complaintNo },
        { label: L('状态', 'State'), children: <Space><Tag color={STATUS_COLOUR[c.status]} data-testid="complaint-status">{statusWord(L, c.status)}</Tag>{c.overdue && <Tag color="red">{L('超期', 'Overdue')}</Tag>}</Space> },
        { label: L('类别', 'Category'), children: categoryWord(L, c.category) },
        { label: L('负责部门', 'Department'), children: c.domain ? byWord(L, c.domain, domains) : L('无废办', 'Zero-waste office') },
        { label: L('地点', 'Place'), children: `${c.regionName ?? c.regionCode} ${c.address}${c.lon !== null ? `（${c.lon.toFixed(5)}°E, ${c.lat!.toFixed(5)}°N）` : ''}` },
        { label: L('描述', 'Description'), children: <span data-testid="complaint-description">{c.description}</span> },
        { label: L('联系人', 'Contact'), children: <span data-testid="complaint-contact">{[c.contactName, c.contactPhone].filter(Boolean).join(' ') || L('未留联系方式', 'None given')}</span> },
        { label: L('受理时限 / 办结时限', 'Accept by / close by'), children: `${shanghai(c.acceptDue)} / ${shanghai(c.closeDue)}` },
        ...(c.stars ? [{ label: L('群众评价', 'Rating'), children: `${c.stars}★ ${c.ratingComment ?? ''}` }] : []),
      ]} />
      {c.photos.length > 0 && <Space wrap>{c.photos.map((p) => <a key={p} href={`/api/complaints/photos/${p}`} target="_blank" rel="noreferrer"><img src={`/api/complaints/photos/${p}`} alt="" style={{ width: 120, height: 90, objectFit: 'cover', borderRadius: 4 }} data-testid="complaint-photo" /></a>)}</Space>}
      <Timeline items={c.steps.map((s) => ({ children: <span>{shanghai(s.at)} {byWord(L, s.byLabel, domains)} {actionWord(L, s.action)}{s.note ? `：${s.note}` : ''}</span> }))} />
      {c.actions.length > 0 && (
        <Card size="small" title={L('办理', 'Act')}>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Select placeholder={L('选择办理动作', 'Choose a step')} value={action} onChange={setAction} style={{ width: 220 }} data-testid="complaint-action"
              options={c.actions.map((a) => ({ value: a, label: L(COMPLAINT_ACTIONS[a as keyof typeof COMPLAINT_ACTIONS].zh, COMPLAINT_ACTIONS[a as keyof typeof COMPLAINT_ACTIONS].en) }))} />
            {action === 'assign' && <Select placeholder={L('转办给', 'Pass to')} value={domain} onChange={setDomain} style={{ width: 220 }}
              options={[{ value: 'office', label: L('无废办', 'Zero-waste office') }, ...domains.map((d) => ({ value: d.value, label: L(d.zh, d.en) }))]} />}
            {action === 'duplicate' && <Input placeholder={L('原投诉编号 TS…', 'Original number TS…')} value={original} onChange={(e) => setOriginal(e.target.value)} />}
            {action && <Input.TextArea rows={3} value={note} onChange={(e) => setNote(e.target.value)} data-testid="complaint-note"
              placeholder={action === 'resolve' ? L('办理结果答复（群众可见）', 'The answer (the citizen sees it)') : action === 'reject' ? L('不予受理的理由', 'Why it is rejected') : action === 'not_ours' ? L('应向哪个部门反映', 'Where to turn') : L('说明（选填）', 'Note (optional)')} />}
            {error && <Alert type="error" showIcon message={error} />}
            <Button type="primary" disabled={!action} onClick={submit} data-testid="complaint-submit">{L('确定', 'Confirm')}</Button>
          </Space>
        </Card>
      )}
    </Space>
  );
}

function Routes() {
  const { L, M } = useI18n();
  const { enums } = useSession();
  const { message } = App.useApp();
  const table = useQuery({ queryKey: ['complaint-routes'], queryFn: () => get<{ editable: boolean; items: Route[] }>('/api/complaints/routes') });
  const [edits, setEdits] = useState<Record<string, string>>({});
  if (table.error) return <Alert type="error" showIcon message={table.error instanceof ApiError ? M(table.error.text) : String(table.error)} />;
  const rows = table.data?.items ?? [];
  const value = (r: Route) => edits[r.category] ?? (r.domain ?? 'office');
  const save = async () => {
    try {
      await api('PUT', '/api/complaints/routes', { items: rows.map((r) => ({ category: r.category, domain: value(r) === 'office' ? null : value(r) })) });
      setEdits({}); await table.refetch(); message.success(L('已保存', 'Saved'));
    } catch (e) { message.error(e instanceof ApiError ? M(e.text) : String(e)); }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">{L('按问题类别分派给负责部门；未设置的类别由无废办办理。', 'Each category goes to a department; a category without a row goes to the zero-waste office.')}</Typography.Text>
      <Table<Route> rowKey="category" pagination={false} dataSource={rows} loading={table.isLoading} columns={[
        { title: L('类别', 'Category'), dataIndex: 'category', render: (c: string) => categoryWord(L, c) },
        { title: L('负责部门', 'Department'), render: (_: unknown, r) => <Select disabled={!table.data?.editable} value={value(r)} style={{ width: 220 }} onChange={(v) => setEdits((e) => ({ ...e, [r.category]: v }))}
          options={[{ value: 'office', label: L('无废办', 'Zero-waste office') }, ...(enums?.domains ?? []).map((d) => ({ value: d.value, label: L(d.zh, d.en) }))]} /> },
      ]} />
      {table.data?.editable && <Button type="primary" onClick={save} disabled={!Object.keys(edits).length}>{L('保存分派表', 'Save the table')}</Button>}
    </Space>
  );
}

