import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Drawer, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { ApiError, api, get, post, qs, type Message, type Page } from '../api';
import { shanghai, useI18n } from '../i18n';

interface Subscription { id: string; url: string; events: string[]; active: boolean; consecutiveFailures: number; disabledNotice: Message | null; createdAt: string }
interface Delivery { id: string; event: string; status: 'pending' | 'delivered' | 'failed'; attempts: number; lastStatusCode: number | null; lastError: string | null; nextAttemptAt: string; createdAt: string; deliveredAt: string | null; payload: unknown }

// What each event means to a subscriber, in the words of the console.
const EVENTS: Record<string, { zh: string; en: string; hintZh: string; hintEn: string }> = {
  'manifest.created': { zh: '联单创建', en: 'Manifest created', hintZh: '本单位参与的联单新建时', hintEn: 'a manifest your organisation is party to is made' },
  'manifest.signed': { zh: '联单签署', en: 'Manifest signed', hintZh: '每一步签署（移出、承运、交接）', hintEn: 'each signing step (emission, transport, hand-over)' },
  'manifest.received': { zh: '联单接收', en: 'Manifest received', hintZh: '接受单位签收', hintEn: 'the receiver accepts the load' },
  'manifest.refused': { zh: '联单拒收', en: 'Manifest refused', hintZh: '接受单位全部或部分拒收', hintEn: 'the receiver refuses all or part of the load' },
  'alarm.raised': { zh: '预警触发', en: 'Alarm raised', hintZh: '本单位的预警产生时', hintEn: 'an alarm of your organisation is raised' },
  'alarm.changed': { zh: '预警办理', en: 'Alarm changed', hintZh: '预警被指派、处理、核查或撤销', hintEn: 'an alarm is assigned, handled, verified or dismissed' },
  ping: { zh: '测试推送', en: 'Ping', hintZh: '', hintEn: '' },
};
const STATUS: Record<Delivery['status'], { zh: string; en: string; color: string }> = {
  pending: { zh: '待推送', en: 'Pending', color: 'blue' },
  delivered: { zh: '已送达', en: 'Delivered', color: 'green' },
  failed: { zh: '失败（已放弃）', en: 'Failed (given up)', color: 'red' },
};
const DEFAULT_EVENTS = ['manifest.signed', 'manifest.refused', 'alarm.raised'];

/** 事件推送: an enterprise's webhook endpoints, the events they take, their deliveries and what went wrong. */
export default function WebhooksPage() {
  const { L, M } = useI18n();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const [page, setPage] = useState(1);
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const [open, setOpen] = useState<Subscription | null>(null);
  const list = useQuery({ queryKey: ['webhooks', page], queryFn: () => get<Page<Subscription>>(`/api/webhooks${qs({ page, pageSize: 20 })}`) });
  const reload = () => client.invalidateQueries({ queryKey: ['webhooks'] });
  const act = async (fn: () => Promise<unknown>, done: string) => {
    try { await fn(); message.success(done); reload(); client.invalidateQueries({ queryKey: ['webhook-deliveries'] }); } catch (e) { if (e instanceof ApiError) message.error(M(e.text)); else throw e; }
  };
  const enable = (s: Subscription) => act(() => post(`/api/webhooks/${s.id}/enable`), L('已重新启用，失败计数已清零', 'Switched back on; the failure count starts again'));
  const remove = (s: Subscription) => modal.confirm({
    title: L('删除这个推送地址？', 'Delete this endpoint?'), content: <>{s.url}<br />{L('它的推送记录一并删除，不能恢复。', 'Its delivery log is deleted with it, for good.')}</>,
    okText: L('删除', 'Delete'), okButtonProps: { danger: true }, cancelText: L('取消', 'Cancel'),
    onOk: () => act(() => api('DELETE', `/api/webhooks/${s.id}`), L('已删除', 'Deleted')),
  });
  const disabled = (list.data?.items ?? []).filter((s) => !s.active);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      {disabled.map((s) => (
        <Alert key={s.id} type="error" showIcon data-testid="webhook-disabled-notice"
          message={L(`推送地址已停用：${s.url}`, `Endpoint switched off: ${s.url}`)}
          description={M(s.disabledNotice) || L('已停用', 'Switched off')}
          action={<Button size="small" type="primary" onClick={() => enable(s)} data-testid="webhook-enable-notice">{L('重新启用', 'Switch back on')}</Button>} />
      ))}
      <SubscribeForm onSubscribed={(row) => { setSecret(row); setPage(1); reload(); }} />
      <Card title={L('推送地址', 'Endpoints')}>
        <Table<Subscription> rowKey="id" loading={list.isLoading} dataSource={list.data?.items ?? []} data-testid="webhook-table" scroll={{ x: 'max-content' }}
          pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, hideOnSinglePage: true }}
          locale={{ emptyText: L('还没有推送地址：在上方订阅事件', 'No endpoint yet: subscribe above') }} columns={[
            { title: L('地址', 'URL'), dataIndex: 'url', render: (u: string) => <Typography.Text copyable style={{ wordBreak: 'break-all' }}>{u}</Typography.Text> },
            { title: L('事件', 'Events'), dataIndex: 'events', render: (ev: string[]) => <Space size={[0, 4]} wrap>{ev.map((e) => <Tag key={e}>{L(EVENTS[e]?.zh ?? e, EVENTS[e]?.en ?? e)}</Tag>)}</Space> },
            { title: L('状态', 'State'), render: (_: unknown, s) => (s.active
              ? <Tag color="green" data-testid="webhook-state">{L('启用', 'On')}</Tag>
              : <Space direction="vertical" size={2}><Tag color="red" data-testid="webhook-state">{L('已停用', 'Switched off')}</Tag><Typography.Text type="danger" style={{ fontSize: 12, maxWidth: 280, display: 'inline-block' }}>{M(s.disabledNotice)}</Typography.Text></Space>) },
            { title: L('连续失败', 'Failures in a row'), dataIndex: 'consecutiveFailures', render: (n: number) => <span data-testid="webhook-failures">{L(`${n} 次`, String(n))}</span> },
            { title: L('订阅时间', 'Subscribed'), dataIndex: 'createdAt', render: (x: string) => shanghai(x) },
            { title: '', render: (_: unknown, s) => <Space wrap>
              <Button size="small" onClick={() => setOpen(s)} data-testid="webhook-deliveries">{L('推送记录', 'Deliveries')}</Button>
              {s.active && <Button size="small" onClick={() => act(() => post(`/api/webhooks/${s.id}/ping`), L('已排队测试推送，几秒后见推送记录', 'Ping queued: see the deliveries in a few seconds'))} data-testid="webhook-ping">{L('测试', 'Ping')}</Button>}
              {s.active
                ? <Button size="small" onClick={() => act(() => post(`/api/webhooks/${s.id}/disable`), L('已停用', 'Switched off'))} data-testid="webhook-disable">{L('停用', 'Switch off')}</Button>
                : <Button size="small" type="primary" onClick={() => enable(s)} data-testid="webhook-enable">{L('重新启用', 'Switch back on')}</Button>}
              <Button size="small" danger onClick={() => remove(s)} data-testid="webhook-delete">{L('删除', 'Delete')}</Button>
            </Space> },
          ]} />
      </Card>
      <SecretModal shown={secret} onClose={() => setSecret(null)} />
      {open && <Deliveries sub={open} onClose={() => setOpen(null)} />}
    </Space>
  );
}

function SubscribeForm({ onSubscribed }: { onSubscribed: (row: { url: string; secret: string }) => void }) {
  const { L, M, lang } = useI18n();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  return (
    <Card title={L('订阅事件', 'Subscribe to events')}>
      <Form form={form} layout="vertical" initialValues={{ events: DEFAULT_EVENTS }} onFinish={async (v: { url: string; events: string[] }) => {
        setBusy(true);
        try {
          const row = await post<{ url: string; secret: string }>('/api/webhooks', { url: v.url.trim(), events: v.events });
          form.resetFields(['url']);
          onSubscribed(row);
        } catch (e) {
          if (!(e instanceof ApiError)) throw e;
          form.setFields([{ name: e.path === 'events' ? 'events' : 'url', errors: [M(e.text)] }]);
        } finally { setBusy(false); }
      }}>
        <Form.Item name="url" label={L('接收地址', 'Endpoint URL')} extra={L('贵单位系统接收推送的公网地址（https://…）；不能是内网、本机或本平台的地址。', 'A publicly reachable address of your system (https://…); not a private, local or this platform’s address.')}
          rules={[{ required: true, message: L('请填写接收地址', 'Give the endpoint URL') }, { pattern: /^https?:\/\/\S+$/i, message: L('地址须以 http:// 或 https:// 开头', 'The URL must start with http:// or https://') }]}>
          <Input placeholder="https://erp.example.com/wufei/events" data-testid="webhook-url" maxLength={500} />
        </Form.Item>
        <Form.Item name="events" label={L('推送哪些事件', 'Events to send')} rules={[{ required: true, message: L('请至少选择一个事件', 'Choose at least one event') }]}>
          <Checkbox.Group data-testid="webhook-events">
            <Space direction="vertical" size={4}>
              {Object.entries(EVENTS).filter(([value]) => value !== 'ping').map(([value, e]) => (
                <Checkbox key={value} value={value} data-testid={`webhook-event-${value}`}>
                  {lang === 'zh' ? e.zh : e.en} <Typography.Text type="secondary">（{lang === 'zh' ? e.hintZh : e.hintEn}）</Typography.Text>
                </Checkbox>
              ))}
            </Space>
          </Checkbox.Group>
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="webhook-subscribe">{L('订阅', 'Subscribe')}</Button>
      </Form>
    </Card>
  );
}

// A receiver's check of a delivery, as shown to the subscriber (Node.js; any language with HMAC-SHA256 will do).
const VERIFY_SAMPLE = `const [t, v1] = header.split(',').map((p) => p.split('=')[1]);
const expected = crypto.createHmac('sha256', SECRET).update(t + '.' + rawBody).digest('hex');
const fresh = Math.abs(Date.now() / 1000 - Number(t)) < 300;
const genuine = fresh && v1.length === expected.length && crypto.timingSafeEqual(Buffer.from(v1, 'hex'), Buffer.from(expected, 'hex'));`;

function SecretModal({ shown, onClose }: { shown: { url: string; secret: string } | null; onClose: () => void }) {
  const { L } = useI18n();
  return (
    <Modal open={!!shown} title={L('签名密钥（只显示这一次）', 'Signing secret (shown only once)')} maskClosable={false} closable={false} width={680} destroyOnHidden
      footer={<Button type="primary" onClick={onClose} data-testid="webhook-secret-done">{L('我已保存密钥', 'I have saved the secret')}</Button>}>
      <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={L('关闭后无法再次查看；遗失时删除该地址并重新订阅。', 'It cannot be shown again: if lost, delete the endpoint and subscribe again.')} />
      <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>{shown?.url}</Typography.Paragraph>
      <Typography.Paragraph copyable={{ text: shown?.secret ?? '', tooltips: [L('复制', 'Copy'), L('已复制', 'Copied')] }} code data-testid="webhook-secret" style={{ fontSize: 16 }}>{shown?.secret}</Typography.Paragraph>
      <Typography.Title level={5}>{L('如何校验推送', 'How to verify a delivery')}</Typography.Title>
      <Typography.Paragraph>
        {L('每次推送以 POST 发送 JSON（event、id、occurredAt、data），请求头 X-Wufei-Signature: t=<时间戳>,v1=<签名>。以此密钥对“t + \'.\' + 原始请求体”计算 HMAC-SHA256（十六进制），与 v1 比较；拒收时间戳与当前相差超过 5 分钟的请求，并按 id 去重（失败的推送会重试）。返回 2xx 即视为送达。',
          'Each delivery is a POST of JSON (event, id, occurredAt, data) with the header X-Wufei-Signature: t=<timestamp>,v1=<signature>. Compute HMAC-SHA256 (hex) of t + \'.\' + the raw body with this secret and compare it with v1; refuse timestamps more than five minutes away, and skip ids already seen (failed deliveries are retried). Any 2xx answer counts as delivered.')}
      </Typography.Paragraph>
      <pre style={{ fontSize: 12, background: '#f6f6f6', padding: 8, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{VERIFY_SAMPLE}</pre>
      <Typography.Paragraph type="secondary">{L('失败后依次在 1、5、30、120、720 分钟后重试；连续 8 次失败将自动停用该地址并通知本单位。', 'A failed delivery is retried after 1, 5, 30, 120 and 720 minutes; 8 failures in a row switch the endpoint off and notify your organisation.')}</Typography.Paragraph>
    </Modal>
  );
}

/** The last answer in words: the HTTP status, or why nothing usable came back. */
function lastResult(d: Delivery, L: (zh: string, en: string) => string): string {
  const e = d.lastError;
  if (!e) return d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : '—';
  if (/^HTTP \d+$/.test(e)) return e;
  if (e === 'subscription switched off') return L('推送地址已停用，未发送', 'Endpoint switched off: not sent');
  if (e.startsWith('refused:')) return L(`地址被拒绝（内网、本机或无法解析）：${e}`, `Address refused (private, local or unresolvable): ${e}`);
  if (/no answer within/.test(e)) return L(`超时无应答：${e}`, `No answer in time: ${e}`);
  if (/ECONNREFUSED/.test(e)) return L(`连接被拒绝：${e}`, `Connection refused: ${e}`);
  if (/ENOTFOUND|EAI_AGAIN/.test(e)) return L(`域名无法解析：${e}`, `Host name does not resolve: ${e}`);
  return e;
}

function Deliveries({ sub, onClose }: { sub: Subscription; onClose: () => void }) {
  const { L } = useI18n();
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: ['webhook-deliveries', sub.id, page],
    queryFn: () => get<Page<Delivery>>(`/api/webhooks/${sub.id}/deliveries${qs({ page, pageSize: 20 })}`),
    // While something waits to be sent, look again: the worker sends what is due every few seconds.
    refetchInterval: (q) => (q.state.data?.items.some((d) => d.status === 'pending') ? 3000 : false),
  });
  return (
    <Drawer open width={Math.min(1100, window.innerWidth)} onClose={onClose} title={L(`推送记录：${sub.url}`, `Deliveries: ${sub.url}`)} destroyOnHidden>
      <Table<Delivery> rowKey="id" size="small" loading={list.isLoading} dataSource={list.data?.items ?? []} data-testid="delivery-table" scroll={{ x: 'max-content' }}
        locale={{ emptyText: L('还没有推送', 'Nothing sent yet') }}
        expandable={{ expandedRowRender: (d) => <pre style={{ fontSize: 12, margin: 0 }}>{JSON.stringify(d.payload, null, 2)}</pre> }}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showTotal: (n) => L(`共 ${n} 条`, `${n} in all`) }} columns={[
          { title: L('事件', 'Event'), dataIndex: 'event', render: (e: string) => L(EVENTS[e]?.zh ?? e, EVENTS[e]?.en ?? e) },
          { title: L('状态', 'Status'), dataIndex: 'status', render: (s: Delivery['status']) => <Tag color={STATUS[s]?.color} data-testid="delivery-status">{L(STATUS[s]?.zh ?? s, STATUS[s]?.en ?? s)}</Tag> },
          { title: L('尝试次数', 'Attempts'), dataIndex: 'attempts' },
          { title: L('最近结果', 'Last result'), render: (_: unknown, d) => <span data-testid="delivery-result">{lastResult(d, L)}</span> },
          { title: L('下次尝试', 'Next attempt'), render: (_: unknown, d) => (d.status === 'pending' ? shanghai(d.nextAttemptAt) : '—') },
          { title: L('创建时间', 'Created'), dataIndex: 'createdAt', render: (x: string) => shanghai(x) },
          { title: L('送达时间', 'Delivered'), dataIndex: 'deliveredAt', render: (x: string | null) => shanghai(x) || '—' },
        ]} />
    </Drawer>
  );
}
