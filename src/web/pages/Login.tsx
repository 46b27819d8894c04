import { useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError, post } from '../api';
import { LangSwitch, useI18n } from '../i18n';
import { rememberLogin, useSession, type Me } from '../session';

export function LoginPage() {
  const { L, M } = useI18n();
  const { me } = useSession();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const next = params.get('next');
  const target = next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
  if (me) return <Navigate to={target} replace />;
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: 'linear-gradient(135deg,#e8f5ee,#f7faf8)', padding: 16 }}>
      <Card style={{ width: 380, maxWidth: '100%' }}>
        <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }}>
          <Typography.Title level={4} style={{ margin: 0 }}>{L('无废城市信息化监管平台', 'Zero-Waste City platform')}</Typography.Title>
          <LangSwitch />
        </Space>
        <Typography.Paragraph type="secondary">{L('请登录', 'Please log in')}</Typography.Paragraph>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="login-error" />}
        <Form layout="vertical" onFinish={async (v) => {
          setBusy(true);
          setError(null);
          try {
            const m = await post<Me>('/api/auth/login', v);
            rememberLogin(client, m);
            if (next && next.match(/^\/(print|scan)\//)) window.location.assign(next);
            else navigate(target, { replace: true });
          } catch (e) {
            setError(e instanceof ApiError ? M(e.text) : String(e));
          } finally {
            setBusy(false);
          }
        }}>
          <Form.Item name="username" label={L('用户名', 'Username')} rules={[{ required: true, message: L('请输入用户名', 'Enter your username') }]}>
            <Input data-testid="login-username" autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={L('密码', 'Password')} rules={[{ required: true, message: L('请输入密码', 'Enter your password') }]}>
            <Input.Password data-testid="login-password" autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">{L('登录', 'Log in')}</Button>
        </Form>
        <div style={{ marginTop: 16, textAlign: 'center' }}><Space split="·" wrap><Link to="/public" data-testid="portal-link">{L('公众服务', 'For the public')}</Link><Link to="/register" data-testid="register-link">{L('企业注册', 'Register your enterprise')}</Link><Link to="/supply" data-testid="supply-link">{L('再生产品供求信息', 'Recycled products')}</Link></Space></div>
      </Card>
    </div>
  );
}
