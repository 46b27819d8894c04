import { App, Button, DatePicker, Form, Input } from 'antd';
import { ServerTable } from '../components/ServerTable';
import { ApiError, get } from '../api';
import { shanghai, useI18n } from '../i18n';
import { useSession } from '../session';

interface AuditRow { id: number; at: string; actorLabel: string; action: string; entityType: string; entityId: string; regionCode: string | null; before: unknown; after: unknown; ip: string | null }

export default function AuditPage() {
  const { L, M } = useI18n();
  const { me } = useSession();
  const { modal, message } = App.useApp();
  const mayVerify = me?.user.role === 'platform_admin' || me?.user.role === 'office';
  return (
    <ServerTable<AuditRow> queryKey="audit" url="/api/audit" exportUrl="/api/audit/export.xlsx" rowKey="id"
      extra={mayVerify && <Button data-testid="audit-verify" onClick={async () => {
        try {
          const r = await get<{ ok: boolean; checked: number; problems: { id: number; reason: string }[] }>('/api/audit/verify');
          if (r.ok) modal.success({ title: L(`哈希链完整：已校验 ${r.checked} 条`, `Chain intact: ${r.checked} rows checked`) });
          else modal.error({ title: L('哈希链被破坏', 'The chain is broken'), content: r.problems.slice(0, 20).map((p) => <div key={`${p.id}${p.reason}`}>#{p.id} {p.reason === 'HASH_MISMATCH' ? L('内容被修改', 'content altered') : L('前后链接断开（有记录被删除）', 'link broken (a row was removed)')}</div>) });
        } catch (e) { if (e instanceof ApiError) message.error(M(e.text)); }
      }}>{L('校验哈希链', 'Verify chain')}</Button>}
      filters={<>
        <Form.Item name="entityType"><Input placeholder={L('对象类型', 'Entity type')} allowClear style={{ width: 140 }} /></Form.Item>
        <Form.Item name="action"><Input placeholder={L('操作', 'Action')} allowClear style={{ width: 160 }} /></Form.Item>
        <Form.Item name="actor"><Input placeholder={L('操作人用户名', 'Actor username')} allowClear style={{ width: 140 }} /></Form.Item>
        <Form.Item name="from" getValueFromEvent={(d) => d?.toISOString()} getValueProps={() => ({})}><DatePicker placeholder={L('起', 'From')} /></Form.Item>
        <Form.Item name="to" getValueFromEvent={(d) => d?.toISOString()} getValueProps={() => ({})}><DatePicker placeholder={L('止', 'To')} /></Form.Item>
      </>}
      columns={[
        { title: '#', dataIndex: 'id' },
        { title: L('时间', 'Time'), dataIndex: 'at', render: (d: string) => shanghai(d) },
        { title: L('操作人', 'Actor'), dataIndex: 'actorLabel' },
        { title: L('操作', 'Action'), dataIndex: 'action' },
        { title: L('对象', 'Entity'), dataIndex: 'entityType' },
        { title: L('变更', 'Change'), key: 'diff', render: (_v, r) => <details><summary>{L('查看', 'Show')}</summary><pre style={{ maxWidth: 520, whiteSpace: 'pre-wrap', fontSize: 12 }}>{JSON.stringify({ before: r.before, after: r.after }, null, 1)}</pre></details> },
      ]} />
  );
}
