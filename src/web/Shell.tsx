import { useEffect, useState, type ReactNode } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { Button, Form, Input, Layout, Menu, Modal, Result, Space, Tag, Typography, App } from 'antd';
import { AuditOutlined, ApartmentOutlined, BankOutlined, BookOutlined, ClusterOutlined, HomeOutlined, KeyOutlined, SwapOutlined, TeamOutlined, InboxOutlined, FileTextOutlined, FileDoneOutlined, FundOutlined, ScheduleOutlined, DashboardOutlined, ProjectOutlined, AlertOutlined, CarOutlined, EyeOutlined, ApiOutlined, NodeIndexOutlined, BuildOutlined } from '@ant-design/icons';
import { DatabaseOutlined } from '@ant-design/icons';
import { FormOutlined } from '@ant-design/icons';
import { ShopOutlined } from '@ant-design/icons';
import { CodeSandboxOutlined, GatewayOutlined } from '@ant-design/icons';
import { BarChartOutlined } from '@ant-design/icons';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { CoffeeOutlined, GiftOutlined, RestOutlined } from '@ant-design/icons';
import { AppstoreOutlined, ExperimentOutlined, GoldOutlined, MedicineBoxOutlined } from '@ant-design/icons';
import { GlobalOutlined, MenuOutlined } from '@ant-design/icons';
import { NotificationOutlined } from '@ant-design/icons';
import { LangSwitch, useI18n, useLabel } from './i18n';
import { useSession } from './session';
import { ApiError, post } from './api';
import { onRefused } from './refusals';

// Icons by page key; which pages appear, and their names, come from the server.
const PAGE_ICONS: Record<string, ReactNode> = {
  '/': <HomeOutlined />,
  '/indicators': <FundOutlined />,
  '/statistics': <BarChartOutlined />,
  '/screen': <DashboardOutlined />,
  '/tasks': <ScheduleOutlined />,
  '/registers': <SafetyCertificateOutlined />,
  '/projects': <ProjectOutlined />,
  '/live': <CarOutlined />,
  '/alarms': <AlertOutlined />,
  '/supervision': <EyeOutlined />,
  '/rounds': <NodeIndexOutlined />,
  '/construction': <BuildOutlined />,
  '/household': <RestOutlined />,
  '/green': <GiftOutlined />,
  '/green/station': <GiftOutlined />,
  '/green/me': <GiftOutlined />,
  '/complaints': <NotificationOutlined />,
  '/report': <NotificationOutlined />,
  '/recycle': <GiftOutlined />,
  '/recycling/bookings': <GiftOutlined />,
  '/recycling/collector': <CarOutlined />,
  '/kitchen': <CoffeeOutlined />,
  '/agri': <AppstoreOutlined />,
  '/recycling': <AppstoreOutlined />,
  '/agri/straw': <GatewayOutlined />,
  '/agri/film': <CodeSandboxOutlined />,
  '/agri/pesticide': <ExperimentOutlined />,
  '/agri/carcass': <MedicineBoxOutlined />,
  '/agri/carcass/driver': <CarOutlined />,
  '/agri/farms': <GoldOutlined />,
  '/recycling/reports': <ScheduleOutlined />,
  '/surveys': <FormOutlined />,
  '/cells': <ShopOutlined />,
  '/portal': <GlobalOutlined />,
  '/credit': <SafetyCertificateOutlined />,
  '/recycling/station': <InboxOutlined />,
  '/recycling/network': <ClusterOutlined />,
  '/exchange': <ShopOutlined />,
  '/inspections': <AuditOutlined />,
  '/cases': <FileDoneOutlined />,
  '/driver': <CarOutlined />,
  '/manifests': <SwapOutlined />,
  '/store': <InboxOutlined />,
  '/bulk-storage': <DatabaseOutlined />,
  '/plans': <FileTextOutlined />,
  '/declarations': <FileDoneOutlined />,
  '/my-organisation': <BankOutlined />,
  '/organisations': <BankOutlined />,
  '/regions': <ClusterOutlined />,
  '/users': <TeamOutlined />,
  '/tokens': <KeyOutlined />,
  '/webhooks': <ApiOutlined />,
  '/catalogues': <BookOutlined />,
  '/audit': <AuditOutlined />,
};

export function Shell() {
  const { me, logout, enums } = useSession();
  // English names are longer: the menu widens so that none is cut.
  const { L, lang } = useI18n();
  const label = useLabel();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  // Below the md breakpoint (a phone) the menu is a drawer over the page, opened from ☰ in the header:
  // Ant Design's own trigger stuck out over the page title, and an open menu squeezed the page beside it.
  const [narrow, setNarrow] = useState(false);
  const [pwOpen, setPwOpen] = useState(false);
  const { message } = App.useApp();
  // One notice per kind of refusal, in words, while the page shows what it could load.
  useEffect(() => onRefused((text, code) => message.warning({ key: `refused-${code}`, content: L(`部分内容无权查看：${text.zh}`, `Part of this page is not yours to see: ${text.en}`), duration: 6 })), [message, L]);
  // The menu is the server's list of pages this person may open (src/server/platform/pages.ts).
  const items = (me?.pages ?? []).map((p) => ({ key: p.key, icon: PAGE_ICONS[p.key] ?? <AppstoreOutlined />, label: <span data-testid={`menu-${p.key.replace('/', '') || 'home'}`}>{L(p.zh, p.en)}</span> }));
  // A page the server does not offer this person (an old link, a typed address) says so in words
  // instead of opening on calls that would all be refused.
  const known = Object.keys(PAGE_ICONS).filter((k) => k !== '/' && (location.pathname === k || location.pathname.startsWith(`${k}/`))).sort((a, b) => b.length - a.length)[0];
  const refused = !!me && !!known && !me.pages.some((p) => p.key === known);
  const selected = items.map((i) => i.key).filter((k) => k !== '/' && location.pathname.startsWith(k)).sort((a, b) => b.length - a.length)[0] ?? '/';
  return (
    <Layout style={{ minHeight: '100vh' }}>
      {narrow && !collapsed && <div data-testid="menu-mask" onClick={() => setCollapsed(true)} style={{ position: 'fixed', inset: 0, background: 'rgba(0,0,0,0.25)', zIndex: 1000 }} />}
      <Layout.Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} breakpoint="md" onBreakpoint={(broken) => { setNarrow(broken); setCollapsed(broken); }}
        collapsedWidth={0} width={narrow ? 240 : lang === 'en' ? 256 : 200} theme="light" trigger={null}
        style={narrow ? { position: 'fixed', left: 0, top: 0, bottom: 0, zIndex: 1001, overflowY: 'auto', boxShadow: collapsed ? undefined : '2px 0 8px rgba(0,0,0,0.15)' } : undefined}>
        <div style={{ padding: '16px 12px', fontWeight: 600, color: '#1f7a4d' }}><ApartmentOutlined /> {L('无废城市监管平台', 'Zero-Waste City')}</div>
        <Menu mode="inline" selectedKeys={[selected]} items={items} onClick={(e) => { navigate(e.key); if (narrow) setCollapsed(true); }} />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: '0 16px', display: 'flex', justifyContent: 'flex-end', alignItems: 'center', gap: 12, flexWrap: 'wrap', height: 'auto', lineHeight: '48px' }}>
          {narrow && <Button type="text" icon={<MenuOutlined />} data-testid="menu-toggle" aria-label={L('菜单', 'Menu')} style={{ marginRight: 'auto' }} onClick={() => setCollapsed((c) => !c)} />}
          <Typography.Text>{me?.user.displayName}</Typography.Text>
          <Tag>{label(enums?.roles, me?.user.role)}</Tag>
          {me?.organisation && <Typography.Text type="secondary">{me.organisation.name}</Typography.Text>}
          <Typography.Text type="secondary" data-testid="header-region">{me?.region.name}</Typography.Text>
          <LangSwitch />
          <Button size="small" onClick={() => setPwOpen(true)}>{L('修改密码', 'Change password')}</Button>
          <Button size="small" data-testid="logout" onClick={async () => { await logout(); navigate('/login'); }}>{L('退出', 'Log out')}</Button>
        </Layout.Header>
        <Layout.Content style={{ margin: 16 }}>
          {refused
            ? <Result status="403" data-testid="page-refused" title={L('无权打开此页面', 'You may not open this page')}
                subTitle={L('此页面不在您的角色可用范围内。如需使用，请联系本单位管理员或无废办。', 'This page is not part of what your role may use. Ask your organisation’s administrator or the zero-waste office if you need it.')}
                extra={<Button type="primary" onClick={() => navigate('/')}>{L('返回首页', 'Back to home')}</Button>} />
            : <Outlet />}
        </Layout.Content>
        <Layout.Footer style={{ textAlign: 'center', color: '#888' }}>Wufei 无废 · <Link to="/api/docs" reloadDocument>API</Link></Layout.Footer>
      </Layout>
      <PasswordModal open={pwOpen} onClose={() => setPwOpen(false)} />
    </Layout>
  );
}

function PasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { L, M } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  return (
    <Modal open={open} title={L('修改密码', 'Change password')} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={async (v) => {
        try {
          await post('/api/auth/password', v);
          message.success(L('密码已修改，其他设备已退出登录', 'Password changed; other sessions ended'));
          onClose();
        } catch (e) {
          if (e instanceof ApiError) form.setFields(e.issues.map((i) => ({ name: i.path.split('.'), errors: [M(i.message)] })));
          if (e instanceof ApiError && !e.issues.length) message.error(M(e.text));
        }
      }}>
        <Form.Item name="currentPassword" label={L('当前密码', 'Current password')} rules={[{ required: true }]}><Input.Password /></Form.Item>
        <Form.Item name="newPassword" label={L('新密码（至少10位）', 'New password (10+ characters)')} rules={[{ required: true, min: 10 }]}><Input.Password /></Form.Item>
      </Form>
      <Space />
    </Modal>
  );
}
