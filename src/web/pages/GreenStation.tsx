import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Radio, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { ApiError, get, post, qs, type Page } from '../api';
import { shanghai, useI18n } from '../i18n';
import { GRADES } from '../../domain/green';
import { classWord, gradeWord, GRADE_COLOUR, kg, pts, POINT_CLASSES, type Delivery, type Household } from '../green';

// The collection point's counter (收集员工作台): the collector finds the household by its card (or the
// QR code read by the scanner into the field), records what it brought and grades it, grades what a
// smart bin took in, and hands over goods for points.

interface Point { id: string; name: string; opensAt: string | null; closesAt: string | null }

function useFailure(form: ReturnType<typeof Form.useForm>[0], setError: (e: ApiError | null) => void) {
  const { M } = useI18n();
  return (e: unknown) => {
    if (!(e instanceof ApiError)) throw e;
    setError(e);
    if (e.path) form.setFields([{ name: e.path === 'qrToken' ? 'card' : e.path === 'cardNo' ? 'card' : e.path, errors: [M(e.text)] }]);
  };
}
/** A card number as typed, or a QR code as the scanner reads it (the account's token). */
const householdKey = (card: string) => (/^[A-Za-z0-9_-]{16,64}$/.test(card.trim()) ? { qrToken: card.trim() } : { cardNo: card.trim() });

export default function GreenStationPage() {
  const { L } = useI18n();
  const points = useQuery({ queryKey: ['green-points'], queryFn: () => get<Page<Point>>('/api/household/facilities?kind=collection_point&pageSize=100') });
  const [pointId, setPointId] = useState<string | undefined>();
  const point = pointId ?? points.data?.items[0]?.id;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>{L('收集点工作台（绿色账户）', 'Collection point counter (green accounts)')}</Typography.Title>
      <Space wrap>
        <Typography.Text>{L('收集点', 'Collection point')}</Typography.Text>
        <Select style={{ minWidth: 260 }} value={point} onChange={setPointId} loading={points.isLoading} data-testid="station-point"
          options={(points.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name}（${p.opensAt ?? ''}–${p.closesAt ?? ''}）` }))} />
      </Space>
      {points.data && !points.data.items.length && <Alert type="info" showIcon message={L('本单位没有运营的收集点', 'Your organisation runs no collection point')} />}
      {point && <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}><RecordCard point={point} /></Col>
        <Col xs={24} lg={12}><RedeemCard point={point} /></Col>
        <Col span={24}><ToGrade point={point} /></Col>
      </Row>}
    </Space>
  );
}

function Balance({ card }: { card: string }) {
  const { L, lang } = useI18n();
  const key = card.trim() ? householdKey(card) : null;
  const q = useQuery({ queryKey: ['green-lookup', card], enabled: !!key && card.trim().length >= 4, queryFn: () => get<Page<Household>>(`/api/green/households${qs({ ...key, pageSize: 1 })}`) });
  const h = q.data?.items[0];
  if (!key || !q.data) return null;
  return h ? <Alert type="success" data-testid="station-household" message={`${h.placeName} ${h.address} · ${L('可用积分', 'balance')} ${pts(h.balance, lang)}`} />
    : <Alert type="warning" message={L('未找到该卡', 'No such card')} />;
}

function RecordCard({ point }: { point: string }) {
  const { L, lang } = useI18n();
  const [form] = Form.useForm();
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const card = Form.useWatch('card', form) ?? '';
  const client = useQueryClient();
  const fail = useFailure(form, setError);
  const submit = async (v: { card: string; wasteClass: string; weightKg?: number; grade?: string }) => {
    setError(null); setDone(null);
    try {
      const r = await post<{ delivery: Delivery; earned: number }>('/api/green/deliveries', { facilityId: point, ...householdKey(v.card), wasteClass: v.wasteClass, weightKg: v.weightKg ?? undefined, grade: v.grade || undefined });
      setDone(r.delivery.grade ? L(`已记录并评定：${r.delivery.cardNo} 获得 ${r.earned} 分`, `Recorded and graded: ${r.delivery.cardNo} earned ${r.earned} points`) : L(`已记录：${r.delivery.cardNo}，待评定`, `Recorded: ${r.delivery.cardNo}, to be graded`));
      form.resetFields(['weightKg', 'grade']);
      await client.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('green-') });
    } catch (e) { fail(e); }
  };
  return (
    <Card title={L('记录投放', 'Record a delivery')}>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ wasteClass: 'kitchen' }} data-testid="station-record">
        <Form.Item name="card" label={L('卡号或扫码', 'Card number or QR scan')} rules={[{ required: true, message: L('请刷卡或输入卡号', 'Scan or type the card') }]}><Input autoFocus data-testid="station-card" /></Form.Item>
        <Balance card={card} />
        <Form.Item name="wasteClass" label={L('类别', 'Class')}>
          <Radio.Group optionType="button" options={POINT_CLASSES.map((c) => ({ value: c, label: classWord(c, lang) }))} data-testid="station-class" />
        </Form.Item>
        <Form.Item name="weightKg" label={L('重量（千克，可不填）', 'Weight (kg, optional)')}><InputNumber min={0.01} max={500} step={0.1} style={{ width: 160 }} data-testid="station-weight" /></Form.Item>
        <Form.Item name="grade" label={L('分类质量评定（可稍后评定）', 'Sorting grade (or later)')}>
          <Radio.Group optionType="button" options={Object.keys(GRADES).map((g) => ({ value: g, label: gradeWord(g, lang) }))} data-testid="station-grade" />
        </Form.Item>
        {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={`${error.text[lang]}（${error.code}）`} data-testid="station-error" />}
        {done && <Alert type="success" showIcon style={{ marginBottom: 12 }} message={done} data-testid="station-done" />}
        <Button type="primary" htmlType="submit" data-testid="station-submit">{L('记录', 'Record')}</Button>
      </Form>
    </Card>
  );
}

function ToGrade({ point }: { point: string }) {
  const { L, lang } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const q = useQuery({ queryKey: ['green-ungraded', point], queryFn: () => get<Page<Delivery>>(`/api/green/deliveries${qs({ facilityId: point, ungraded: 'true', pageSize: 10 })}`) });
  const grade = async (id: string, g: string) => {
    try {
      const r = await post<{ earned: number }>(`/api/green/deliveries/${id}/grade`, { grade: g });
      message.success(L(`已评定，获得 ${r.earned} 分`, `Graded: ${r.earned} points earned`));
    } catch (e) {
      if (e instanceof ApiError) message.error(e.text[lang]); else throw e;
    }
    await client.invalidateQueries({ predicate: (x) => String(x.queryKey[0]).startsWith('green-') });
  };
  return (
    <Card title={L(`待评定的投放（${q.data?.total ?? 0}）`, `Deliveries to grade (${q.data?.total ?? 0})`)}>
      <Table<Delivery> rowKey="id" size="small" loading={q.isLoading} dataSource={q.data?.items ?? []} pagination={false} scroll={{ x: 'max-content' }} data-testid="station-ungraded"
        columns={[
          { title: L('时间', 'Time'), dataIndex: 'deliveredAt', render: (v) => shanghai(v) }, { title: L('卡号', 'Card'), dataIndex: 'cardNo' }, { title: L('门牌', 'Address'), dataIndex: 'address' },
          { title: L('类别', 'Class'), dataIndex: 'wasteClass', render: (v) => classWord(v, lang) }, { title: L('重量', 'Weight'), dataIndex: 'weightKg', render: (v) => kg(v, lang) },
          { title: L('评定', 'Grade'), key: 'grade', render: (_: unknown, r) => <Space>{Object.keys(GRADES).map((g) => (
            <Button key={g} size="small" onClick={() => grade(r.id, g)} data-testid={`grade-${r.cardNo}-${g}`}><Tag color={GRADE_COLOUR[g]} style={{ margin: 0 }}>{gradeWord(g, 'zh')}</Tag></Button>))}</Space> },
        ]} />
    </Card>
  );
}

function RedeemCard({ point }: { point: string }) {
  const { L, lang } = useI18n();
  const [form] = Form.useForm();
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const card = Form.useWatch('card', form) ?? '';
  const client = useQueryClient();
  const fail = useFailure(form, setError);
  const submit = async (v: { card: string; goods: string; quantity: number; points: number }) => {
    setError(null); setDone(null);
    try {
      const r = await post<{ cardNo: string; balance: number }>('/api/green/redemptions', { facilityId: point, ...householdKey(v.card), goods: v.goods, quantity: v.quantity, points: v.points });
      setDone(L(`已兑换：${r.cardNo} 剩余 ${r.balance} 分`, `Redeemed: ${r.cardNo} has ${r.balance} points left`));
      form.resetFields(['goods', 'points']);
      await client.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('green-') });
    } catch (e) { fail(e); }
  };
  return (
    <Card title={L('积分兑换', 'Redeem points')}>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ quantity: 1 }} data-testid="station-redeem">
        <Form.Item name="card" label={L('卡号或扫码', 'Card number or QR scan')} rules={[{ required: true }]}><Input data-testid="redeem-card" /></Form.Item>
        <Balance card={card} />
        <Form.Item name="goods" label={L('兑换物品', 'Goods')} rules={[{ required: true }]}><Input placeholder={L('洗衣液（1瓶）', 'Detergent (1 bottle)')} data-testid="redeem-goods" /></Form.Item>
        <Space>
          <Form.Item name="quantity" label={L('数量', 'Quantity')} rules={[{ required: true }]}><InputNumber min={1} max={1000} data-testid="redeem-quantity" /></Form.Item>
          <Form.Item name="points" label={L('所需积分', 'Points')} rules={[{ required: true }]}><InputNumber min={1} max={1_000_000} data-testid="redeem-points" /></Form.Item>
        </Space>
        {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={`${error.text[lang]}（${error.code}）`} data-testid="redeem-error" />}
        {done && <Alert type="success" showIcon style={{ marginBottom: 12 }} message={done} data-testid="redeem-done" />}
        <Button type="primary" htmlType="submit" data-testid="redeem-submit">{L('兑换', 'Redeem')}</Button>
      </Form>
    </Card>
  );
}
