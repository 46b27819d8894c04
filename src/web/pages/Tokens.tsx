import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Form, Input, Modal, Select, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { ApiError, get, post } from '../api';
import { shanghai, useI18n, useLabel } from '../i18n';
import { useSession } from '../session';

interface TokenRow { id: string; name: string; prefix: string; scopes: string[]; expiresAt: string; revokedAt: string | null; lastUsedAt: string | null; createdAt: string }

export default function TokensPage() {
  const { L, M, lang } = useI18n();
  const label = useLabel();
  const { enums } = useSession();
  const { message } = App.useApp();
  const client = useQueryClient();
  const query = useQuery({ queryKey: ['tokens'], queryFn: () => get<{ items: TokenRow[] }>('/api/tokens') });
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  return (
    <Card title={L('接口令牌（供地磅、车载定位终端、第三方系统使用）', 'API tokens (weighbridges, GPS terminals, third-party software)')} extra={<Button type="primary" onClick={() => setCreating(true)}>{L('新建令牌', 'New token')}</Button>}>
      {secret && <Alert type="success" showIcon closable onClose={() => setSecret(null)} style={{ marginBottom: 12 }} message={L('令牌只显示这一次，请立即复制保存', 'The token is shown only once: copy it now')} description={<Typography.Text copyable code data-testid="token-secret">{secret}</Typography.Text>} />}
      <Table<TokenRow> rowKey="id" dataSource={query.data?.items ?? []} loading={query.isLoading} pagination={false} scroll={{ x: 'max-content' }} columns={[
        { title: L('名称', 'Name'), dataIndex: 'name' },
        { title: L('前缀', 'Prefix'), dataIndex: 'prefix', render: (p: string) => <code>wf_{p}_…</code> },
        { title: L('权限范围', 'Scopes'), dataIndex: 'scopes', render: (s: string[]) => s.map((x) => <Tag key={x}>{label(enums?.tokenScopes, x)}</Tag>) },
        { title: L('有效期至', 'Expires'), dataIndex: 'expiresAt', render: (d: string) => shanghai(d) },
        { title: L('最近使用', 'Last used'), dataIndex: 'lastUsedAt', render: (d: string | null) => shanghai(d) },
        { title: L('状态', 'State'), render: (_v, t) => (t.revokedAt ? <Tag>{L('已撤销', 'Revoked')}</Tag> : <Tag color="green">{L('有效', 'Active')}</Tag>) },
        { title: '', render: (_v, t) => !t.revokedAt && <Button size="small" danger onClick={async () => {
          try { await post(`/api/tokens/${t.id}/revoke`); client.invalidateQueries({ queryKey: ['tokens'] }); } catch (e) { if (e instanceof ApiError) message.error(M(e.text)); }
        }}>{L('撤销', 'Revoke')}</Button> },
      ]} />
      <Modal open={creating} title={L('新建令牌', 'New token')} onCancel={() => setCreating(false)} footer={null} destroyOnHidden>
        <Form layout="vertical" initialValues={{ expiresAt: dayjs().add(1, 'year') }} onFinish={async (v) => {
          try {
            const r = await post<{ secret: string }>('/api/tokens', { name: v.name, scopes: v.scopes, expiresAt: v.expiresAt.toISOString() });
            setSecret(r.secret); setCreating(false); client.invalidateQueries({ queryKey: ['tokens'] });
          } catch (e) { if (e instanceof ApiError) message.error(M(e.text)); }
        }}>
          <Form.Item name="name" label={L('名称', 'Name')} rules={[{ required: true }]}><Input /></Form.Item>
          <Form.Item name="scopes" label={L('权限范围', 'Scopes')} rules={[{ required: true }]}><Select mode="multiple" options={(enums?.tokenScopes ?? []).map((s) => ({ value: s.value, label: lang === 'zh' ? s.zh : s.en }))} /></Form.Item>
          <Form.Item name="expiresAt" label={L('有效期至', 'Expires')} rules={[{ required: true }]}><DatePicker /></Form.Item>
          <Button type="primary" htmlType="submit">{L('创建', 'Create')}</Button>
        </Form>
      </Modal>
    </Card>
  );
}
