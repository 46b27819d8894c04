import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Form, Input, InputNumber, List, Select, Space, Spin, Tag, Typography } from 'antd';
import { get, post } from '../api';
import { useI18n } from '../i18n';
import { useFormFailure } from '../hooks';
import { APPLIANCE_TYPES, RECYCLABLE_CATEGORIES } from '../../domain/recycling';
import { applianceWord, categoryWord, itemWord, lineWord, priceWord, slotWord, statusOf, STATUS_COLOUR, yuan, type Booking, type Price } from '../recycling-bookings';

// 今日上门 (/recycling/collector): the collector's phone page (390 px first). His visits of the day and
// any still open; he sets out, arrives, and records at the door each item's weight or count (each
// appliance's type, brand and serial), at the company's price, and the station that takes the goods.
// The record enters that station's ledger at once; the resident then confirms on his phone.

interface Visit extends Booking { stations: { id: string; name: string }[] }
interface Visits { collector: { name: string }; day: string; items: Visit[]; total: number; prices: Price[] }

export default function RecyclingCollectorPage() {
  const { L, M } = useI18n();
  const q = useQuery({ queryKey: ['collector-visits'], queryFn: () => get<Visits>('/api/recycling/collector/visits?pageSize=50') });
  if (q.isLoading) return <Spin style={{ margin: 40 }} />;
  if (q.error) return <Alert type="info" showIcon message={'text' in (q.error as object) ? M((q.error as unknown as { text: { zh: string; en: string } }).text) : String(q.error)} />;
  const v = q.data!;
  return (
    <div style={{ maxWidth: 480, margin: '0 auto' }} data-testid="collector">
      <Typography.Title level={5} style={{ margin: '0 0 8px' }}>{L(`今日上门 · ${v.collector.name}`, `Today’s visits · ${v.collector.name}`)}</Typography.Title>
      {!v.items.length && <Empty description={L('今天没有派给您的预约', 'No visits for you today')} />}
      <List dataSource={v.items} renderItem={(b) => <List.Item style={{ padding: 0, border: 0, marginBottom: 12 }}><VisitCard b={b} prices={v.prices} /></List.Item>} />
    </div>
  );
}

function VisitCard({ b, prices }: { b: Visit; prices: Price[] }) {
  const { L, M, lang } = useI18n();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const fail = useFormFailure(form);
  const [busy, setBusy] = useState(false);
  const [recording, setRecording] = useState(false);
  const refresh = () => client.invalidateQueries({ queryKey: ['collector-visits'] });
  const step = async (s: 'on_way' | 'arrive') => {
    setBusy(true);
    try { await post(`/api/recycling/bookings/${b.id}/progress`, { step: s }); refresh(); } catch (e) { fail(e); } finally { setBusy(false); }
  };
  const priceOf = (category: string, appliance?: string) => prices.find((p) => p.category === category && p.applianceType === (category === 'ewaste' ? appliance ?? '' : ''));
  const lines = Form.useWatch('lines', form) as { category?: string; applianceType?: string; weightKg?: number; itemCount?: number }[] | undefined;
  const s = statusOf(b);
  return (
    <Card size="small" style={{ width: '100%' }} data-testid={`visit-${b.bookingNo}`}
      title={<Space size={4}><Tag color={STATUS_COLOUR[s.value]} data-testid="visit-status">{M(s)}</Tag><span style={{ fontSize: 13 }}>{b.slotDate.slice(5)} {slotWord(b.slot, lang).split(' ')[0]}</span></Space>}
      extra={<span style={{ fontSize: 12 }}>{b.bookingNo}</span>}>
      <div><b>{b.placeName}</b> · {b.address}</div>
      {b.contactPhone && <div><a href={`tel:${b.contactPhone}`}>{b.contactPhone}</a></div>}
      <div style={{ fontSize: 13 }}>{b.items.map((i) => itemWord(i, lang)).join('；')} · {b.payment === 'points' ? L('积分结算', 'points') : L('现金结算', 'cash')}</div>
      {b.photos.length > 0 && <div style={{ fontSize: 12, color: '#666' }}>{L('照片：', 'Photos: ')}{b.photos.join('、')}</div>}
      {b.lines.length > 0 && <div style={{ marginTop: 6 }}>{b.lines.map((l, i) => <div key={i} style={{ fontSize: 13 }}>{lineWord(l, lang)}</div>)}<b>{L(`合计 ${yuan(b.amountYuan, lang)}`, `Total ${yuan(b.amountYuan, lang)}`)}</b>{b.points !== null && <Tag color="green" style={{ marginLeft: 6 }}>{L(`${b.points} 积分`, `${b.points} points`)}</Tag>}</div>}
      <Space style={{ marginTop: 8 }} wrap>
        {b.status === 'dispatched' && <Button loading={busy} onClick={() => step('on_way')} data-testid="visit-on-way">{L('出发', 'Set out')}</Button>}
        {b.status === 'visiting' && !b.arrivedAt && <Button loading={busy} onClick={() => step('arrive')} data-testid="visit-arrive">{L('已到达', 'Arrived')}</Button>}
        {['dispatched', 'visiting'].includes(b.status) && !recording && <Button type="primary" onClick={() => setRecording(true)} data-testid="visit-record">{L('登记回收', 'Record')}</Button>}
      </Space>
      {recording && (
        <Form form={form} layout="vertical" style={{ marginTop: 8 }} initialValues={{
          stationId: b.stations[0]?.id,
          lines: b.items.map((i) => ({ category: i.category, applianceType: i.applianceType || undefined, itemCount: i.estimatedCount ?? undefined })),
        }} onFinish={async (v) => {
          setBusy(true);
          try {
            await post(`/api/recycling/bookings/${b.id}/record`, {
              stationId: v.stationId,
              lines: (v.lines ?? []).map((l: { category: string; applianceType?: string; weightKg: number; itemCount?: number; brand?: string; serial?: string }) => l.category === 'ewaste'
                ? { category: 'ewaste', applianceType: l.applianceType, weightKg: l.weightKg, units: [{ applianceType: l.applianceType, brand: l.brand?.trim() || undefined, serial: l.serial?.trim() || undefined, weightKg: l.weightKg }] }
                : { category: l.category, weightKg: l.weightKg, itemCount: RECYCLABLE_CATEGORIES.find((c) => c.value === l.category)?.measure === 'piece' ? l.itemCount : undefined }),
            });
            setRecording(false);
            refresh();
          } catch (e) { fail(e); } finally { setBusy(false); }
        }}>
          <Form.Item name="stationId" label={L('交售网点', 'Station taking the goods')} rules={[{ required: true, message: L('请选择网点', 'Choose the station') }]}>
            <Select data-testid="visit-station" options={b.stations.map((st) => ({ value: st.id, label: st.name.replace('临清市再生资源回收利用有限公司', '') }))} />
          </Form.Item>
          <Form.List name="lines">
            {(fields) => fields.map((f, i) => {
              const l = lines?.[i] ?? {};
              const cat = l.category ?? b.items[i]?.category;
              const price = cat ? priceOf(cat, l.applianceType) : undefined;
              const piece = RECYCLABLE_CATEGORIES.find((c) => c.value === cat)?.measure === 'piece';
              const amount = price ? price.priceYuan * (price.unit === 'piece' ? (cat === 'ewaste' ? 1 : l.itemCount ?? 0) : l.weightKg ?? 0) : null;
              return (
                <Card key={f.key} size="small" type="inner" style={{ marginBottom: 8 }} data-testid={`visit-line-${i}`}
                  title={<span>{cat === 'ewaste' && l.applianceType ? applianceWord(l.applianceType, lang) : categoryWord(cat ?? '', lang)}</span>} extra={price ? <span style={{ fontSize: 12 }}>{priceWord(price, lang)}</span> : <span style={{ fontSize: 12, color: '#c0392b' }}>{L('价目表无此项', 'not priced')}</span>}>
                  <Form.Item name={[f.name, 'category']} hidden><Input /></Form.Item>
                  {cat === 'ewaste' && (
                    <Space wrap>
                      <Form.Item name={[f.name, 'applianceType']} label={L('电器', 'Appliance')} style={{ width: 110, marginBottom: 4 }}>
                        <Select options={APPLIANCE_TYPES.map((a) => ({ value: a.value, label: lang === 'zh' ? a.zh : a.en }))} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'brand']} label={L('品牌', 'Brand')} style={{ width: 100, marginBottom: 4 }}><Input maxLength={40} data-testid={`visit-brand-${i}`} /></Form.Item>
                      <Form.Item name={[f.name, 'serial']} label={L('编号（铭牌）', 'Serial')} style={{ width: 140, marginBottom: 4 }}><Input maxLength={60} data-testid={`visit-serial-${i}`} /></Form.Item>
                    </Space>
                  )}
                  <Space wrap>
                    <Form.Item name={[f.name, 'weightKg']} label={L('重量', 'Weight')} rules={[{ required: true, message: L('请称重', 'Weigh it') }]} style={{ width: 130, marginBottom: 4 }}>
                      <InputNumber min={0.01} precision={2} inputMode="decimal" addonAfter="kg" data-testid={`visit-weight-${i}`} />
                    </Form.Item>
                    {piece && cat !== 'ewaste' && (
                      <Form.Item name={[f.name, 'itemCount']} label={L('件数', 'Pieces')} rules={[{ required: true, message: L('请填写件数', 'Give the count') }]} style={{ width: 100, marginBottom: 4 }}>
                        <InputNumber min={1} precision={0} inputMode="numeric" data-testid={`visit-count-${i}`} />
                      </Form.Item>
                    )}
                  </Space>
                  {amount !== null && <div style={{ fontSize: 12 }} data-testid={`visit-amount-${i}`}>{L(`金额 ${yuan(Math.round(amount * 100) / 100, lang)}`, `Amount ${yuan(Math.round(amount * 100) / 100, lang)}`)}</div>}
                </Card>
              );
            })}
          </Form.List>
          <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="visit-submit">{L('提交，请居民确认', 'Submit for the resident to confirm')}</Button>
        </Form>
      )}
    </Card>
  );
}
