import { App, Button, DatePicker, Form, Input, Select, Space, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ServerTable } from '../components/ServerTable';
import { ApiError, get, post } from '../api';
import { shanghai, useI18n } from '../i18n';
import { useSession } from '../session';
import { AUDIT_ENTITIES, actionOptions, type AuditChange, type Bilingual } from '../../domain/audit-words';

interface AuditRow {
  id: number; at: string; actorLabel: string; action: string; entityType: string; entityId: string; regionCode: string | null; ip: string | null;
  actorName: string | null; actorOrganisation: string | null; targetName: string | null; summary: Bilingual; changes: AuditChange[];
}

const ACTION_GROUPS = actionOptions();
const ENTITY_OPTIONS = Object.entries(AUDIT_ENTITIES).map(([value, [zh, en]]) => ({ value, zh, en }));

/** The field-level differences: 字段：旧值 → 新值, the first three in view and the rest one click away. */
function Changes({ changes }: { changes: AuditChange[] }) {
  const { L, M } = useI18n();
  if (!changes.length) return <Typography.Text type="secondary">—</Typography.Text>;
  const line = (c: AuditChange) => (
    <div key={c.field} data-testid="audit-change" style={{ whiteSpace: 'normal' }}>
      <Typography.Text strong>{M(c.label)}</Typography.Text>{L('：', ': ')}
      {c.before && <><Typography.Text delete type="secondary">{M(c.before)}</Typography.Text>{' → '}</>}
      <Typography.Text>{M(c.after)}</Typography.Text>
    </div>
  );
  return (
    <div style={{ maxWidth: 420, fontSize: 13 }}>
      {changes.slice(0, 3).map(line)}
      {changes.length > 3 && <details><summary style={{ cursor: 'pointer' }}>{L(`另 ${changes.length - 3} 项`, `${changes.length - 3} more`)}</summary>{changes.slice(3).map(line)}</details>}
    </div>
  );
}

// What each verification problem means (audit/service.ts PROBLEM_TEXT).
const REASONS: Record<string, [string, string]> = {
  HASH_MISMATCH: ['内容被修改（链哈希不符）', 'content altered (chain hash does not match)'],
  BROKEN_LINK: ['前后链接断开（有记录被删除）', 'link broken (a row was removed)'],
  MAC_INVALID: ['写入后内容被修改（校验码不符）', 'altered after it was written (MAC does not match)'],
  FOREIGN: ['非本系统写入（绕过应用直接插入）', 'not written by the application (inserted directly)'],
  REPLAYED: ['重复插入的已有记录', 'an earlier row inserted again'],
  KEY_MISMATCH: ['审计密钥与本库不符', 'the audit key is not the one that sealed this database'],
  TRUNCATED: ['自上次签名导出后末尾记录被删除', 'rows cut from the end since the last signed export'],
  HEAD_MISMATCH: ['上次签名导出的链头已被改写', 'the chain was rewritten since the last signed export'],
  EXPORT_SIGNATURE_INVALID: ['导出文件签名无效（被篡改）', 'the export file’s signature does not verify'],
};

interface AuditStatus {
  publicKey: { id: string } | null;
  lastExport: { exportedAt: string; head: { id: number; count: number } | null } | null;
  lastVerification: { verifiedAt: string; ok: boolean; checked: number; problems: number } | null;
  exportMinutes: number;
}

/** The platform administrator's line: the signing key, the last signed export and the last verification. */
function ChainStatus() {
  const { L, M } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const status = useQuery({ queryKey: ['audit-status'], queryFn: () => get<AuditStatus>('/api/audit/status') });
  const s = status.data;
  if (!s) return null;
  return (
    <Space size="small" data-testid="audit-chain-status">
      <Typography.Text type="secondary">
        {s.lastExport ? L(`上次签名导出 ${shanghai(s.lastExport.exportedAt)}（${s.lastExport.head?.count ?? 0} 条）`, `Last signed export ${shanghai(s.lastExport.exportedAt)} (${s.lastExport.head?.count ?? 0} rows)`) : L('尚无签名导出', 'No signed export yet')}
        {' · '}
        {s.lastVerification ? L(`上次校验 ${shanghai(s.lastVerification.verifiedAt)}：${s.lastVerification.ok ? '完整' : `${s.lastVerification.problems} 个问题`}`, `Last verified ${shanghai(s.lastVerification.verifiedAt)}: ${s.lastVerification.ok ? 'intact' : `${s.lastVerification.problems} problem(s)`}`) : L('尚未校验', 'Not verified yet')}
        {s.publicKey && ` · ${L('公钥', 'key')} ${s.publicKey.id}`}
      </Typography.Text>
      <Button size="small" onClick={async () => {
        try { await post('/api/audit/export'); await client.invalidateQueries({ queryKey: ['audit-status'] }); }
        catch (e) { if (e instanceof ApiError) message.error(M(e.text)); }
      }}>{L('立即导出链头', 'Export head now')}</Button>
    </Space>
  );
}

export default function AuditPage() {
  const { L, M, lang } = useI18n();
  const { modal, message } = App.useApp();
  const pick = (w: Bilingual) => (lang === 'zh' ? w.zh : w.en);
  const client = useQueryClient();
  const { may } = useSession();
  const mayVerify = may('audit.verify');
  return (
    <ServerTable<AuditRow> queryKey="audit" title={L('审计日志', 'Audit log')} url="/api/audit" exportUrl="/api/audit/export.xlsx" rowKey="id"
      extra={mayVerify && <Space>{may('audit.status') && <ChainStatus />}<Button data-testid="audit-verify" onClick={async () => {
        try {
          const r = await get<{ ok: boolean; checked: number; problems: { id: number; reason: string; detail?: string }[] }>('/api/audit/verify');
          if (r.ok) modal.success({ title: L(`审计链完整：已校验 ${r.checked} 条`, `Chain intact: ${r.checked} rows checked`) });
          else modal.error({ title: L('审计链被破坏', 'The chain is broken'), content: r.problems.slice(0, 20).map((p) => <div key={`${p.id}${p.reason}`}>#{p.id} {REASONS[p.reason] ? L(...REASONS[p.reason]) : p.reason}{p.detail ? `（${p.detail}）` : ''}</div>) });
          await client.invalidateQueries({ queryKey: ['audit-status'] });
        } catch (e) { if (e instanceof ApiError) message.error(M(e.text)); }
      }}>{L('校验审计链', 'Verify chain')}</Button></Space>}
      filters={<>
        <Form.Item name="entityType"><Select data-testid="audit-entity-filter" placeholder={L('对象类型', 'Record type')} allowClear showSearch optionFilterProp="label" style={{ width: 160 }}
          options={ENTITY_OPTIONS.map((e) => ({ value: e.value, label: lang === 'zh' ? e.zh : e.en }))} /></Form.Item>
        <Form.Item name="action"><Select data-testid="audit-action-filter" placeholder={L('操作', 'Action')} allowClear showSearch optionFilterProp="label" style={{ width: 240 }} popupMatchSelectWidth={false}
          options={ACTION_GROUPS.map((g) => ({ label: pick(g.label), title: g.area, options: g.actions.map((a) => ({ value: a.value, label: pick(a.label) })) }))} /></Form.Item>
        <Form.Item name="actor"><Input placeholder={L('操作人用户名', 'Actor username')} allowClear style={{ width: 140 }} /></Form.Item>
        <Form.Item name="from" getValueFromEvent={(d) => d?.toISOString()} getValueProps={() => ({})}><DatePicker placeholder={L('起', 'From')} /></Form.Item>
        <Form.Item name="to" getValueFromEvent={(d) => d?.toISOString()} getValueProps={() => ({})}><DatePicker placeholder={L('止', 'To')} /></Form.Item>
      </>}
      columns={[
        // The sentence first (on a phone it is what shows without scrolling), with the action's code beside it in small type.
        { title: L('操作', 'What happened'), key: 'summary', render: (_v, r) => (
          <div style={{ minWidth: 200, maxWidth: 420, whiteSpace: 'normal' }}>
            <div data-testid="audit-summary">{pick(r.summary)}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>#{r.id} · {r.action}</Typography.Text>
          </div>
        ) },
        { title: L('变更', 'Changes'), key: 'changes', render: (_v, r) => <Changes changes={r.changes} /> },
        { title: L('时间', 'Time'), dataIndex: 'at', render: (d: string) => <span style={{ whiteSpace: 'nowrap' }}>{shanghai(d)}</span> },
        { title: L('操作人', 'Actor'), key: 'actor', render: (_v, r) => (
          <div style={{ minWidth: 96 }}>
            <div>{r.actorName ?? (r.actorLabel === 'system' ? L('系统', 'System') : r.actorLabel)}</div>
            {r.actorOrganisation && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.actorOrganisation}</Typography.Text>}
          </div>
        ) },
      ]} />
  );
}
