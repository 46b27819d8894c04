import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Drawer, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { ApiError, get, post, qs, type Page } from '../api';
import { shanghai, useI18n } from '../i18n';

interface Subscription { id: string; url: string; events: string[]; active: boolean; consecutiveFailures: number; disabledReason: string | null; createdAt: string }
interface Delivery { id: string; event: string; status: string; attempts: number; lastStatusCode: number | null; lastError: string | null; nextAttemptAt: string; createdAt: string; deliveredAt: string | null }

const EVENTS: Record<string, [string, string]> = {
  'manifest.created': ['联单创建', 'Manifest created'], 'manifest.signed': ['联单签署', 'Manifest signed'], 'manifest.received': ['联单接收', 'Manifest received'],
  'manifest.refused': ['联单拒收', 'Manifest refused'], 'alarm.raised': ['预警触发', 'Alarm raised'], 'alarm.changed': ['预警办理', 'Alarm changed'],
};
const STATUS: Record<string, [string, string, string]> = { pending: ['待推送', 'Pending', 'blue'], delivered: ['已送达', 'Delivered', 'green'], failed: ['已放弃', 'Given up', 'red'] };

/** 事件推送: an enterprise's webhook subscriptions, their deliveries and what went wrong. */
export default function WebhooksPage() {
  const { L, M, lang } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const [secret, setSecret] = useState<string | null>(null);
  const [open, setOpen] = useState<Subscription | null>(null);
  const list = useQuery({ queryKey: ['webhooks'], queryFn: () => get<{ items: Subscription[] }>('/api/webhooks') });
  const reload = () => client.invalidateQueries({ queryKey: ['webhooks'] });
  const act = async (fn: () => Promise<unknown>, done: string) => { try { await fn(); message.success(done); reload(); } catch (e) { if (e instanceof ApiError) message.error(M(e.text)); else throw e; } };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={L('订阅事件', 'Subscribe')}>
        <Form form={form} layout="vertical" initialValues={{ events: ['manifest.signed', 'manifest.refused', 'alarm.raised'] }} onFinish={async (v) => {
          try {
            const row = await post<{ secret: string }>('/api/webhooks', v);
            setSecret(row.secret);
            form.resetFields(['url']);
            reload();
          } catch (e) { if (e instanceof ApiError) form.setFields([{ name: e.path ?? 'url', errors: [M(e.text)] }]); else throw e; }
        }}>
          <Form.Item name="url" label={L('接收地址（https://…，不能是内网或本机地址）', 'Endpoint (https://…, not a private or local address)')} rules={[{ required: true }]}><Input placeholder="https://erp.example.com/wufei/events" data-testid="webhook-url" /></Form.Item>
          <Form.Item name="events" label={L('事件', 'Events')} rules={[{ required: true }]}>
            <Checkbox.Group options={Object.entries(EVENTS).map(([value, [zh, en]]) => ({ value, label: lang === 'zh' ? zh : en }))} data-testid="webhook-events" />
          </Form.Item>
          <Button type="primary" htmlType="submit" data-testid="webhook-subscribe">{L('订阅', 'Subscribe')}</Button>
        </Form>
      </Card>
      <Card title={L('推送地址', 'Endpoints')}>
        <Table<Subscription> rowKey="id" loading={list.isLoading} dataSource={list.data?.items ?? []} pagination={false} data-testid="webhook-table" scroll={{ x: 'max-content' }} columns={[
          { title: L('地址', 'URL'), dataIndex: 'url', render: (u: string, s) => <Space direction="vertical" size={0}><Typography.Text copyable>{u}</Typography.Text>
            {!s.active && s.disabledReason && <Alert type="error" showIcon message={L(`已停用：${s.disabledReason}`, `Switched off: ${s.disabledReason}`)} data-testid="webhook-disabled" />}</Space> },
          { title: L('事件', 'Events'), dataIndex: 'events', render: (ev: string[]) => ev.map((e) => <Tag key={e}>{L(EVENTS[e]?.[0] ?? e, EVENTS[e]?.[1] ?? e)}</Tag>) },
          { title: L('状态', 'State'), render: (_: unknown, s) => s.active ? <Tag color="green">{L('启用', 'On')}</Tag> : <Tag color="red">{L('停用', 'Off')}</Tag> },
          { title: L('连续失败', 'Failures in a row'), dataIndex: 'consecutiveFailures' },
          { title: '', render: (_: unknown, s) => <Space>
            <Button size="small" onClick={() => setOpen(s)} data-testid="webhook-deliveries">{L('推送记录', 'Deliveries')}</Button>
            {s.active && <Button size="small" onClick={() => act(() => post(`/api/webhooks/${s.id}/ping`), L('已排队测试推送', 'Ping queued'))}>{L('测试', 'Ping')}</Button>}
            {s.active ? <Button size="small" danger onClick={() => act(() => post(`/api/webhooks/${s.id}/disable`), L('已停用', 'Switched off'))}>{L('停用', 'Switch off')}</Button>
              : <Button size="small" type="primary" onClick={() => act(() => post(`/api/webhooks/${s.id}/enable`), L('已启用', 'Switched on'))} data-testid="webhook-enable">{L('重新启用', 'Switch on')}</Button>}
          </Space> },
        ]} />
      </Card>
      <Modal open={!!secret} title={L('签名密钥（只显示这一次）', 'Signing secret (shown once)')} onCancel={() => setSecret(null)} onOk={() => setSecret(null)}>
        <Typography.Paragraph copyable={{ text: secret ?? '' }} code data-testid="webhook-secret">{secret}</Typography.Paragraph>
        <Typography.Paragraph type="secondary">{L('每次推送带有请求头 X-Wufei-Signature: t=<时间戳>,v1=<签名>。用此密钥对“t.请求体”计算 HMAC-SHA256（十六进制），与 v1 比较，并拒收时间戳超过5分钟的请求。',
          'Each delivery carries X-Wufei-Signature: t=<timestamp>,v1=<signature>. Compute HMAC-SHA256 (hex) of "t.body" with this secret, compare it with v1, and refuse timestamps older than five minutes.')}</Typography.Paragraph>
      </Modal>
      {open && <Deliveries sub={open} onClose={() => setOpen(null)} />}
    </Space>
  );
}

function Deliveries({ sub, onClose }: { sub: Subscription; onClose: () => void }) {
  const { L, lang } = useI18n();
  const [page, setPage] = useState(1);
  const list = useQuery({ queryKey: ['webhook-deliveries', sub.id, page], queryFn: () => get<Page<Delivery>>(`/api/webhooks/${sub.id}/deliveries${qs({ page, pageSize: 20 })}`) });
  return (
    <Drawer open width={Math.min(960, window.innerWidth)} onClose={onClose} title={sub.url} destroyOnHidden>
      <Table<Delivery> rowKey="id" size="small" loading={list.isLoading} dataSource={list.data?.items ?? []} data-testid="delivery-table" scroll={{ x: 'max-content' }}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage }} columns={[
          { title: L('事件', 'Event'), dataIndex: 'event', render: (e: string) => (EVENTS[e] ? (lang === 'zh' ? EVENTS[e][0] : EVENTS[e][1]) : e) },
          { title: L('状态', 'Status'), dataIndex: 'status', render: (s: string) => <Tag color={STATUS[s]?.[2]}>{L(STATUS[s]?.[0] ?? s, STATUS[s]?.[1] ?? s)}</Tag> },
          { title: L('尝试次数', 'Attempts'), dataIndex: 'attempts' },
          { title: L('最近结果', 'Last result'), render: (_: unknown, d) => d.lastError ?? (d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : '—') },
          { title: L('下次尝试', 'Next attempt'), render: (_: unknown, d) => (d.status === 'pending' ? shanghai(d.nextAttemptAt) : '—') },
          { title: L('创建', 'Created'), dataIndex: 'createdAt', render: (x: string) => shanghai(x) },
          { title: L('送达', 'Delivered'), dataIndex: 'deliveredAt', render: (x: string | null) => shanghai(x) },
        ]} />
    </Drawer>
  );
}
