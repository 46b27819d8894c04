import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Col, Form, Input, InputNumber, Modal, Row, Select, Space, Statistic, Table, Tabs, Tag, Typography, App } from 'antd';
import { get, post, qs, type Page } from '../api';
import { shanghai, useI18n } from '../i18n';
import { useFormFailure } from '../hooks';
import { useSession } from '../session';
import { APPLIANCE_TYPES, RECYCLABLE_CATEGORIES } from '../../domain/recycling';
import { BOOKING_STATUSES } from '../../domain/recycling-bookings';
import { applianceWord, categoryWord, itemWord, lineWord, priceWord, slotWord, statusOf, STATUS_COLOUR, yuan, type Booking, type Price } from '../recycling-bookings';

// 再生资源预约回收 (/recycling/bookings, desktop): the recycling company's dispatcher sees the bookings
// offered to it, accepts and dispatches them, registers its collectors (备案) and publishes its
// prices; the commerce bureau sees its area's bookings and the service level (timeliness, ratings).

interface Collector { id: string; name: string; phone: string; idNo: string; filingNo: string; username: string | null; active: boolean; doneCount: number; averageStars: number | null }
interface PriceList { id: string; companyName: string; effectiveFrom: string; note: string; publishedAt: string; inForce: boolean; prices: Price[] }
interface Figures { bookings: number; done: number; cancelled: number; accepted: number; acceptedInTime: number; offered: number; passedOn: number; escalated: number; medianAcceptMinutes: number | null; medianCompleteHours: number | null; ratings: number; averageStars: number | null; acceptedInTimePct: number | null }
interface ServiceLevel { from: string; to: string; acceptMinutes: number; total: Figures; companies: (Figures & { companyId: string; companyName: string })[] }

export default function RecyclingBookingsPage() {
  const { L } = useI18n();
  const { me } = useSession();
  const company = me?.user.role === 'enterprise_admin';
  const official = ['office', 'regulator', 'platform_admin'].includes(me?.user.role ?? '');
  return (
    <div data-testid="recycling-bookings">
      <Typography.Title level={4}>{L('再生资源预约回收', 'Recycling pickups')}</Typography.Title>
      <Tabs items={[
        { key: 'bookings', label: <span data-testid="tab-bookings">{L('预约单', 'Bookings')}</span>, children: <Bookings company={company} /> },
        ...(official ? [{ key: 'service', label: <span data-testid="tab-service">{L('服务质量', 'Service level')}</span>, children: <Service /> }] : []),
        { key: 'collectors', label: <span data-testid="tab-collectors">{L('回收人员', 'Collectors')}</span>, children: <Collectors company={company} /> },
        { key: 'prices', label: <span data-testid="tab-prices">{L('价目表', 'Price lists')}</span>, children: <PriceLists company={company} /> },
      ]} />
    </div>
  );
}

function Bookings({ company }: { company: boolean }) {
  const { L, M, lang } = useI18n();
  const client = useQueryClient();
  const fail = useFormFailure();
  const [status, setStatus] = useState<string | undefined>(company ? 'pending' : undefined);
  const [page, setPage] = useState(1);
  const [dispatching, setDispatching] = useState<Booking | null>(null);
  const [collectorId, setCollectorId] = useState<string>();
  const q = useQuery({ queryKey: ['rb-bookings', status, page], queryFn: () => get<Page<Booking>>(`/api/recycling/bookings${qs({ status, page, pageSize: 20 })}`) });
  const collectors = useQuery({ queryKey: ['rb-collectors'], queryFn: () => get<Page<Collector>>('/api/recycling/collectors?pageSize=100'), enabled: company });
  const refresh = () => client.invalidateQueries({ queryKey: ['rb-bookings'] });
  const act = async (b: Booking, path: string, body: unknown = {}) => { try { await post(`/api/recycling/bookings/${b.id}/${path}`, body); refresh(); return true; } catch (e) { fail(e); return false; } };
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Select allowClear placeholder={L('全部状态', 'All states')} style={{ width: 200 }} value={status} onChange={(v) => { setStatus(v); setPage(1); }} data-testid="rb-status"
          options={BOOKING_STATUSES.map((s) => ({ value: s.value, label: M(s) }))} />
      </Space>
      <Table<Booking> rowKey="id" size="small" loading={q.isLoading} dataSource={q.data?.items ?? []} data-testid="rb-table"
        pagination={{ current: page, pageSize: 20, total: q.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        expandable={{ expandedRowRender: (b) => (
          <div style={{ fontSize: 13 }}>
            <div>{L('预约物品：', 'Items: ')}{b.items.map((i) => itemWord(i, lang)).join('；')}{b.photos.length ? L(` · 照片 ${b.photos.join('、')}`, ` · photos ${b.photos.join(', ')}`) : ''}</div>
            {b.lines.map((l, i) => <div key={i}>{lineWord(l, lang)}</div>)}
            {b.stationName && <div>{L('交售网点：', 'Station: ')}{b.stationName}</div>}
            {b.stars !== null && <div>{L(`评价 ${b.stars} 星 ${b.ratingComment ?? ''}`, `Rated ${b.stars} stars ${b.ratingComment ?? ''}`)}</div>}
          </div>
        ) }}
        columns={[
          { title: L('单号', 'No.'), dataIndex: 'bookingNo', width: 150 },
          { title: L('状态', 'State'), key: 'status', render: (_, b) => { const s = statusOf(b); return <Tag color={STATUS_COLOUR[s.value]}>{M(s)}</Tag>; } },
          { title: L('时段', 'Slot'), key: 'slot', render: (_, b) => `${b.slotDate} ${slotWord(b.slot, lang).split(' ')[0]}` },
          { title: L('小区', 'Community'), key: 'place', render: (_, b) => <span>{b.placeName}<div style={{ fontSize: 12, color: '#888' }}>{b.address}</div></span> },
          { title: L('物品', 'Items'), key: 'items', render: (_, b) => b.items.map((i) => itemWord(i, lang)).join('；') },
          { title: L('结算', 'Payment'), key: 'payment', render: (_, b) => (b.amountYuan !== null ? `${yuan(b.amountYuan, lang)}${b.points !== null ? L(`（${b.points} 积分）`, ` (${b.points} pts)`) : ''}` : b.payment === 'points' ? L('积分', 'points') : L('现金', 'cash')) },
          { title: L('回收企业 / 回收员', 'Company / collector'), key: 'who', render: (_, b) => <span>{b.companyName}{b.collectorName && <div style={{ fontSize: 12 }}>{b.collectorName}</div>}</span> },
          { title: L('提交', 'Booked'), key: 'created', render: (_, b) => shanghai(b.createdAt) },
          ...(company ? [{
            title: L('操作', 'Actions'), key: 'act', render: (_: unknown, b: Booking) => (
              <Space>
                {['pending', 'escalated'].includes(b.status) && <Button size="small" type="primary" onClick={() => act(b, 'accept')} data-testid={`rb-accept-${b.bookingNo}`}>{L('接单', 'Accept')}</Button>}
                {['accepted', 'dispatched'].includes(b.status) && <Button size="small" onClick={() => { setDispatching(b); setCollectorId(b.collectorId ?? undefined); }} data-testid={`rb-dispatch-${b.bookingNo}`}>{b.status === 'accepted' ? L('派单', 'Dispatch') : L('改派', 'Re-dispatch')}</Button>}
              </Space>
            ),
          }] : []),
        ]} />
      <Modal open={!!dispatching} title={L(`派单 ${dispatching?.bookingNo ?? ''}`, `Dispatch ${dispatching?.bookingNo ?? ''}`)} onCancel={() => setDispatching(null)} okButtonProps={{ disabled: !collectorId }}
        onOk={async () => { if (dispatching && collectorId && await act(dispatching, 'dispatch', { collectorId })) setDispatching(null); }}>
        <Select style={{ width: '100%' }} value={collectorId} onChange={setCollectorId} placeholder={L('选择回收人员', 'Choose a collector')} data-testid="rb-collector"
          options={(collectors.data?.items ?? []).filter((c) => c.active).map((c) => ({ value: c.id, label: `${c.name}（${c.filingNo}）${c.username ? '' : L(' · 无登录账号', ' · no login')}` }))} />
      </Modal>
    </>
  );
}

function Service() {
  const { L } = useI18n();
  const q = useQuery({ queryKey: ['rb-service'], queryFn: () => get<ServiceLevel>('/api/recycling/bookings/service-level') });
  const s = q.data;
  if (!s) return null;
  const num = (n: number | null, unit: string) => (n === null ? '—' : `${n} ${unit}`);
  return (
    <div data-testid="rb-service">
      <Typography.Paragraph type="secondary">{L(`${s.from} 至 ${s.to} 提交的预约；接单时限 ${s.acceptMinutes} 分钟（地区设置 recycling.accept_minutes）`, `Bookings made ${s.from} to ${s.to}; ${s.acceptMinutes} minutes to accept (region setting recycling.accept_minutes)`)}</Typography.Paragraph>
      <Row gutter={12}>
        <Col span={4}><Card size="small"><Statistic title={L('预约单', 'Bookings')} value={s.total.bookings} suffix={L('单', '')} /></Card></Col>
        <Col span={4}><Card size="small"><Statistic title={L('按时接单率', 'Accepted in time')} value={s.total.acceptedInTimePct ?? '—'} suffix="%" data-testid="rb-in-time" /></Card></Col>
        <Col span={4}><Card size="small"><Statistic title={L('接单用时中位数', 'Median to accept')} value={num(s.total.medianAcceptMinutes, L('分钟', 'min'))} /></Card></Col>
        <Col span={4}><Card size="small"><Statistic title={L('完成用时中位数', 'Median to complete')} value={num(s.total.medianCompleteHours, L('小时', 'h'))} /></Card></Col>
        <Col span={4}><Card size="small"><Statistic title={L('超时转派 / 上报', 'Passed on / escalated')} value={`${s.total.passedOn} / ${s.total.escalated}`} /></Card></Col>
        <Col span={4}><Card size="small"><Statistic title={L('平均评价', 'Average rating')} value={s.total.averageStars ?? '—'} suffix={L(`星（${s.total.ratings} 条）`, `stars (${s.total.ratings})`)} /></Card></Col>
      </Row>
      <Table size="small" style={{ marginTop: 12 }} rowKey="companyId" dataSource={s.companies} pagination={false} columns={[
        { title: L('回收企业', 'Company'), dataIndex: 'companyName' },
        { title: L('预约单', 'Bookings'), dataIndex: 'bookings' },
        { title: L('完成', 'Done'), dataIndex: 'done' },
        { title: L('取消', 'Cancelled'), dataIndex: 'cancelled' },
        { title: L('按时接单率', 'In time'), key: 'pct', render: (_, c) => (c.acceptedInTimePct === null ? '—' : `${c.acceptedInTimePct}%`) },
        { title: L('接单用时中位数', 'Median to accept'), key: 'acc', render: (_, c) => num(c.medianAcceptMinutes, L('分钟', 'min')) },
        { title: L('超时上报', 'Escalated'), dataIndex: 'escalated' },
        { title: L('平均评价', 'Rating'), key: 'stars', render: (_, c) => (c.averageStars === null ? '—' : L(`${c.averageStars} 星`, `${c.averageStars} stars`)) },
      ]} />
    </div>
  );
}

function Collectors({ company }: { company: boolean }) {
  const { L } = useI18n();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const fail = useFormFailure(form);
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [page, setPage] = useState(1);
  const q = useQuery({ queryKey: ['rb-collectors', page], queryFn: () => get<Page<Collector>>(`/api/recycling/collectors${qs({ page, pageSize: 20 })}`) });
  return (
    <>
      {company && <Button type="primary" style={{ marginBottom: 12 }} onClick={() => setOpen(true)} data-testid="rb-add-collector">{L('登记回收人员', 'Register a collector')}</Button>}
      <Table<Collector> rowKey="id" size="small" loading={q.isLoading} dataSource={q.data?.items ?? []} pagination={{ current: page, pageSize: 20, total: q.data?.total ?? 0, onChange: setPage }} columns={[
        { title: L('姓名', 'Name'), dataIndex: 'name' },
        { title: L('电话', 'Phone'), dataIndex: 'phone' },
        { title: L('身份证号', 'ID number'), dataIndex: 'idNo' },
        { title: L('备案编号', 'Filing number'), dataIndex: 'filingNo' },
        { title: L('登录账号', 'Login'), key: 'u', render: (_, c) => c.username ?? '—' },
        { title: L('完成单数', 'Done'), dataIndex: 'doneCount' },
        { title: L('平均评价', 'Rating'), key: 's', render: (_, c) => (c.averageStars === null ? '—' : L(`${c.averageStars} 星`, `${c.averageStars} stars`)) },
      ]} />
      <Modal open={open} title={L('登记流动回收人员（商务部门备案）', 'Register a mobile collector (filed with the commerce bureau)')} onCancel={() => setOpen(false)} onOk={() => form.submit()}>
        <Form form={form} layout="vertical" onFinish={async (v) => {
          try {
            await post('/api/recycling/collectors', { ...v, username: v.username?.trim() || undefined });
            message.success(L('已登记', 'Registered'));
            setOpen(false); form.resetFields(); client.invalidateQueries({ queryKey: ['rb-collectors'] });
          } catch (e) { fail(e); }
        }}>
          <Form.Item name="name" label={L('姓名', 'Name')} rules={[{ required: true }]}><Input maxLength={40} /></Form.Item>
          <Form.Item name="phone" label={L('电话', 'Phone')} rules={[{ required: true }]}><Input maxLength={20} /></Form.Item>
          <Form.Item name="idNo" label={L('身份证号码', 'ID card number')} rules={[{ required: true }]}><Input maxLength={18} /></Form.Item>
          <Form.Item name="filingNo" label={L('备案编号', 'Filing number')} rules={[{ required: true }]}><Input maxLength={40} /></Form.Item>
          <Form.Item name="username" label={L('登录账号（可选，须为本单位用户）', 'Login (optional, a user of your company)')}><Input maxLength={60} /></Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function PriceLists({ company }: { company: boolean }) {
  const { L, lang } = useI18n();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const fail = useFormFailure(form);
  const [open, setOpen] = useState(false);
  const q = useQuery({ queryKey: ['rb-prices'], queryFn: () => get<Page<PriceList>>('/api/recycling/price-lists?pageSize=20') });
  const current = q.data?.items.find((l) => l.inForce);
  const rows = [...RECYCLABLE_CATEGORIES.filter((c) => c.value !== 'ewaste').map((c) => ({ category: c.value, applianceType: '', unit: c.measure === 'piece' ? 'piece' : 'kg' })),
    ...APPLIANCE_TYPES.map((a) => ({ category: 'ewaste', applianceType: a.value, unit: 'piece' }))];
  return (
    <>
      {company && <Button type="primary" style={{ marginBottom: 12 }} onClick={() => {
        form.setFieldsValue({ prices: rows.map((r) => ({ ...r, priceYuan: current?.prices.find((p) => p.category === r.category && p.applianceType === r.applianceType)?.priceYuan })) });
        setOpen(true);
      }} data-testid="rb-publish">{L('发布新价目表', 'Publish a new price list')}</Button>}
      <Table<PriceList> rowKey="id" size="small" loading={q.isLoading} dataSource={q.data?.items ?? []} pagination={false}
        expandable={{ expandedRowRender: (l) => <Space wrap>{l.prices.map((p) => <Tag key={`${p.category}-${p.applianceType}`}>{p.applianceType ? applianceWord(p.applianceType, lang) : categoryWord(p.category, lang)} {priceWord(p, lang)}</Tag>)}</Space>, defaultExpandedRowKeys: current ? [current.id] : [] }}
        columns={[
          { title: L('回收企业', 'Company'), dataIndex: 'companyName' },
          { title: L('执行日期', 'From'), dataIndex: 'effectiveFrom' },
          { title: L('说明', 'Note'), dataIndex: 'note' },
          { title: L('发布时间', 'Published'), key: 'p', render: (_, l) => shanghai(l.publishedAt) },
          { title: L('状态', 'State'), key: 's', render: (_, l) => (l.inForce ? <Tag color="green">{L('执行中', 'In force')}</Tag> : <Tag>{L('已替代', 'Superseded')}</Tag>) },
        ]} />
      <Modal open={open} width={640} title={L('发布价目表（新表替代旧表，历史保留）', 'Publish prices (the new list supersedes the last, which is kept)')} onCancel={() => setOpen(false)} onOk={() => form.submit()}>
        <Form form={form} layout="vertical" onFinish={async (v) => {
          try {
            const prices = (v.prices as { category: string; applianceType: string; unit: string; priceYuan?: number | null }[]).filter((p) => p.priceYuan !== undefined && p.priceYuan !== null)
              .map((p) => ({ category: p.category, applianceType: p.applianceType || undefined, unit: p.unit, priceYuan: p.priceYuan }));
            await post('/api/recycling/price-lists', { note: v.note?.trim() || undefined, prices });
            setOpen(false); client.invalidateQueries({ queryKey: ['rb-prices'] });
          } catch (e) { fail(e); }
        }}>
          <Form.Item name="note" label={L('说明', 'Note')}><Input maxLength={200} /></Form.Item>
          <Form.List name="prices">
            {(fields) => fields.map((f, i) => (
              <Space key={f.key} style={{ display: 'flex' }}>
                <span style={{ width: 220, display: 'inline-block' }}>{rows[i].applianceType ? applianceWord(rows[i].applianceType, lang) : categoryWord(rows[i].category, lang)}</span>
                <Form.Item name={[f.name, 'priceYuan']} style={{ marginBottom: 4 }}><InputNumber precision={2} addonAfter={rows[i].unit === 'piece' ? L('元/件', 'yuan/pc') : L('元/千克', 'yuan/kg')} /></Form.Item>
              </Space>
            ))}
          </Form.List>
        </Form>
      </Modal>
    </>
  );
}
