import { useState } from 'react';
import { App, Button, Form, Input, Modal, Select, Space, Tag } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ServerTable } from '../components/ServerTable';
import { ApiError, api, get, post, qs, type Page } from '../api';
import { shanghai, useI18n, useLabel } from '../i18n';
import { useSession } from '../session';

interface UserRow { id: string; username: string; displayName: string; role: string; status: string; organisationId: string | null; organisationName: string | null; regionCode: string; lastLoginAt: string | null; actions: { update: boolean; resetPassword: boolean } }

export default function UsersPage() {
  const { L, M, lang } = useI18n();
  const label = useLabel();
  const { enums, me, can } = useSession();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [orgSearch, setOrgSearch] = useState('');
  const orgs = useQuery({
    queryKey: ['organisations', 'pick', orgSearch],
    queryFn: () => get<Page<{ id: string; name: string }>>(`/api/organisations${qs({ q: orgSearch || undefined, pageSize: 20 })}`),
    enabled: creating,
  });
  const [form] = Form.useForm();
  const government = me?.organisation?.kind === 'government';
  const roleOptions = (enums?.roles ?? []).filter((r) => me?.assignableRoles.includes(r.value)).map((r) => ({ value: r.value, label: lang === 'zh' ? r.zh : r.en }));
  const change = async (id: string, body: Record<string, unknown>) => {
    try { await api('PATCH', `/api/users/${id}`, body); message.success(L('已保存', 'Saved')); client.invalidateQueries({ queryKey: ['users'] }); } catch (e) { if (e instanceof ApiError) message.error(M(e.text)); }
  };
  const reset = (id: string) => {
    let password = '';
    Modal.confirm({ title: L('重置密码', 'Reset password'), content: <Input.Password placeholder={L('新密码（至少10位）', 'New password (10+)')} onChange={(e) => { password = e.target.value; }} />,
      onOk: async () => { try { await post(`/api/users/${id}/reset-password`, { password }); message.success(L('已重置', 'Reset')); } catch (e) { if (e instanceof ApiError) message.error(M(e.text)); throw e; } } });
  };
  return (
    <>
      <ServerTable<UserRow> queryKey="users" title={L('用户管理', 'Users')} url="/api/users" exportUrl="/api/users/export.xlsx" rowKey="id"
        extra={can('users.manage') && <Button type="primary" onClick={() => setCreating(true)}>{L('新增用户', 'New user')}</Button>}
        filters={<>
          <Form.Item name="q"><Input placeholder={L('用户名或姓名', 'Username or name')} allowClear /></Form.Item>
          <Form.Item name="role"><Select placeholder={L('角色', 'Role')} allowClear style={{ width: 160 }} options={(enums?.roles ?? []).map((r) => ({ value: r.value, label: lang === 'zh' ? r.zh : r.en }))} /></Form.Item>
          <Form.Item name="status"><Select placeholder={L('状态', 'Status')} allowClear style={{ width: 110 }} options={(enums?.userStatuses ?? []).map((r) => ({ value: r.value, label: lang === 'zh' ? r.zh : r.en }))} /></Form.Item>
        </>}
        columns={[
          { title: L('用户名', 'Username'), dataIndex: 'username' },
          { title: L('姓名', 'Name'), dataIndex: 'displayName' },
          { title: L('角色', 'Role'), dataIndex: 'role', render: (r: string) => <Tag>{label(enums?.roles, r)}</Tag> },
          { title: L('单位', 'Organisation'), dataIndex: 'organisationName' },
          { title: L('状态', 'Status'), dataIndex: 'status', render: (s: string) => <Tag color={s === 'active' ? 'green' : 'default'}>{label(enums?.userStatuses, s)}</Tag> },
          { title: L('最近登录', 'Last login'), dataIndex: 'lastLoginAt', render: (d: string | null) => shanghai(d) },
          { title: '', key: 'actions', render: (_v, u) => u.actions.update && <Space>
            <Button size="small" onClick={() => change(u.id, { status: u.status === 'active' ? 'disabled' : 'active' })}>{u.status === 'active' ? L('停用', 'Disable') : L('启用', 'Enable')}</Button>
            {u.actions.resetPassword && <Button size="small" onClick={() => reset(u.id)}>{L('重置密码', 'Reset password')}</Button>}
          </Space> },
        ]} />
      <Modal open={creating} title={L('新增用户', 'New user')} onCancel={() => setCreating(false)} onOk={() => form.submit()} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={async (v) => {
          try { await post('/api/users', v); message.success(L('已新增', 'Added')); setCreating(false); client.invalidateQueries({ queryKey: ['users'] }); }
          catch (e) { if (e instanceof ApiError) { message.error(M(e.text)); form.setFields(e.issues.map((i) => ({ name: i.path, errors: [M(i.message)] }))); } }
        }}>
          <Form.Item name="username" label={L('用户名', 'Username')} rules={[{ required: true }]}><Input autoComplete="off" /></Form.Item>
          <Form.Item name="displayName" label={L('姓名', 'Name')} rules={[{ required: true }]}><Input /></Form.Item>
          <Form.Item name="password" label={L('初始密码（至少10位）', 'Initial password (10+)')} rules={[{ required: true, min: 10 }]}><Input.Password autoComplete="new-password" /></Form.Item>
          <Form.Item name="role" label={L('角色', 'Role')} rules={[{ required: true }]}><Select options={roleOptions} /></Form.Item>
          {government && <Form.Item name="organisationId" label={L('所属单位', 'Organisation')}>
            <Select showSearch filterOption={false} onSearch={setOrgSearch} loading={orgs.isFetching}
              options={(orgs.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))} />
          </Form.Item>}
        </Form>
      </Modal>
    </>
  );
}
