import { Link } from 'react-router-dom';
import { Alert, Button, Card, Descriptions, Space } from 'antd';
import { useI18n, useLabel } from '../i18n';
import { useSession } from '../session';
import { ResidentHome } from '../components/ResidentHome';

export default function HomePage() {
  const { L } = useI18n();
  const label = useLabel();
  const { me, enums } = useSession();
  if (!me) return null;
  const org = me.organisation;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      {org?.kind === 'enterprise' && org.status === 'pending' && (
        <Alert type="info" showIcon data-testid="pending-alert" message={L('贵单位正在等待所在地监管部门审核', 'Your company is awaiting verification by the regulator')} description={L('审核通过后即可使用台账、联单等功能。', 'Ledger, manifests and the rest open once it is verified.')} />
      )}
      {org?.kind === 'enterprise' && org.status === 'rejected' && (
        <Alert type="warning" showIcon data-testid="rejected-alert" message={L('注册申请被驳回', 'Your registration was rejected')} description={<>{L('原因：', 'Reason: ')}{org.rejectionReason} <Link to="/my-organisation"><Button size="small">{L('修改后重新提交', 'Correct and resubmit')}</Button></Link></>} />
      )}
      <Card title={L(`欢迎，${me.user.displayName}`, `Welcome, ${me.user.displayName}`)}>
        <Descriptions column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={L('角色', 'Role')}>{label(enums?.roles, me.user.role)}</Descriptions.Item>
          <Descriptions.Item label={L('所在区划', 'Region')}>{me.region.name}（{me.region.code}）</Descriptions.Item>
          {org && <Descriptions.Item label={L('单位', 'Organisation')}>{org.name}</Descriptions.Item>}
          {org && <Descriptions.Item label={L('审核状态', 'Status')}><span data-testid="org-status">{label(enums?.orgStatuses, org.status)}</span></Descriptions.Item>}
        </Descriptions>
      </Card>
      {me.user.role === 'resident' && <ResidentHome regionCode={me.region.code} />}
    </Space>
  );
}
