import { Tag } from 'antd';
import { ServerTable } from './ServerTable';
import { useI18n } from '../i18n';
import { CREDENTIAL_KINDS, CREDENTIAL_LEVELS } from '../../domain/registers';

// A company's credentials (清洁生产审核, 绿色工厂, 无废工厂, 环境污染责任保险) on its page: the officials of
// its area and the company itself read them; the registers page (名录) records and ends them.

interface Row { id: string; kind: string; level: string | null; reference: string; issuedOn: string; validUntil: string | null; endedOn: string | null; status: 'in_force' | 'expired' | 'ended' }
const STATUS: Record<Row['status'], [string, string, string]> = { in_force: ['有效', 'In force', 'green'], expired: ['已过期', 'Expired', 'orange'], ended: ['已终止', 'Ended', 'default'] };

export function OrganisationCredentials({ organisationId }: { organisationId: string }) {
  const { L, lang } = useI18n();
  const label = (list: readonly { value: string; zh: string; en: string }[], v: string | null) => (v ? list.find((e) => e.value === v)?.[lang] ?? v : '—');
  return (
    <div data-testid="org-credentials">
      <ServerTable<Row> queryKey="org-credentials" url="/api/registers/credentials" rowKey="id" fixedFilters={{ organisationId }} columns={[
        { title: L('类型', 'Kind'), dataIndex: 'kind', render: (k: string) => label(CREDENTIAL_KINDS, k) },
        { title: L('级别', 'Level'), dataIndex: 'level', render: (l: string | null) => label(CREDENTIAL_LEVELS, l) },
        { title: L('证书/保单编号', 'Certificate or policy'), dataIndex: 'reference' },
        { title: L('发证日期', 'Issued'), dataIndex: 'issuedOn' },
        { title: L('有效期至', 'Valid until'), dataIndex: 'validUntil', render: (d: string | null) => d ?? L('长期', 'Open-ended') },
        { title: L('状态', 'Status'), dataIndex: 'status', render: (s: Row['status'], r) => <><Tag color={STATUS[s][2]}>{L(STATUS[s][0], STATUS[s][1])}</Tag>{r.endedOn ?? ''}</> },
      ]} />
    </div>
  );
}
