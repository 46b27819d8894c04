import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Space, Table, Tabs, Tag } from 'antd';
import { ApiError, get, post, api } from '../api';
import { shanghai, tonnes, useI18n, useLabel } from '../i18n';
import { useSession } from '../session';
import { statusColour } from './Organisations';
import { OrganisationLicences, type LicenceRecord } from './OrganisationLicences';
import { OrganisationCredentials } from '../components/OrganisationCredentials';
import { CreditCard } from '../components/CreditCard';

interface Detail {
  id: string; name: string; kind: string; creditCode: string; regionCode: string; regionName: string; capabilities: string[]; domain: string | null; industry: string | null;
  address: string; longitude: number | null; latitude: number | null; contactName: string; contactPhone: string; status: string; rejectionReason: string | null; createdAt: string;
  licences: LicenceRecord[];
  vehicles: { id: string; plate: string; vehicleType: string; loadT: number; dgPermitNo: string | null }[];
  drivers: { id: string; name: string; phone: string; licenceNo: string; qualificationNo: string | null; username: string | null }[];
  permissions: string[];
  licencePermissions: string[];
}

export default function OrganisationDetailPage({ idOverride }: { idOverride?: string }) {
  const params = useParams();
  const id = idOverride ?? params.id!;
  const { L, M, lang } = useI18n();
  const label = useLabel();
  const { enums, refresh, me } = useSession();
  const { message } = App.useApp();
  const client = useQueryClient();
  const query = useQuery({ queryKey: ['organisation', id], queryFn: () => get<Detail>(`/api/organisations/${id}`) });
  const [rejecting, setRejecting] = useState(false);
  const [editing, setEditing] = useState<'update' | 'resubmit' | null>(null);
  const [adding, setAdding] = useState<'vehicles' | 'drivers' | null>(null);
  const reload = () => { client.invalidateQueries({ queryKey: ['organisation', id] }); client.invalidateQueries({ queryKey: ['organisations'] }); refresh(); };
  const act = async (fn: () => Promise<unknown>, ok: string) => {
    try { await fn(); message.success(ok); reload(); return true; } catch (e) { if (e instanceof ApiError) message.error(M(e.text)); return false; }
  };
  if (query.error) return <Alert type="error" showIcon message={query.error instanceof ApiError ? M(query.error.text) : String(query.error)} data-testid="org-error" />;
  const o = query.data;
  if (!o) return <Card loading />;
  const can = (p: string) => o.permissions.includes(p);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={o.name} extra={<Space>
        {o.kind === 'enterprise' && me?.user.role !== 'driver' && <Link to={`/organisations/${id}/history`} data-testid="org-history"><Button>{L('企业档案', 'History')}</Button></Link>}
        {can('verify') && <Button type="primary" data-testid="org-verify" onClick={() => act(() => post(`/api/organisations/${id}/verify`), L('已审核通过', 'Verified'))}>{L('审核通过', 'Verify')}</Button>}
        {can('verify') && <Button danger data-testid="org-reject" onClick={() => setRejecting(true)}>{L('驳回', 'Reject')}</Button>}
        {can('update') && <Button onClick={() => setEditing('update')}>{L('编辑', 'Edit')}</Button>}
        {can('resubmit') && <Button type="primary" data-testid="org-resubmit" onClick={() => setEditing('resubmit')}>{L('修改并重新提交', 'Correct and resubmit')}</Button>}
      </Space>}>
        {o.status === 'rejected' && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={L('驳回原因', 'Reason for rejection')} description={o.rejectionReason} data-testid="org-rejection" />}
        <Descriptions column={{ xs: 1, md: 2 }} bordered size="small">
          <Descriptions.Item label={L('统一社会信用代码', 'Credit code')}>{o.creditCode}</Descriptions.Item>
          <Descriptions.Item label={L('状态', 'Status')}><Tag color={statusColour[o.status]} data-testid="org-detail-status">{label(enums?.orgStatuses, o.status)}</Tag></Descriptions.Item>
          <Descriptions.Item label={L('所在区划', 'Region')}>{o.regionName}（{o.regionCode}）</Descriptions.Item>
          <Descriptions.Item label={L('类别', 'Capabilities')}>{o.kind === 'government' ? label(enums?.domains, o.domain) : o.capabilities.map((c) => <Tag key={c}>{label(enums?.capabilities, c)}</Tag>)}</Descriptions.Item>
          <Descriptions.Item label={L('地址', 'Address')}>{o.address}</Descriptions.Item>
          <Descriptions.Item label={L('坐标', 'Coordinates')}>{o.longitude !== null ? `${o.longitude}, ${o.latitude}` : ''}</Descriptions.Item>
          <Descriptions.Item label={L('联系人', 'Contact')}>{o.contactName} {o.contactPhone}</Descriptions.Item>
          <Descriptions.Item label={L('登记时间', 'Registered')}>{shanghai(o.createdAt)}</Descriptions.Item>
        </Descriptions>
      </Card>
      {o.kind === 'enterprise' && (
        <Card>
          <Tabs items={[
            { key: 'licences', label: L('经营许可证', 'Licences'), children: <OrganisationLicences organisationId={id} licences={o.licences}
              canAdd={can('manage') && o.capabilities.includes('receiver')} permissions={o.licencePermissions} onChange={reload} /> },
            { key: 'vehicles', label: L('车辆', 'Vehicles'), children: <>
              {can('manage') && o.capabilities.includes('transporter') && <Button onClick={() => setAdding('vehicles')} style={{ marginBottom: 8 }}>{L('登记车辆', 'Add vehicle')}</Button>}
              <Table rowKey="id" size="small" pagination={false} dataSource={o.vehicles} columns={[
                { title: L('车牌', 'Plate'), dataIndex: 'plate' }, { title: L('车型', 'Type'), dataIndex: 'vehicleType' },
                { title: L('核定载质量', 'Load'), dataIndex: 'loadT', render: (t: number) => tonnes(t, lang) }, { title: L('危货运输许可', 'DG permit'), dataIndex: 'dgPermitNo' },
              ]} /></> },
            { key: 'drivers', label: L('驾驶员', 'Drivers'), children: <>
              {can('manage') && o.capabilities.includes('transporter') && <Button onClick={() => setAdding('drivers')} style={{ marginBottom: 8 }}>{L('登记驾驶员', 'Add driver')}</Button>}
              <Table rowKey="id" size="small" pagination={false} dataSource={o.drivers} columns={[
                { title: L('姓名', 'Name'), dataIndex: 'name' }, { title: L('电话', 'Phone'), dataIndex: 'phone' }, { title: L('驾驶证号', 'Licence'), dataIndex: 'licenceNo' },
                { title: L('从业资格证', 'Qualification'), dataIndex: 'qualificationNo' }, { title: L('登录账号', 'Account'), dataIndex: 'username' },
              ]} /></> },
            ...(me?.user.role !== 'driver' ? [{ key: 'credentials', label: <span data-testid="org-tab-credentials">{L('资质与认证', 'Credentials')}</span>, children: <OrganisationCredentials organisationId={id} /> }] : []),
          ]} />
        </Card>
      )}
      {/* 企业环境信用 (issue 18): the server answers only an official of the area or the enterprise itself. */}
      {o.kind === 'enterprise' && o.status === 'verified' && me?.user.role !== 'driver' && <CreditCard organisationId={id} />}
      <Modal open={rejecting} title={L('驳回注册', 'Reject the registration')} onCancel={() => setRejecting(false)} footer={null} destroyOnHidden>
        <Form layout="vertical" onFinish={async (v) => { if (await act(() => post(`/api/organisations/${id}/reject`, v), L('已驳回', 'Rejected'))) setRejecting(false); }}>
          <Form.Item name="reason" label={L('驳回原因（企业可见）', 'Reason (shown to the company)')} rules={[{ required: true, min: 2 }]}><Input.TextArea rows={3} data-testid="reject-reason" /></Form.Item>
          <Button danger htmlType="submit" data-testid="reject-confirm">{L('确认驳回', 'Reject')}</Button>
        </Form>
      </Modal>
      <Modal open={!!editing} title={editing === 'resubmit' ? L('修改并重新提交', 'Correct and resubmit') : L('编辑单位', 'Edit')} onCancel={() => setEditing(null)} footer={null} destroyOnHidden>
        <Form layout="vertical" initialValues={{ name: o.name, creditCode: o.creditCode, address: o.address, contactName: o.contactName, contactPhone: o.contactPhone }}
          onFinish={async (v) => {
            const ownUpdate = editing === 'update' && o.permissions.includes('manage') && !o.permissions.includes('verify');
            const body = ownUpdate ? { address: v.address, contactName: v.contactName, contactPhone: v.contactPhone } : v;
            if (await act(() => (editing === 'resubmit' ? post(`/api/organisations/${id}/resubmit`, body) : api('PATCH', `/api/organisations/${id}`, body)), L('已保存', 'Saved'))) setEditing(null);
          }}>
          <Form.Item name="name" label={L('名称', 'Name')}><Input data-testid="edit-name" /></Form.Item>
          <Form.Item name="creditCode" label={L('统一社会信用代码', 'Credit code')}><Input maxLength={18} /></Form.Item>
          <Form.Item name="address" label={L('地址', 'Address')}><Input data-testid="edit-address" /></Form.Item>
          <Form.Item name="contactName" label={L('联系人', 'Contact')}><Input /></Form.Item>
          <Form.Item name="contactPhone" label={L('联系电话', 'Phone')}><Input /></Form.Item>
          <Button type="primary" htmlType="submit" data-testid="edit-save">{editing === 'resubmit' ? L('重新提交审核', 'Resubmit') : L('保存', 'Save')}</Button>
        </Form>
      </Modal>
      <Modal open={!!adding} title={L('登记', 'Add')} onCancel={() => setAdding(null)} footer={null} destroyOnHidden>
        <Form layout="vertical" onFinish={async (v) => {
          if (await act(() => post(`/api/organisations/${id}/${adding}`, v), L('已登记', 'Added'))) setAdding(null);
        }}>
          {adding === 'vehicles' && <>
            <Form.Item name="plate" label={L('车牌号', 'Plate')} rules={[{ required: true }]}><Input placeholder="鲁P12345" /></Form.Item>
            <Form.Item name="vehicleType" label={L('车型', 'Type')} rules={[{ required: true }]}><Input /></Form.Item>
            <Form.Item name="loadT" label={L('核定载质量（吨）', 'Load (t)')} rules={[{ required: true }]}><InputNumber min={0.1} max={100} style={{ width: '100%' }} /></Form.Item>
            <Form.Item name="dgPermitNo" label={L('道路危险货物运输许可证号', 'Dangerous-goods permit')}><Input /></Form.Item>
          </>}
          {adding === 'drivers' && <>
            <Form.Item name="name" label={L('姓名', 'Name')} rules={[{ required: true }]}><Input /></Form.Item>
            <Form.Item name="phone" label={L('电话', 'Phone')} rules={[{ required: true }]}><Input /></Form.Item>
            <Form.Item name="licenceNo" label={L('驾驶证号', 'Driving licence')} rules={[{ required: true }]}><Input /></Form.Item>
            <Form.Item name="qualificationNo" label={L('从业资格证号', 'Qualification')}><Input /></Form.Item>
            <Form.Item name="username" label={L('关联驾驶员账号（可选）', 'Driver account (optional)')}><Input /></Form.Item>
          </>}
          <Button type="primary" htmlType="submit">{L('保存', 'Save')}</Button>
        </Form>
      </Modal>
    </Space>
  );
}
