import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Form, Input, InputNumber, List, Radio, Rate, Segmented, Select, Space, Spin, Steps, Tag, Typography, Upload, App } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { get, post, qs, type Page } from '../api';
import { shanghai, useI18n } from '../i18n';
import { useFormFailure } from '../hooks';
import { APPLIANCE_TYPES, RECYCLABLE_CATEGORIES } from '../../domain/recycling';
import { SLOTS } from '../../domain/recycling-bookings';
import { applianceWord, categoryWord, itemWord, lineWord, priceWord, slotWord, statusOf, STATUS_COLOUR, yuan, type Booking, type Price } from '../recycling-bookings';

// 预约回收 (/recycle, also /recycle?place=<id> from a QR code in a community): the resident's phone page
// (390 px first). He books a pickup (items, slot, address, cash or points), sees the published prices
// of the companies serving his community, follows his bookings, confirms what the collector recorded
// (once), rates the visit (once), and cancels before his slot begins.

interface Places { household: { placeId: string; address: string } | null; items: { id: string; name: string; regionName: string | null; served: boolean; mine: boolean }[] }
interface PlacePrices { placeName: string; companies: { companyName: string; effectiveFrom: string | null; prices: Price[] }[] }

const shanghaiDay = (offset: number) => new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);

export default function RecyclePage() {
  const { L } = useI18n();
  const [params] = useSearchParams();
  const [tab, setTab] = useState<'book' | 'mine' | 'prices'>('book');
  const places = useQuery({ queryKey: ['recycle-places'], queryFn: () => get<Places>('/api/recycling/booking-places?pageSize=100') });
  const [placeId, setPlaceId] = useState<string | undefined>(params.get('place') ?? undefined);
  const chosen = placeId ?? places.data?.household?.placeId ?? places.data?.items[0]?.id;
  return (
    <div style={{ maxWidth: 480, margin: '0 auto' }} data-testid="recycle">
      <Typography.Title level={5} style={{ margin: '0 0 8px' }}>{L('预约上门回收', 'Book a recycling pickup')}</Typography.Title>
      <Segmented block value={tab} onChange={(v) => setTab(v as typeof tab)} style={{ marginBottom: 12 }} options={[
        { value: 'book', label: <span data-testid="recycle-tab-book">{L('预约', 'Book')}</span> },
        { value: 'mine', label: <span data-testid="recycle-tab-mine">{L('我的预约', 'My bookings')}</span> },
        { value: 'prices', label: <span data-testid="recycle-tab-prices">{L('回收价格', 'Prices')}</span> },
      ]} />
      {places.isLoading && <Spin />}
      {tab === 'book' && places.data && <BookForm places={places.data} placeId={chosen} setPlaceId={setPlaceId} onBooked={() => setTab('mine')} />}
      {tab === 'mine' && <Mine />}
      {tab === 'prices' && chosen && <Prices placeId={chosen} />}
    </div>
  );
}

function BookForm({ places, placeId, setPlaceId, onBooked }: { places: Places; placeId: string | undefined; setPlaceId: (id: string) => void; onBooked: () => void }) {
  const { L, lang } = useI18n();
  const [form] = Form.useForm();
  const fail = useFormFailure(form);
  const client = useQueryClient();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const place = places.items.find((p) => p.id === placeId);
  const ownAddress = places.household && places.household.placeId === placeId ? places.household.address : '';
  const items = Form.useWatch('items', form) as { category?: string }[] | undefined;
  return (
    <Card styles={{ body: { padding: 12 } }}>
      <Form form={form} layout="vertical" initialValues={{ items: [{ category: 'paper' }], slotDate: shanghaiDay(1), slot: 'morning', payment: places.household ? 'points' : 'cash' }} onFinish={async (v) => {
        setBusy(true);
        try {
          await post('/api/recycling/bookings', {
            placeId, address: v.address?.trim() || undefined, contactPhone: v.contactPhone?.trim() || undefined, slotDate: v.slotDate, slot: v.slot, payment: v.payment, note: v.note?.trim() || undefined,
            photos: (v.photos?.fileList ?? []).map((f: { name: string }) => f.name),
            items: (v.items ?? []).map((i: { category: string; applianceType?: string; estimate?: number }) => {
              const piece = RECYCLABLE_CATEGORIES.find((c) => c.value === i.category)?.measure === 'piece';
              return { category: i.category, applianceType: i.category === 'ewaste' ? i.applianceType : undefined, ...(piece ? { estimatedCount: i.estimate } : { estimatedKg: i.estimate }) };
            }),
          });
          message.success(L('预约成功，等待回收企业接单', 'Booked: waiting for a company to accept'));
          form.resetFields();
          client.invalidateQueries({ queryKey: ['recycle-mine'] });
          onBooked();
        } catch (e) { fail(e); } finally { setBusy(false); }
      }}>
        <Form.Item label={L('小区', 'Community')} help={place && !place.served ? L('该小区暂无回收企业服务', 'No company serves this community yet') : undefined}>
          <Select showSearch optionFilterProp="label" value={placeId} onChange={setPlaceId} data-testid="recycle-place"
            options={places.items.map((p) => ({ value: p.id, label: `${p.name}${p.regionName ? `（${p.regionName}）` : ''}${p.served ? '' : L(' · 暂无服务', ' · not served')}` }))} />
        </Form.Item>
        <Form.Item label={L('上门地址', 'Address')} name="address" extra={ownAddress ? L(`默认：${ownAddress}`, `Default: ${ownAddress}`) : undefined}
          rules={ownAddress ? [] : [{ required: true, message: L('请填写楼栋、单元、门牌号', 'Give the building, entrance and door') }]}>
          <Input maxLength={200} placeholder={ownAddress || L('如：3号楼2单元401', 'e.g. building 3, entrance 2, 401')} data-testid="recycle-address" />
        </Form.Item>
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => {
                const cat = items?.[i]?.category;
                const piece = RECYCLABLE_CATEGORIES.find((c) => c.value === cat)?.measure === 'piece';
                return (
                  <Space key={f.key} align="start" wrap style={{ width: '100%' }} data-testid={`recycle-item-${i}`}>
                    <Form.Item name={[f.name, 'category']} rules={[{ required: true, message: L('请选择品类', 'Choose a category') }]} style={{ width: 150, marginBottom: 8 }}>
                      <Select data-testid={`recycle-category-${i}`} options={RECYCLABLE_CATEGORIES.map((c) => ({ value: c.value, label: lang === 'zh' ? c.zh : c.en }))} />
                    </Form.Item>
                    {cat === 'ewaste' && (
                      <Form.Item name={[f.name, 'applianceType']} rules={[{ required: true, message: L('请选择电器', 'Choose the appliance') }]} style={{ width: 110, marginBottom: 8 }}>
                        <Select placeholder={L('电器类型', 'Appliance')} data-testid={`recycle-appliance-${i}`} options={APPLIANCE_TYPES.map((a) => ({ value: a.value, label: lang === 'zh' ? a.zh : a.en }))} />
                      </Form.Item>
                    )}
                    <Form.Item name={[f.name, 'estimate']} rules={[{ required: true, message: piece ? L('请填写件数', 'Give the count') : L('请填写预计重量', 'Give the weight') }]} style={{ width: 110, marginBottom: 8 }}>
                      <InputNumber min={piece ? 1 : 0.1} precision={piece ? 0 : 1} inputMode="decimal" addonAfter={piece ? L('件', 'pcs') : 'kg'} data-testid={`recycle-estimate-${i}`} />
                    </Form.Item>
                    {fields.length > 1 && <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={L('删除', 'Remove')} />}
                  </Space>
                );
              })}
              <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ category: 'plastic' })} style={{ marginBottom: 12 }} data-testid="recycle-add-item">{L('再加一项', 'Add an item')}</Button>
            </>
          )}
        </Form.List>
        <Space wrap>
          <Form.Item label={L('日期', 'Date')} name="slotDate" style={{ width: 150 }}>
            <Select data-testid="recycle-date" options={Array.from({ length: 7 }, (_, i) => shanghaiDay(i)).map((d, i) => ({ value: d, label: `${d.slice(5)}${i === 0 ? L(' 今天', ' today') : i === 1 ? L(' 明天', ' tomorrow') : ''}` }))} />
          </Form.Item>
          <Form.Item label={L('时段', 'Slot')} name="slot">
            <Radio.Group optionType="button" data-testid="recycle-slot" options={SLOTS.map((s) => ({ value: s.value, label: (lang === 'zh' ? s.zh : s.en).split(' ')[0] }))} />
          </Form.Item>
        </Space>
        <Form.Item label={L('结算方式', 'Payment')} name="payment">
          <Radio.Group data-testid="recycle-payment" options={[{ value: 'cash', label: L('现金', 'Cash') }, { value: 'points', label: L('绿色账户积分', 'Green points'), disabled: !places.household }]} />
        </Form.Item>
        <Form.Item label={L('联系电话（可选）', 'Phone (optional)')} name="contactPhone"><Input inputMode="tel" maxLength={20} /></Form.Item>
        <Form.Item label={L('照片（可选）', 'Photos (optional)')} name="photos">
          <Upload beforeUpload={() => false} multiple accept="image/*" listType="text" maxCount={9}><Button>{L('选择照片', 'Choose photos')}</Button></Upload>
        </Form.Item>
        <Form.Item label={L('备注（可选）', 'Note (optional)')} name="note"><Input.TextArea rows={2} maxLength={500} /></Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="recycle-submit">{L('提交预约', 'Book')}</Button>
      </Form>
    </Card>
  );
}

const STEP_OF: Record<string, number> = { pending: 0, escalated: 0, accepted: 1, dispatched: 2, visiting: 3, awaiting_confirmation: 4, done: 5, cancelled: 0 };

function Mine() {
  const { L } = useI18n();
  const [page, setPage] = useState(1);
  const q = useQuery({ queryKey: ['recycle-mine', page], queryFn: () => get<Page<Booking>>(`/api/recycling/bookings${qs({ page, pageSize: 10 })}`) });
  if (q.data && !q.data.total) return <Empty description={L('还没有预约', 'No bookings yet')} />;
  return (
    <List<Booking> loading={q.isLoading} dataSource={q.data?.items ?? []} data-testid="recycle-mine" pagination={{ current: page, pageSize: 10, total: q.data?.total ?? 0, onChange: setPage, size: 'small', simple: true }}
      renderItem={(b) => <List.Item style={{ padding: 0, border: 0, marginBottom: 12 }}><BookingCard b={b} /></List.Item>}
      locale={{ emptyText: L('还没有预约', 'No bookings yet') }} />
  );
}

function BookingCard({ b }: { b: Booking }) {
  const { L, M, lang } = useI18n();
  const client = useQueryClient();
  const fail = useFormFailure();
  const [busy, setBusy] = useState(false);
  const [stars, setStars] = useState(5);
  const [comment, setComment] = useState('');
  const act = async (path: string, body: unknown = {}) => {
    setBusy(true);
    try { await post(`/api/recycling/bookings/${b.id}/${path}`, body); client.invalidateQueries({ queryKey: ['recycle-mine'] }); client.invalidateQueries({ queryKey: ['green-me'] }); } catch (e) { fail(e); } finally { setBusy(false); }
  };
  const s = statusOf(b);
  const canCancel = ['pending', 'accepted', 'dispatched', 'escalated'].includes(b.status) && new Date(b.slotStart).getTime() > Date.now();
  return (
    <Card size="small" style={{ width: '100%' }} data-testid={`booking-${b.bookingNo}`} title={<Space size={4}><Tag color={STATUS_COLOUR[s.value]} data-testid="booking-status">{M(s)}</Tag><span style={{ fontSize: 13 }}>{b.slotDate} {slotWord(b.slot, lang).split(' ')[0]}</span></Space>}
      extra={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{b.bookingNo}</Typography.Text>}>
      {b.status !== 'cancelled' && <Steps size="small" direction="horizontal" responsive={false} current={STEP_OF[b.status]} status={b.status === 'escalated' ? 'error' : undefined} style={{ marginBottom: 8 }}
        items={[L('待接单', 'Booked'), L('已接单', 'Accepted'), L('已派单', 'Dispatched'), L('上门中', 'On the way'), L('待确认', 'Confirm'), L('完成', 'Done')].map((title) => ({ title: <span style={{ fontSize: 10 }}>{title}</span> }))} />}
      <div style={{ fontSize: 13 }}>{b.placeName} · {b.address}</div>
      <div style={{ fontSize: 13 }}>{b.items.map((i) => itemWord(i, lang)).join('；')} · {b.payment === 'points' ? L('积分结算', 'paid in points') : L('现金结算', 'paid in cash')}</div>
      {b.companyName && <div style={{ fontSize: 12, color: '#666' }}>{b.companyName}</div>}
      {b.collectorName && <div style={{ fontSize: 12 }} data-testid="booking-collector">{L(`回收员 ${b.collectorName} ${b.collectorPhone ?? ''}（备案 ${b.collectorFilingNo ?? ''}）`, `Collector ${b.collectorName} ${b.collectorPhone ?? ''} (filed ${b.collectorFilingNo ?? ''})`)}</div>}
      {b.status === 'escalated' && <Alert type="warning" showIcon style={{ marginTop: 8 }} message={L('暂无回收企业接单，已报商务主管部门协调', 'No company accepted in time: the commerce bureau has been told')} />}
      {b.lines.length > 0 && (
        <Card size="small" type="inner" style={{ marginTop: 8 }} title={L('回收员登记', 'Recorded by the collector')} data-testid="booking-lines">
          {b.lines.map((l, i) => <div key={i} style={{ fontSize: 13 }}>{lineWord(l, lang)}</div>)}
          <div style={{ marginTop: 4 }}><b data-testid="booking-amount">{L(`合计 ${yuan(b.amountYuan, lang)}`, `Total ${yuan(b.amountYuan, lang)}`)}</b>{b.points !== null && <Tag color="green" style={{ marginLeft: 8 }} data-testid="booking-points">{L(`折合 ${b.points} 积分`, `${b.points} points`)}</Tag>}</div>
          {b.stationName && <div style={{ fontSize: 12, color: '#666' }}>{L(`交 ${b.stationName}`, `To ${b.stationName}`)}</div>}
        </Card>
      )}
      {b.status === 'awaiting_confirmation' && <Button type="primary" block style={{ marginTop: 8 }} loading={busy} onClick={() => act('confirm')} data-testid="booking-confirm">{L('确认重量和金额', 'Confirm the weights and payment')}</Button>}
      {b.status === 'done' && b.stars === null && (
        <div style={{ marginTop: 8 }} data-testid="booking-rate">
          <Rate value={stars} onChange={setStars} />
          <Input.TextArea rows={2} maxLength={300} value={comment} onChange={(e) => setComment(e.target.value)} placeholder={L('说说这次上门回收（可选）', 'How was the visit? (optional)')} style={{ marginTop: 4 }} data-testid="booking-comment" />
          <Button block style={{ marginTop: 4 }} loading={busy} onClick={() => act('rate', { stars, comment: comment.trim() || undefined })} data-testid="booking-rate-submit">{L('提交评价', 'Rate')}</Button>
        </div>
      )}
      {b.stars !== null && <div style={{ marginTop: 4 }} data-testid="booking-rated"><Rate disabled value={b.stars} style={{ fontSize: 14 }} /> <span style={{ fontSize: 12 }}>{b.ratingComment}</span></div>}
      {canCancel && <Button danger size="small" style={{ marginTop: 8 }} loading={busy} onClick={() => act('cancel', {})} data-testid="booking-cancel">{L('取消预约', 'Cancel')}</Button>}
      <div style={{ fontSize: 11, color: '#999', marginTop: 4 }}>{L('提交于', 'Booked')} {shanghai(b.createdAt)}</div>
    </Card>
  );
}

function Prices({ placeId }: { placeId: string }) {
  const { L, lang } = useI18n();
  const q = useQuery({ queryKey: ['recycle-prices', placeId], queryFn: () => get<PlacePrices>(`/api/recycling/booking-prices?placeId=${placeId}`) });
  if (!q.data) return <Spin />;
  if (!q.data.companies.length) return <Empty description={L(`${q.data.placeName}暂无回收企业服务`, `No company serves ${q.data.placeName} yet`)} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="recycle-prices">
      {q.data.companies.map((c) => (
        <Card key={c.companyName} size="small" title={c.companyName} extra={c.effectiveFrom ? <span style={{ fontSize: 12 }}>{L(`${c.effectiveFrom} 起执行`, `from ${c.effectiveFrom}`)}</span> : null}>
          <List size="small" dataSource={c.prices} renderItem={(p) => (
            <List.Item><span>{p.applianceType ? applianceWord(p.applianceType, lang) : categoryWord(p.category, lang)}</span><b>{priceWord(p, lang)}</b></List.Item>
          )} />
        </Card>
      ))}
    </Space>
  );
}
