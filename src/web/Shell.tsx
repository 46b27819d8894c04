import { useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { Button, Form, Input, Layout, Menu, Modal, Space, Tag, Typography, App } from 'antd';
import { AuditOutlined, ApartmentOutlined, BankOutlined, BookOutlined, ClusterOutlined, HomeOutlined, KeyOutlined, SwapOutlined, TeamOutlined, InboxOutlined, FileTextOutlined, FileDoneOutlined, FundOutlined, ScheduleOutlined, DashboardOutlined, ProjectOutlined, AlertOutlined, CarOutlined, EyeOutlined, ApiOutlined, NodeIndexOutlined, BuildOutlined } from '@ant-design/icons';
import { DatabaseOutlined } from '@ant-design/icons';
import { FormOutlined } from '@ant-design/icons';
import { ShopOutlined } from '@ant-design/icons';
import { CodeSandboxOutlined, GatewayOutlined } from '@ant-design/icons';
import { BarChartOutlined } from '@ant-design/icons';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { CoffeeOutlined, GiftOutlined, RestOutlined } from '@ant-design/icons';
import { AppstoreOutlined, ExperimentOutlined, GoldOutlined, MedicineBoxOutlined } from '@ant-design/icons';
import { GlobalOutlined } from '@ant-design/icons';
import { NotificationOutlined } from '@ant-design/icons';
import { LangSwitch, useI18n, useLabel } from './i18n';
import { useSession } from './session';
import { ApiError, post } from './api';
import { keepsHouseholdRegister } from './hooks';

export function Shell() {
  const { me, can, logout, enums } = useSession();
  const { L } = useI18n();
  const label = useLabel();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const [pwOpen, setPwOpen] = useState(false);
  const items = [
    { key: '/', icon: <HomeOutlined />, label: L('首页', 'Home'), show: true },
    { key: '/indicators', icon: <FundOutlined />, label: L('指标体系', 'Indicators'), show: can('organisations.read') && me?.organisation?.kind === 'government' },
    { key: '/statistics', icon: <BarChartOutlined />, label: L('统计数据', 'Statistics'), show: can('organisations.read') && me?.organisation?.kind === 'government' },
    { key: '/screen', icon: <DashboardOutlined />, label: L('一屏掌控', 'Dashboard'), show: can('organisations.read') && me?.organisation?.kind === 'government' },
    { key: '/tasks', icon: <ScheduleOutlined />, label: L('任务清单', 'Tasks'), show: can('organisations.read') && me?.organisation?.kind === 'government' },
    { key: '/registers', icon: <SafetyCertificateOutlined />, label: L('名录', 'Registers'), show: can('organisations.read') && me?.organisation?.kind === 'government' },
    { key: '/projects', icon: <ProjectOutlined />, label: L('项目清单', 'Projects'), show: can('organisations.read') && me?.organisation?.kind === 'government' },
    { key: '/live', icon: <CarOutlined />, label: L('在途监控', 'Live map'), show: can('organisations.read') && me?.organisation?.kind === 'government' },
    { key: '/alarms', icon: <AlertOutlined />, label: L('预警处置', 'Alarms'), show: can('manifests.read') || can('organisations.read') },
    { key: '/supervision', icon: <EyeOutlined />, label: L('监管视图', 'Supervision'), show: can('organisations.read') && me?.organisation?.kind === 'government' },
    { key: '/rounds', icon: <NodeIndexOutlined />, label: L('收运路线', 'Collection rounds'), show: can('manifests.read') },
    { key: '/construction', icon: <BuildOutlined />, label: L('建筑垃圾', 'Construction waste'), show: can('manifests.read') && (me?.organisation?.kind === 'government' || !!me?.organisation?.capabilities.some((c) => ['construction_site', 'transporter', 'receiver'].includes(c))) },
    { key: '/household', icon: <RestOutlined />, label: L('生活垃圾', 'Household waste'), show: keepsHouseholdRegister(me) },
    { key: '/green', icon: <GiftOutlined />, label: L('绿色账户', 'Green accounts'), show: keepsHouseholdRegister(me) },
    { key: '/green/station', icon: <GiftOutlined />, label: L('收集点工作台', 'Collection counter'), show: me?.organisation?.kind === 'enterprise' && me.user.role !== 'driver' && me.organisation.capabilities.includes('collection_station') },
    { key: '/green/me', icon: <GiftOutlined />, label: L('我的绿色账户', 'My green account'), show: me?.user.role === 'resident' },
    // 信访投诉举报 (issue 18): the office and the departments handle reports; a resident reports and follows on the phone page.
    { key: '/complaints', icon: <NotificationOutlined />, label: L('投诉举报办理', 'Complaints'), show: me?.user.role === 'platform_admin' || me?.user.role === 'office' || (me?.user.role === 'regulator' && !!me.user.domain) },
    { key: '/report', icon: <NotificationOutlined />, label: L('投诉举报', 'Report a problem'), show: me?.user.role === 'resident' },
    // 再生资源预约回收 (issue 17): the resident books; the recycling company dispatches, its collectors visit; the commerce bureau watches the service.
    { key: '/recycle', icon: <GiftOutlined />, label: L('预约回收', 'Book a recycling pickup'), show: me?.user.role === 'resident' },
    { key: '/recycling/bookings', icon: <GiftOutlined />, label: L('预约回收调度', 'Recycling pickups'), show: me?.user.role === 'platform_admin' || me?.user.role === 'office' || (me?.user.role === 'regulator' && ['commerce', 'general'].includes(me.user.domain ?? '')) || (me?.user.role === 'enterprise_admin' && !!me.organisation?.capabilities.includes('recycler')) },
    { key: '/recycling/collector', icon: <CarOutlined />, label: L('今日上门', 'My pickups today'), show: me?.user.role === 'enterprise_member' && !!me.organisation?.capabilities.includes('recycler') },
    // 餐厨垃圾: the departments that keep household waste, and the restaurants, collectors, oil recyclers and the plant's operator.
    { key: '/kitchen', icon: <CoffeeOutlined />, label: L('餐厨垃圾', 'Kitchen waste'), show: can('manifests.read') && (keepsHouseholdRegister(me) || !!me?.organisation?.capabilities.some((c) => ['catering', 'kitchen_collector', 'grease_recycler', 'transporter'].includes(c))) },
    // 农业固体废物: the agriculture bureau and its town stations, the zero-waste office and general departments.
    { key: '/agri', icon: <AppstoreOutlined />, label: L('农业固体废物', 'Agricultural waste'), show: me?.user.role === 'platform_admin' || me?.user.role === 'office' || (me?.user.role === 'regulator' && ['agriculture', 'general'].includes(me.user.domain ?? '')) },
    { key: '/recycling', icon: <AppstoreOutlined />, label: L('再生资源回收', 'Renewable resources'), show: me?.user.role === 'platform_admin' || me?.user.role === 'office' || (me?.user.role === 'regulator' && ['commerce', 'general'].includes(me.user.domain ?? '')) },
    // 农业固体废物: straw for the departments that regulate it; film also for dealers, users, collection points and recyclers.
    { key: '/agri/straw', icon: <GatewayOutlined />, label: L('秸秆利用', 'Straw'), show: me?.user.role === 'platform_admin' || (['office', 'regulator'].includes(me?.user.role ?? '') && ['agriculture', 'general'].includes(me?.user.domain ?? '')) || me?.user.role === 'office' },
    { key: '/agri/film', icon: <CodeSandboxOutlined />, label: L('农膜回收', 'Farm film'), show: me?.user.role === 'platform_admin' || me?.user.role === 'office' || (me?.user.role === 'regulator' && ['agriculture', 'general'].includes(me.user.domain ?? '')) || (me?.organisation?.kind === 'enterprise' && ['enterprise_admin', 'enterprise_member'].includes(me.user.role) && me.organisation.capabilities.some((c) => ['agri_dealer', 'farm', 'collection_station', 'recycler'].includes(c))) },
    // 农药包装废弃物 (issue 16): the agriculture bureau, the office and general departments, ecology (its flagged loads), dealers, stations and the utilisers and receivers.
    { key: '/agri/pesticide', icon: <ExperimentOutlined />, label: L('农药包装废弃物', 'Pesticide packaging'), show: can('manifests.read') && (me?.user.role === 'platform_admin' || (['office', 'regulator'].includes(me?.user.role ?? '') && ['agriculture', 'general', 'ecology'].includes(me?.user.domain ?? '')) || me?.user.role === 'office' || !!me?.organisation?.capabilities.some((c) => ['agri_dealer', 'collection_station', 'recycler'].includes(c))) },
    // 病死畜禽: the agriculture departments and the office, farms, the treatment plant (its driver: his round on the phone).
    { key: '/agri/carcass', icon: <MedicineBoxOutlined />, label: L('病死畜禽', 'Dead livestock'), show: can('manifests.read') && ((['office', 'regulator', 'platform_admin'].includes(me?.user.role ?? '') && ['agriculture', 'general', null, undefined].includes(me?.user.domain)) || (me?.user.role !== 'driver' && !!me?.organisation?.capabilities.some((c) => ['farm', 'carcass_plant'].includes(c)))) },
    { key: '/agri/carcass/driver', icon: <CarOutlined />, label: L('我的收集路线', 'My collection round'), show: me?.user.role === 'driver' && !!me?.organisation?.capabilities.includes('carcass_plant') },
    // farms and manure for agriculture (and the office), the farms, the organic-fertiliser plant.
    { key: '/agri/farms', icon: <GoldOutlined />, label: L('畜禽养殖与粪污', 'Livestock and manure'), show: can('manifests.read') && (me?.organisation?.kind === 'government' ? ['office'].includes(me.user.role) || ['agriculture', 'general'].includes(me.user.domain ?? '') : me?.user.role === 'platform_admin' || !!me?.organisation?.capabilities.some((c) => ['farm', 'fertiliser_plant'].includes(c))) },
    // 再生资源 (issue 17): the counties' monthly reports for the commerce departments, the office and the admin; 无废商场 also for the malls.
    { key: '/recycling/reports', icon: <ScheduleOutlined />, label: L('再生资源月度进展', 'Recycling progress'), show: me?.user.role === 'platform_admin' || me?.user.role === 'office' || (me?.user.role === 'regulator' && ['commerce', 'general'].includes(me.user.domain ?? '')) },
    // 问卷调查 (issue 18): the zero-waste office and the administrator.
    { key: '/surveys', icon: <FormOutlined />, label: L('问卷调查', 'Surveys'), show: me?.user.role === 'platform_admin' || me?.user.role === 'office' },
    // 无废细胞 (issue 18): the departments that name a kind, the office, the admin, and any verified company (it applies for itself).
    { key: '/cells', icon: <ShopOutlined />, label: L('无废细胞', 'Zero-waste cells'), show: me?.user.role === 'platform_admin' || me?.user.role === 'office' || (me?.user.role === 'regulator' && ['commerce', 'ecology', 'urban', 'agriculture', 'health', 'general'].includes(me.user.domain ?? '')) || (me?.organisation?.kind === 'enterprise' && ['enterprise_admin', 'enterprise_member'].includes(me.user.role)) },
    // 信息公开 (issue 18): the office writes the public portal.
    { key: '/portal', icon: <GlobalOutlined />, label: L('信息公开', 'Public portal'), show: me?.user.role === 'platform_admin' || me?.user.role === 'office' },
    // 企业环境信用评价 (issue 18): every official reads; the ecology bureau manages (an enterprise sees its own on its page).
    { key: '/credit', icon: <SafetyCertificateOutlined />, label: L('企业环境信用', 'Enterprise credit'), show: ['platform_admin', 'office', 'regulator'].includes(me?.user.role ?? '') },
    // 再生资源 (issue 17): a station's or the sorting centre's clerk at the counter; the commerce bureau, ecology, the office, the recycling company and the dismantler.
    { key: '/recycling/station', icon: <InboxOutlined />, label: L('回收网点台账', 'Recycling counter'), show: can('ledger.write') && !!me?.organisation?.capabilities.some((c) => ['recycling_station', 'sorting_centre'].includes(c)) },
    { key: '/recycling/network', icon: <ClusterOutlined />, label: L('回收网络与电器拆解', 'Network and e-waste'), show: can('manifests.read') && (me?.user.role === 'platform_admin' || me?.user.role === 'office' || (me?.user.role === 'regulator' && ['commerce', 'ecology', 'general'].includes(me?.user.domain ?? '')) || !!me?.organisation?.capabilities.some((c) => ['recycler', 'ewaste_dismantler'].includes(c))) },
    { key: '/exchange', icon: <ShopOutlined />, label: L('交易信息', 'Exchange board'), show: can('manifests.read') && (me?.organisation?.kind === 'enterprise' ? ['enterprise_admin', 'enterprise_member'].includes(me.user.role) : me?.user.role === 'platform_admin' || (['office', 'regulator'].includes(me?.user.role ?? '') && ['general', 'ecology', 'housing', 'urban'].includes(me?.user.domain ?? ''))) },
    // 双随机、一公开 and cases (issue 18): ecology, the office, general departments and the admin; a company its own.
    { key: '/inspections', icon: <AuditOutlined />, label: L('双随机抽查', 'Random inspections'), show: me?.user.role === 'platform_admin' || me?.user.role === 'office' || (me?.user.role === 'regulator' && ['ecology', 'general'].includes(me.user.domain ?? '')) || (me?.organisation?.kind === 'enterprise' && ['enterprise_admin', 'enterprise_member'].includes(me.user.role) && me.organisation.status === 'verified') },
    { key: '/cases', icon: <FileDoneOutlined />, label: L('行政处罚案件', 'Enforcement cases'), show: me?.user.role === 'platform_admin' || me?.user.role === 'office' || (me?.user.role === 'regulator' && ['ecology', 'general'].includes(me.user.domain ?? '')) || (me?.organisation?.kind === 'enterprise' && ['enterprise_admin', 'enterprise_member'].includes(me.user.role) && me.organisation.status === 'verified') },
    { key: '/manifests', icon: <SwapOutlined />, label: L('转移联单', 'Manifests'), show: can('manifests.read') },
    { key: '/store', icon: <InboxOutlined />, label: L('台账与贮存', 'Ledger & store'), show: can('manifests.read') },
    { key: '/bulk-storage', icon: <DatabaseOutlined />, label: L('堆存场所', 'Storage sites'), show: can('manifests.read') && (me?.user.role === 'platform_admin' || me?.user.role === 'office' || (me?.user.role === 'regulator' && ['ecology', 'general'].includes(me.user.domain ?? '')) || (me?.organisation?.kind === 'enterprise' && me.user.role !== 'driver' && me.organisation.capabilities.some((c) => c === 'producer' || c === 'receiver'))) },
    { key: '/plans', icon: <FileTextOutlined />, label: L('管理计划', 'Management plans'), show: can('ledger.write') || (can('organisations.read') && can('manifests.read')) },
    { key: '/declarations', icon: <FileDoneOutlined />, label: L('申报', 'Declarations'), show: can('ledger.write') || (can('organisations.read') && can('manifests.read')) },
    { key: '/my-organisation', icon: <BankOutlined />, label: L('我的单位', 'My company'), show: can('organisation.own') },
    { key: '/organisations', icon: <BankOutlined />, label: L('单位管理', 'Organisations'), show: can('organisations.read') },
    { key: '/regions', icon: <ClusterOutlined />, label: L('行政区划', 'Regions'), show: can('regions.read') },
    { key: '/users', icon: <TeamOutlined />, label: L('用户管理', 'Users'), show: can('users.read') },
    { key: '/tokens', icon: <KeyOutlined />, label: L('接口令牌', 'API tokens'), show: can('tokens.manage') },
    { key: '/webhooks', icon: <ApiOutlined />, label: L('事件推送', 'Webhooks'), show: can('tokens.manage') && me?.organisation?.kind === 'enterprise' },
    { key: '/catalogues', icon: <BookOutlined />, label: L('废物名录', 'Catalogues'), show: can('catalogues.read') },
    { key: '/audit', icon: <AuditOutlined />, label: L('审计日志', 'Audit log'), show: can('audit.read') },
  ].filter((i) => i.show).map(({ show: _s, ...i }) => ({ ...i, label: <span data-testid={`menu-${i.key.replace('/', '') || 'home'}`}>{i.label}</span> }));
  const selected = items.map((i) => i.key).filter((k) => k !== '/' && location.pathname.startsWith(k)).sort((a, b) => b.length - a.length)[0] ?? '/';
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} breakpoint="md" collapsedWidth={0} width={200} theme="light">
        <div style={{ padding: '16px 12px', fontWeight: 600, color: '#1f7a4d' }}><ApartmentOutlined /> {L('无废城市监管平台', 'Zero-Waste City')}</div>
        <Menu mode="inline" selectedKeys={[selected]} items={items} onClick={(e) => navigate(e.key)} />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: '0 16px', display: 'flex', justifyContent: 'flex-end', alignItems: 'center', gap: 12, flexWrap: 'wrap', height: 'auto', lineHeight: '48px' }}>
          <Typography.Text>{me?.user.displayName}</Typography.Text>
          <Tag>{label(enums?.roles, me?.user.role)}</Tag>
          {me?.organisation && <Typography.Text type="secondary">{me.organisation.name}</Typography.Text>}
          <Typography.Text type="secondary" data-testid="header-region">{me?.region.name}</Typography.Text>
          <LangSwitch />
          <Button size="small" onClick={() => setPwOpen(true)}>{L('修改密码', 'Change password')}</Button>
          <Button size="small" data-testid="logout" onClick={async () => { await logout(); navigate('/login'); }}>{L('退出', 'Log out')}</Button>
        </Layout.Header>
        <Layout.Content style={{ margin: 16 }}>
          <Outlet />
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
