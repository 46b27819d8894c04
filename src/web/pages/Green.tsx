import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Descriptions, Drawer, Form, Input, Modal, Select, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { ApiError, api, get, post, qs, type Page } from '../api';
import { shanghai, useI18n } from '../i18n';
import { ServerTable } from '../components/ServerTable';
import { POINTS_SETTINGS } from '../../domain/green';
import { classWord, gradeWord, GRADE_COLOUR, kg, pct, pts, type Delivery, type Household, type Rate, type Rules } from '../green';

// 绿色账户, as urban management keeps it: households with their cards, the deliveries and grades the
// stations record, each community's participation and accuracy, and the points rules of the region.

interface Place { id: string; name: string; regionName: string | null }
interface RatesPage extends Page<Rate> { from: string; to: string; summary: { places: number; households: number; participating: number; deliveries: number; graded: number; accurate: number; participationPct: number | null; accuracyPct: number | null } }

export default function GreenPage() {
  const { L } = useI18n();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'rates';
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>{L('绿色账户（居民分类积分）', 'Green accounts (residents’ sorting points)')}</Typography.Title>
      <Tabs activeKey={tab} onChange={(k) => setParams({ tab: k })} destroyOnHidden items={[
        { key: 'rates', label: <span data-testid="green-tab-rates">{L('参与率与准确率', 'Participation & accuracy')}</span>, children: <RatesTab /> },
        { key: 'accounts', label: <span data-testid="green-tab-accounts">{L('账户', 'Accounts')}</span>, children: <AccountsTab /> },
        { key: 'deliveries', label: <span data-testid="green-tab-deliveries">{L('投放记录', 'Deliveries')}</span>, children: <DeliveriesTab /> },
        { key: 'rules', label: <span data-testid="green-tab-rules">{L('积分规则', 'Points rules')}</span>, children: <RulesTab /> },
      ]} />
    </Space>
  );
}

function RatesTab() {
  const { L } = useI18n();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().subtract(29, 'day'), dayjs()]);
  const [page, setPage] = useState(1);
  const from = range[0].format('YYYY-MM-DD'), to = range[1].format('YYYY-MM-DD');
  const q = useQuery({ queryKey: ['green-rates', from, to, page], queryFn: () => get<RatesPage>(`/api/green/rates${qs({ from, to, page, pageSize: 20 })}`) });
  const s = q.data?.summary;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <DatePicker.RangePicker value={range} allowClear={false} onChange={(v) => v?.[0] && v[1] && (setRange([v[0], v[1]]), setPage(1))} data-testid="green-rates-range" />
        <Typography.Text type="secondary">{L('参与率：期间内至少投放一次的户数 ÷ 已开户户数；准确率：评定为“优”“良”的投放 ÷ 已评定投放。', 'Participation: households with at least one delivery ÷ households with an account; accuracy: deliveries graded 优/良 ÷ graded deliveries.')}</Typography.Text>
      </Space>
      {s && <Space wrap size="large" data-testid="green-rates-summary">
        <Statistic title={L('开户小区（村）', 'Places with accounts')} value={s.places} />
        <Statistic title={L('开户户数', 'Households')} value={s.households} suffix={L('户', '')} />
        <Statistic title={L('参与率', 'Participation')} value={pct(s.participationPct)} />
        <Statistic title={L('准确率', 'Accuracy')} value={pct(s.accuracyPct)} />
        <Statistic title={L('投放次数', 'Deliveries')} value={s.deliveries} suffix={L('次', '')} />
      </Space>}
      <Table<Rate> rowKey="placeId" size="middle" loading={q.isLoading} dataSource={q.data?.items ?? []} data-testid="green-rates-table" scroll={{ x: 'max-content' }}
        pagination={{ current: page, pageSize: 20, total: q.data?.total ?? 0, onChange: setPage }}
        columns={[
          { title: L('小区（村）', 'Community'), dataIndex: 'name' }, { title: L('镇街', 'Town'), dataIndex: 'regionName' },
          { title: L('开户户数', 'Households'), dataIndex: 'households', align: 'right' }, { title: L('参与户数', 'Participating'), dataIndex: 'participating', align: 'right' },
          { title: L('参与率', 'Participation'), dataIndex: 'participationPct', align: 'right', render: pct },
          { title: L('已评定投放', 'Graded'), dataIndex: 'graded', align: 'right' }, { title: L('优/良', 'Good or better'), dataIndex: 'accurate', align: 'right' },
          { title: L('准确率', 'Accuracy'), dataIndex: 'accuracyPct', align: 'right', render: pct },
        ]} />
    </Space>
  );
}

function AccountsTab() {
  const { L, lang } = useI18n();
  const [open, setOpen] = useState(false);
  const [card, setCard] = useState<string | null>(null);
  return (
    <>
      <ServerTable<Household> queryKey="green-households" url="/api/green/households" rowKey="id"
        extra={<Button type="primary" onClick={() => setOpen(true)} data-testid="green-household-new">{L('开户', 'New account')}</Button>}
        filters={<><Form.Item name="cardNo" label={L('卡号', 'Card')}><Input allowClear style={{ width: 140 }} data-testid="green-accounts-card" /></Form.Item></>}
        columns={[
          { title: L('卡号', 'Card'), dataIndex: 'cardNo' }, { title: L('小区（村）', 'Community'), dataIndex: 'placeName' }, { title: L('门牌', 'Address'), dataIndex: 'address' },
          { title: L('居民账号', 'Resident login'), dataIndex: 'resident', render: (v) => v ?? '—' },
          { title: L('可用积分', 'Balance'), dataIndex: 'balance', align: 'right', render: (v: number) => pts(v, lang) },
          { title: L('投放次数', 'Deliveries'), dataIndex: 'deliveries', align: 'right' },
          { title: L('最近投放', 'Last delivery'), dataIndex: 'lastDeliveryAt', render: (v) => shanghai(v) || '—' },
          { title: '', key: 'card', render: (_: unknown, r) => <Button size="small" onClick={() => setCard(r.id)}>{L('打印卡', 'Print card')}</Button> },
        ]} />
      <NewHousehold open={open} onClose={() => setOpen(false)} />
      <CardModal id={card} onClose={() => setCard(null)} />
    </>
  );
}

function NewHousehold({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { L, M } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [error, setError] = useState<ApiError | null>(null);
  const client = useQueryClient();
  const places = useQuery({ queryKey: ['green-places'], enabled: open, queryFn: () => get<Page<Place>>('/api/household/places?kind=community&pageSize=100') });
  const submit = async (v: Record<string, string>) => {
    setError(null);
    try {
      const h = await post<Household>('/api/green/households', Object.fromEntries(Object.entries(v).filter(([, x]) => x)));
      message.success(L(`已开户：卡号 ${h.cardNo}`, `Account opened: card ${h.cardNo}`));
      await client.invalidateQueries({ queryKey: ['green-households'] });
      form.resetFields();
      onClose();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      setError(e);
      if (e.path) form.setFields([{ name: e.path, errors: [M(e.text)] }]);
    }
  };
  return (
    <Drawer open={open} onClose={onClose} title={L('开设绿色账户', 'Open a green account')} width={Math.min(520, window.innerWidth)} destroyOnHidden>
      {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={`${M(error.text)}（${error.code}）`} />}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="placeId" label={L('小区（村）', 'Community or village')} rules={[{ required: true }]}>
          <Select showSearch optionFilterProp="label" loading={places.isLoading} options={(places.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name}（${p.regionName ?? ''}）` }))} />
        </Form.Item>
        <Form.Item name="address" label={L('门牌号', 'Address (door number)')} rules={[{ required: true }]}><Input placeholder="3号楼2单元401" /></Form.Item>
        <Form.Item name="cardNo" label={L('卡号', 'Card number')} rules={[{ required: true }]}><Input placeholder="LQ10001" /></Form.Item>
        <Form.Item name="residentUsername" label={L('关联居民账号（可选）', 'Link a resident login (optional)')}><Input /></Form.Item>
        <Button type="primary" htmlType="submit">{L('开户', 'Open')}</Button>
      </Form>
    </Drawer>
  );
}

function CardModal({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { L } = useI18n();
  const q = useQuery({ queryKey: ['green-card', id], enabled: !!id, queryFn: () => get<{ cardNo: string; placeName: string; address: string; qrSvg: string }>(`/api/green/households/${id}/card`) });
  return (
    <Modal open={!!id} onCancel={onClose} footer={<Button onClick={() => window.print()}>{L('打印', 'Print')}</Button>} title={L('绿色账户卡', 'Green-account card')}>
      {q.data && <div style={{ border: '2px solid #1f7a4d', borderRadius: 8, padding: 16, textAlign: 'center' }} data-testid="green-card">
        <Typography.Title level={5} style={{ color: '#1f7a4d' }}>{L('垃圾分类绿色账户', 'Green account for waste sorting')}</Typography.Title>
        <div style={{ width: 160, margin: '0 auto' }} dangerouslySetInnerHTML={{ __html: q.data.qrSvg }} />
        <div style={{ fontSize: 18, fontWeight: 600 }}>{q.data.cardNo}</div>
        <div>{q.data.placeName} {q.data.address}</div>
      </div>}
    </Modal>
  );
}

function DeliveriesTab() {
  const { L, lang } = useI18n();
  return (
    <ServerTable<Delivery> queryKey="green-deliveries" url="/api/green/deliveries" rowKey="id"
      filters={<Form.Item name="ungraded" label={L('评定', 'Grade')}><Select allowClear style={{ width: 140 }} placeholder={L('全部', 'All')}
        options={[{ value: 'true', label: L('仅待评定', 'Not graded only') }]} /></Form.Item>}
      columns={[
        { title: L('投放时间', 'Time'), dataIndex: 'deliveredAt', render: (v) => shanghai(v) }, { title: L('卡号', 'Card'), dataIndex: 'cardNo' },
        { title: L('小区', 'Community'), dataIndex: 'placeName' }, { title: L('收集点', 'Collection point'), dataIndex: 'facilityName' },
        { title: L('类别', 'Class'), dataIndex: 'wasteClass', render: (v) => classWord(v, lang) }, { title: L('重量', 'Weight'), dataIndex: 'weightKg', align: 'right', render: (v) => kg(v, lang) },
        { title: L('评定', 'Grade'), dataIndex: 'grade', render: (g) => (g ? <Tag color={GRADE_COLOUR[g]}>{gradeWord(g, lang)}</Tag> : <Tag>{L('待评定', 'Not graded')}</Tag>) },
        { title: L('积分', 'Points'), dataIndex: 'points', align: 'right', render: (v) => (v === null ? '—' : pts(v, lang)) },
        { title: L('记录方', 'Recorded by'), dataIndex: 'recordedBy', render: (v: string) => (v.startsWith('token:') ? L('智能回收箱', 'Smart bin') : v.replace(/^user:/, '')) },
      ]} />
  );
}

function RulesTab() {
  const { L, lang } = useI18n();
  const q = useQuery({ queryKey: ['green-rules'], queryFn: () => get<{ regionCode: string; rules: Rules }>('/api/green/rules') });
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => get<{ items: { key: string; value: number; setBy: string | null; editable: boolean }[] }>('/api/settings') });
  const client = useQueryClient();
  const { message } = App.useApp();
  const { M } = useI18n();
  const [editing, setEditing] = useState<string | null>(null);
  const [value, setValue] = useState('');
  const put = async () => {
    try {
      await api('PUT', `/api/settings/${editing}`, { value: Number(value) });
      message.success(L('已保存', 'Saved'));
      setEditing(null);
      await client.invalidateQueries({ queryKey: ['green-rules'] });
      await client.invalidateQueries({ queryKey: ['settings'] });
    } catch (e) {
      if (e instanceof ApiError) message.error(M(e.text)); else throw e;
    }
  };
  const r = q.data?.rules;
  return (
    <Card>
      {r && <Descriptions bordered size="small" column={1} data-testid="green-rules">
        {POINTS_SETTINGS.map((s) => {
          const set = settings.data?.items.find((i) => i.key === s.key);
          return (
            <Descriptions.Item key={s.key} label={lang === 'zh' ? s.label.zh.replace('绿色账户：', '') : s.label.en.replace('Green account: ', '')}>
              <Space>
                <span>{(set?.value ?? s.default).toLocaleString('zh-CN')} {lang === 'zh' ? s.unit.zh : s.unit.en}</span>
                {set?.editable && <Button size="small" onClick={() => { setEditing(s.key); setValue(String(set.value)); }}>{L('调整', 'Change')}</Button>}
              </Space>
            </Descriptions.Item>
          );
        })}
        <Descriptions.Item label={L('“差”积分倍率', 'Multiplier of 差 (poor)')}>0%</Descriptions.Item>
      </Descriptions>}
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
        {L('每次投放积分 =（该类别每次积分 + 每千克积分 × 称重）× 评定倍率，向下取整；大件、装修垃圾不计次积分。积分自评定之日起在有效期内可兑换，兑换先用最早到期的积分，过期未用的积分记为“过期”。',
          'Points per delivery = (the class’s points + points per kg × weight) × the grade’s multiplier, rounded down; bulky and renovation waste earn no per-delivery points. Points can be redeemed until they lapse; a redemption uses the earliest-expiring first; what lapses unused is recorded as expired.')}
      </Typography.Paragraph>
      <Modal open={!!editing} onCancel={() => setEditing(null)} onOk={put} title={L('调整积分规则', 'Change a points rule')}>
        <Input value={value} onChange={(e) => setValue(e.target.value)} inputMode="decimal" data-testid="green-rule-value" />
      </Modal>
    </Card>
  );
}
