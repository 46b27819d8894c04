import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Badge, Button, Card, Checkbox, Descriptions, Drawer, Input, Select, Space, Table, Tag, Timeline, Typography } from 'antd';
import { ApiError, get, post, qs, type Page } from '../api';
import { shanghai, useI18n } from '../i18n';
import { useSession } from '../session';
import { Chart } from '../components/Chart';

interface AlarmRow {
  id: string; rule: string; severity: 'low' | 'medium' | 'high'; regionCode: string; organisationId: string | null; subjectType: string; subjectId: string;
  title: string; titleEn: string; status: string; ownerName: string | null; deadline: string; raisedAt: string; closedAt: string | null; overdue: boolean; details: Record<string, unknown>;
}
type AlarmStep = 'assign' | 'handle' | 'verify' | 'dismiss' | 'reopen';
/** The steps the caller may take now come with the alarm, from the rule the server enforces. */
interface AlarmDetail extends AlarmRow { ownerUserId: string | null; events: { id: number; action: string; note: string; at: string; userName: string | null }[]; actions: Record<AlarmStep, boolean> }
interface Stats { rules: { key: string; label: { zh: string; en: string }; severity: string }[]; rows: { regionCode: string; regionName: string; rule: string; open: number; closed: number }[] }

export const ALARM_STATUS: Record<string, [string, string, string]> = {
  open: ['待分派', 'Open', 'red'], assigned: ['已分派', 'Assigned', 'orange'], handled: ['已处置', 'Handled', 'blue'], verified: ['已核实', 'Verified', 'green'], dismissed: ['已撤销', 'Dismissed', 'default'],
};
const SEVERITY: Record<string, [string, string, string]> = { high: ['高', 'High', 'red'], medium: ['中', 'Medium', 'orange'], low: ['低', 'Low', 'gold'] };
const ACTIONS: Record<string, [string, string]> = { assign: ['分派', 'Assign'], handle: ['处置', 'Handle'], verify: ['核实办结', 'Verify'], dismiss: ['撤销', 'Dismiss'], reopen: ['退回重办', 'Send back'], raised: ['触发', 'Raised'] };

/** What the server-sent feed says of an alarm raised or changed. */
export interface AlarmEvent { id: string; rule: string; severity: string; title: string; titleEn: string; status: string; subjectType: string; subjectId: string }

/** Listens to the server-sent alarm feed while the page is open; calls back with each event. */
export function useAlarmFeed(onEvent: (type: 'raised' | 'changed', alarm: AlarmEvent) => void) {
  useEffect(() => {
    const source = new EventSource('/api/alarms/stream');
    const handler = (type: 'raised' | 'changed') => (e: MessageEvent) => onEvent(type, JSON.parse(e.data));
    const raised = handler('raised'), changed = handler('changed');
    source.addEventListener('raised', raised);
    source.addEventListener('changed', changed);
    return () => source.close();
  }, [onEvent]);
}

/** 预警处置: alarms of the user's scope, their counts per area and rule, live, each through its closed loop. */
export default function AlarmsPage() {
  const { L, lang } = useI18n();
  const { notification } = App.useApp();
  const client = useQueryClient();
  const [filter, setFilter] = useState<{ status?: string; rule?: string; severity?: string; open?: boolean }>({ open: true });
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string | null>(null);
  const list = useQuery({ queryKey: ['alarms', filter, page], queryFn: () => get<Page<AlarmRow>>(`/api/alarms${qs({ ...filter, page, pageSize: 20 })}`) });
  // Counts per area and rule are the departments' view; a company sees its own alarms only.
  const { can: may } = useSession();
  const stats = useQuery({ queryKey: ['alarm-stats'], enabled: may('organisations.read'), queryFn: () => get<Stats>('/api/alarms/stats'), retry: false });
  const ruleLabel = (key: string) => { const r = stats.data?.rules.find((x) => x.key === key); return r ? (lang === 'zh' ? r.label.zh : r.label.en) : key; };
  const onEvent = useMemo(() => (type: 'raised' | 'changed', a: AlarmEvent) => {
    if (type === 'raised') notification.warning({ message: L('新预警', 'New alarm'), description: lang === 'zh' ? a.title : a.titleEn, placement: 'bottomRight' });
    client.invalidateQueries({ queryKey: ['alarms'] });
    client.invalidateQueries({ queryKey: ['alarm-stats'] });
    client.invalidateQueries({ queryKey: ['alarm', a.id] });
  }, [client, notification, L, lang]);
  useAlarmFeed(onEvent);
  const chart = useMemo(() => {
    if (!stats.data?.rows.length) return null;
    const regions = [...new Set(stats.data.rows.map((r) => r.regionName))];
    const rules = [...new Set(stats.data.rows.map((r) => r.rule))];
    return {
      tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 80, right: 10, top: 30, bottom: 25 },
      xAxis: { type: 'category', data: regions }, yAxis: { type: 'value', name: L('未办结', 'Open') },
      series: rules.map((rule) => ({ name: ruleLabel(rule), type: 'bar', stack: 'open', data: regions.map((name) => stats.data!.rows.filter((r) => r.regionName === name && r.rule === rule).reduce((n, r) => n + r.open, 0)) })),
    };
  }, [stats.data, L, lang]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {stats.data && <Card size="small" title={L('按区域和规则统计', 'By area and rule')}>
        <Table size="small" rowKey={(r) => `${r.regionCode}-${r.rule}`} dataSource={stats.data.rows} pagination={{ pageSize: 8 }} data-testid="alarm-stats"
          columns={[{ title: L('区划', 'Area'), dataIndex: 'regionName' }, { title: L('规则', 'Rule'), dataIndex: 'rule', render: ruleLabel },
            { title: L('未办结', 'Open'), dataIndex: 'open', render: (n: number) => <Badge count={n} showZero color={n ? 'red' : 'green'} /> }, { title: L('已办结', 'Closed'), dataIndex: 'closed' }]} />
        {chart && <Chart option={chart} height={220} />}
      </Card>}
      <Card title={L('预警处置', 'Alarms')} extra={<Space wrap>
        <Checkbox checked={!!filter.open} onChange={(e) => { setPage(1); setFilter((f) => ({ ...f, open: e.target.checked || undefined, status: undefined })); }} data-testid="alarm-open-only">{L('只看未办结', 'Open only')}</Checkbox>
        <Select allowClear placeholder={L('状态', 'Status')} style={{ width: 120 }} value={filter.status} onChange={(status) => { setPage(1); setFilter((f) => ({ ...f, status, open: undefined })); }}
          options={Object.entries(ALARM_STATUS).map(([value, [zh, en]]) => ({ value, label: lang === 'zh' ? zh : en }))} />
        {stats.data && <Select allowClear showSearch optionFilterProp="label" placeholder={L('规则', 'Rule')} style={{ width: 200 }} value={filter.rule} onChange={(rule) => { setPage(1); setFilter((f) => ({ ...f, rule })); }} data-testid="alarm-rule"
          options={(stats.data?.rules ?? []).map((r) => ({ value: r.key, label: lang === 'zh' ? r.label.zh : r.label.en }))} />}
        <Select allowClear placeholder={L('级别', 'Severity')} style={{ width: 100 }} value={filter.severity} onChange={(severity) => { setPage(1); setFilter((f) => ({ ...f, severity })); }}
          options={Object.entries(SEVERITY).map(([value, [zh, en]]) => ({ value, label: lang === 'zh' ? zh : en }))} />
      </Space>}>
        <Table<AlarmRow> rowKey="id" loading={list.isLoading} dataSource={list.data?.items ?? []} data-testid="alarm-table" scroll={{ x: 'max-content' }}
          onRow={(a) => ({ onClick: () => setOpen(a.id), style: { cursor: 'pointer' } })}
          pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showTotal: (t) => L(`共 ${t} 条`, `${t} in all`) }}
          columns={[
            { title: L('级别', 'Severity'), dataIndex: 'severity', render: (s: string) => <Tag color={SEVERITY[s]?.[2]}>{L(SEVERITY[s]?.[0] ?? s, SEVERITY[s]?.[1] ?? s)}</Tag> },
            { title: L('预警', 'Alarm'), render: (_: unknown, a) => <span style={{ display: 'inline-block', maxWidth: 420, whiteSpace: 'normal' }}>{lang === 'zh' ? a.title : a.titleEn}</span> },
            { title: L('规则', 'Rule'), dataIndex: 'rule', render: ruleLabel },
            { title: L('状态', 'Status'), dataIndex: 'status', render: (s: string, a) => <Space size={4}><Tag color={ALARM_STATUS[s]?.[2]}>{L(ALARM_STATUS[s]?.[0] ?? s, ALARM_STATUS[s]?.[1] ?? s)}</Tag>{a.overdue && <Tag color="red">{L('超时', 'Late')}</Tag>}</Space> },
            { title: L('责任人', 'Owner'), dataIndex: 'ownerName', render: (n: string | null) => n ?? '—' },
            { title: L('办理期限', 'Due'), dataIndex: 'deadline', render: (d: string) => shanghai(d) },
            { title: L('触发时间', 'Raised'), dataIndex: 'raisedAt', render: (d: string) => shanghai(d) },
          ]} />
      </Card>
      {open && <AlarmDrawer id={open} ruleLabel={ruleLabel} onClose={() => setOpen(null)} />}
    </Space>
  );
}

function AlarmDrawer({ id, ruleLabel, onClose }: { id: string; ruleLabel: (key: string) => string; onClose: () => void }) {
  const { L, M, lang } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const detail = useQuery({ queryKey: ['alarm', id], queryFn: () => get<AlarmDetail>(`/api/alarms/${id}`) });
  const [note, setNote] = useState('');
  const [owner, setOwner] = useState<string | undefined>();
  const [search, setSearch] = useState('');
  const a = detail.data;
  const people = useQuery({ queryKey: ['alarm-owners', search], enabled: !!a?.actions.assign, queryFn: () => get<Page<{ id: string; displayName: string; username: string; organisationName: string | null }>>(`/api/users${qs({ q: search, status: 'active', pageSize: 30 })}`) });
  const act = async (action: string) => {
    try {
      await post(`/api/alarms/${id}/${action}`, { note: note || undefined, ownerUserId: action === 'assign' ? owner : undefined });
      message.success(L('已办理', 'Done'));
      setNote('');
      client.invalidateQueries({ queryKey: ['alarm', id] });
      client.invalidateQueries({ queryKey: ['alarms'] });
      client.invalidateQueries({ queryKey: ['alarm-stats'] });
    } catch (e) { if (e instanceof ApiError) message.error(M(e.text)); else throw e; }
  };
  const can = (action: AlarmStep) => !!a?.actions[action];
  const manifestLink = a?.subjectType === 'manifest' ? <Link to={`/manifests/${a.subjectId}`}>{String(a.details.number ?? a.subjectId)}</Link> : null;
  return (
    <Drawer open width={Math.min(720, window.innerWidth)} onClose={onClose} destroyOnHidden title={a ? (lang === 'zh' ? a.title : a.titleEn) : ''}>
      {detail.error && <Alert type="error" showIcon message={detail.error instanceof ApiError ? M(detail.error.text) : String(detail.error)} />}
      {a && <Space direction="vertical" style={{ width: '100%' }}>
        <Descriptions size="small" bordered column={1} items={[
          { label: L('状态', 'Status'), children: <Tag color={ALARM_STATUS[a.status]?.[2]} data-testid="alarm-status">{L(ALARM_STATUS[a.status]?.[0] ?? a.status, ALARM_STATUS[a.status]?.[1] ?? a.status)}</Tag> },
          { label: L('规则', 'Rule'), children: ruleLabel(a.rule) },
          { label: L('级别', 'Severity'), children: <Tag color={SEVERITY[a.severity]?.[2]}>{L(SEVERITY[a.severity]?.[0], SEVERITY[a.severity]?.[1])}</Tag> },
          { label: L('责任人', 'Owner'), children: a.ownerName ?? '—' },
          { label: L('办理期限', 'Due'), children: <span>{shanghai(a.deadline)} {a.overdue && <Tag color="red">{L('超时', 'Late')}</Tag>}</span> },
          ...(manifestLink ? [{ label: L('联单', 'Manifest'), children: manifestLink }] : []),
          { label: L('详情', 'Details'), children: <Typography.Text code style={{ whiteSpace: 'pre-wrap' }}>{JSON.stringify(a.details)}</Typography.Text> },
        ]} />
        <Typography.Title level={5}>{L('办理记录', 'History')}</Typography.Title>
        <Timeline data-testid="alarm-history" items={[
          { color: 'red', children: `${shanghai(a.raisedAt)} ${L('触发', 'Raised')}` },
          ...a.events.map((e) => ({ children: <span data-testid="alarm-event">{shanghai(e.at)} {L(ACTIONS[e.action]?.[0] ?? e.action, ACTIONS[e.action]?.[1] ?? e.action)} · {e.userName ?? ''}{e.note ? `：${e.note}` : ''}</span> })),
        ]} />
        {(['assign', 'handle', 'verify', 'dismiss', 'reopen'] as const).some(can) && <Card size="small" title={L('办理', 'Act')}>
          <Space direction="vertical" style={{ width: '100%' }}>
            {can('assign') && <Space wrap>
              <Select showSearch filterOption={false} onSearch={setSearch} style={{ width: 320 }} placeholder={L('选择责任人（本辖区或涉事单位人员）', 'Owner (your area or the company concerned)')} value={owner} onChange={setOwner} data-testid="alarm-owner"
                options={(people.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.displayName}（${u.organisationName ?? u.username}）` }))} />
              <Button onClick={() => act('assign')} disabled={!owner} data-testid="alarm-assign">{L('分派', 'Assign')}</Button>
            </Space>}
            <Input.TextArea rows={2} value={note} onChange={(e) => setNote(e.target.value)} placeholder={L('处置情况或理由', 'What was done, or why')} data-testid="alarm-note" />
            <Space wrap>
              {can('handle') && <Button type="primary" onClick={() => act('handle')} data-testid="alarm-handle">{L('处置完毕', 'Mark handled')}</Button>}
              {can('verify') && <Button type="primary" onClick={() => act('verify')} data-testid="alarm-verify">{L('核实办结', 'Verify')}</Button>}
              {can('reopen') && <Button onClick={() => act('reopen')} data-testid="alarm-reopen">{L('退回重办', 'Send back')}</Button>}
              {can('dismiss') && <Button danger onClick={() => act('dismiss')} data-testid="alarm-dismiss">{L('撤销（须说明理由）', 'Dismiss (give a reason)')}</Button>}
            </Space>
          </Space>
        </Card>}
      </Space>}
    </Drawer>
  );
}
