import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button, Card, Checkbox, Col, Form, Input, InputNumber, Result, Row, Space, Typography } from 'antd';
import { ApiError, post } from '../api';
import { LangSwitch, useI18n } from '../i18n';
import { useSession } from '../session';
import { RegionPicker } from '../components/RegionPicker';

/** 企业自主注册: the company and its first administrator, pending the regulator's verification. */
export default function RegisterPage() {
  const { L, M, lang } = useI18n();
  const { enums } = useSession();
  const [form] = Form.useForm();
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (done) {
    return <Result status="success" data-testid="register-done" title={L('已提交，等待所在地监管部门审核', 'Submitted, awaiting verification by your region’s regulator')}
      subTitle={L('审核通过前，您可以登录查看审核进度。', 'Until then you can log in to follow the review.')} extra={<Link to="/login"><Button type="primary">{L('去登录', 'Log in')}</Button></Link>} />;
  }
  const field = (name: string) => ({ 'data-testid': `reg-${name}` });
  return (
    <div style={{ maxWidth: 860, margin: '24px auto', padding: 16 }}>
      <Card title={L('企业注册', 'Register your enterprise')} extra={<Space><LangSwitch /><Link to="/login">{L('返回登录', 'Back to login')}</Link></Space>}>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="register-error" />}
        <Form form={form} layout="vertical" onFinish={async (v) => {
          setError(null);
          const { adminUsername, adminDisplayName, adminPassword, confirm: _c, ...org } = v;
          try {
            await post('/api/register/enterprise', {
              organisation: { ...org, capabilities: org.capabilities ?? [], longitude: org.longitude ?? undefined, latitude: org.latitude ?? undefined },
              admin: { username: adminUsername, displayName: adminDisplayName, password: adminPassword },
            });
            setDone(true);
          } catch (e) {
            if (!(e instanceof ApiError)) throw e;
            setError(M(e.text));
            const byField: Record<string, string> = { 'admin.username': 'adminUsername', 'admin.password': 'adminPassword', 'admin.displayName': 'adminDisplayName' };
            form.setFields(e.issues.map((i) => ({ name: byField[i.path] ?? i.path.replace(/^organisation\./, ''), errors: [M(i.message)] })));
          }
        }}>
          <Typography.Title level={5}>{L('单位信息', 'Company')}</Typography.Title>
          <Row gutter={16}>
            <Col xs={24} md={12}><Form.Item name="name" label={L('单位名称', 'Name')} rules={[{ required: true, min: 2 }]}><Input {...field('name')} /></Form.Item></Col>
            <Col xs={24} md={12}><Form.Item name="creditCode" label={L('统一社会信用代码', 'Unified social credit code')} rules={[{ required: true, len: 18, message: L('应为18位', '18 characters') }]}><Input {...field('creditCode')} maxLength={18} /></Form.Item></Col>
            <Col xs={24} md={12}><Form.Item name="regionCode" label={L('所在区划', 'Region')} rules={[{ required: true }]}><RegionPicker testId="reg-region" /></Form.Item></Col>
            <Col xs={24} md={12}><Form.Item name="address" label={L('生产经营场所地址', 'Address')}><Input {...field('address')} /></Form.Item></Col>
            <Col xs={24}><Form.Item name="capabilities" label={L('单位类别', 'Capabilities')}><Checkbox.Group options={(enums?.capabilities ?? []).map((c) => ({ value: c.value, label: lang === 'zh' ? c.zh : c.en }))} {...field('capabilities')} /></Form.Item></Col>
            <Col xs={12} md={6}><Form.Item name="longitude" label={L('经度', 'Longitude')}><InputNumber min={73} max={136} step={0.0001} style={{ width: '100%' }} /></Form.Item></Col>
            <Col xs={12} md={6}><Form.Item name="latitude" label={L('纬度', 'Latitude')}><InputNumber min={3} max={54} step={0.0001} style={{ width: '100%' }} /></Form.Item></Col>
            <Col xs={12} md={6}><Form.Item name="contactName" label={L('联系人', 'Contact')}><Input {...field('contactName')} /></Form.Item></Col>
            <Col xs={12} md={6}><Form.Item name="contactPhone" label={L('联系电话', 'Phone')}><Input {...field('contactPhone')} /></Form.Item></Col>
          </Row>
          <Typography.Title level={5}>{L('管理员账号', 'Administrator account')}</Typography.Title>
          <Row gutter={16}>
            <Col xs={24} md={8}><Form.Item name="adminUsername" label={L('用户名', 'Username')} rules={[{ required: true }]}><Input {...field('username')} autoComplete="off" /></Form.Item></Col>
            <Col xs={24} md={8}><Form.Item name="adminDisplayName" label={L('姓名', 'Name')} rules={[{ required: true }]}><Input {...field('displayName')} /></Form.Item></Col>
            <Col xs={24} md={8} />
            <Col xs={24} md={8}><Form.Item name="adminPassword" label={L('密码（至少10位）', 'Password (10+ characters)')} rules={[{ required: true, min: 10 }]}><Input.Password {...field('password')} autoComplete="new-password" /></Form.Item></Col>
            <Col xs={24} md={8}><Form.Item name="confirm" label={L('确认密码', 'Confirm password')} dependencies={['adminPassword']} rules={[{ required: true }, ({ getFieldValue }) => ({ validator: (_r, v) => (v === getFieldValue('adminPassword') ? Promise.resolve() : Promise.reject(new Error(L('两次密码不一致', 'The passwords differ')))) })]}><Input.Password {...field('confirm')} /></Form.Item></Col>
          </Row>
          <Button type="primary" htmlType="submit" data-testid="reg-submit">{L('提交注册', 'Submit')}</Button>
        </Form>
      </Card>
    </div>
  );
}
