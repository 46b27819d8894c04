import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Empty, Form, Input, InputNumber, Modal, Space, Tag, Typography } from 'antd';
import { get, post, qs, type Page } from '../api';
import { useI18n, useLabel } from '../i18n';
import { useFormFailure } from '../hooks';
import { CARCASS_SPECIES } from '../../domain/agri/carcass';
import { RoundMap, ROUND_STATUS, stopStatus, type RoundDetail, type Stop } from './AgriCarcass';

// 病死畜禽 driver's phone page (/agri/carcass/driver): his round in order, each stop's place and contact,
// and the pickup he signs there with the head counted, the weight and who handed over. Built for 390 px.

interface RoundRow { id: string; roundDate: string; status: RoundDetail['status'] }

export default function AgriCarcassDriverPage() {
  const { L } = useI18n();
  const rounds = useQuery({ queryKey: ['carcass-my-rounds'], queryFn: () => get<Page<RoundRow>>(`/api/carcass/rounds${qs({ mine: true, pageSize: 10 })}`) });
  // The rounds under way or still to drive, the one on the road first; else the latest one.
  const open = (rounds.data?.items ?? []).filter((r) => r.status !== 'done').sort((a, b) => Number(b.status === 'on_road') - Number(a.status === 'on_road'));
  const shown = open.length ? open : rounds.data?.items.slice(0, 1) ?? [];
  if (rounds.isLoading) return null;
  if (!shown.length) return <Empty description={L('没有安排给您的收集路线', 'No round for you')} />;
  return <Space direction="vertical" style={{ width: '100%' }}>{shown.map((r) => <DriverRound key={r.id} id={r.id} />)}</Space>;
}

function DriverRound({ id }: { id: string }) {
  const { L, lang } = useI18n();
  const label = useLabel();
  const round = useQuery({ queryKey: ['carcass-round', id], queryFn: () => get<RoundDetail>(`/api/carcass/rounds/${id}`) });
  const [signing, setSigning] = useState<Stop | null>(null);
  const r = round.data;
  if (!r) return null;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="small">
      <Card size="small" title={<span data-testid={`carcass-driver-round-${r.id}`}>{L(`${r.roundDate} 收集路线`, `Round of ${r.roundDate}`)}</span>} extra={<Tag color={ROUND_STATUS[r.status][2]}>{L(ROUND_STATUS[r.status][0], ROUND_STATUS[r.status][1])}</Tag>}>
        <Typography.Text>{`${r.plate} · ${r.driverName} · ${r.plantName}`}</Typography.Text>
        <RoundMap round={r} height={220} />
      </Card>
      {r.stops.map((s) => (
        <Card key={s.seq} size="small" data-testid={`carcass-driver-stop-${r.id}-${s.seq}`} title={`${s.seq}. ${s.source}`} extra={<Tag>{stopStatus(s.status, L)}</Tag>}>
          <Space direction="vertical" size={2} style={{ width: '100%' }}>
            <Typography.Text>{`${s.townName} · ${s.location}`}</Typography.Text>
            {s.contact && <Typography.Text type="secondary">{s.contact}</Typography.Text>}
            <Typography.Text>{L('报告：', 'Reported: ')}{`${label(CARCASS_SPECIES, s.species)} ${s.head} ${lang === 'zh' ? '头（只）' : 'head'}，${s.weightKg} ${lang === 'zh' ? '千克' : 'kg'}`}</Typography.Text>
            {s.suspectedNotifiable && <Tag color="red">{L('疑似重大动物疫病：按防疫要求消毒、单独装运', 'Suspected notifiable disease: disinfect and load apart')}</Tag>}
            {s.pickupHead !== null && <Typography.Text type="success">{L(`已签收 ${s.pickupHead} 头（只），${Math.round((s.pickupWeightT ?? 0) * 10_000) / 10} 千克，交出人 ${s.handedOverBy ?? ''}`, `Signed: ${s.pickupHead} head, ${Math.round((s.pickupWeightT ?? 0) * 10_000) / 10} kg, handed over by ${s.handedOverBy ?? ''}`)}</Typography.Text>}
            {r.isDriver && s.status === 'signed_by_producer' && s.manifestId && (
              <Button type="primary" block size="large" data-testid={`carcass-pickup-${r.id}-${s.seq}`} onClick={() => setSigning(s)}>{L('清点称重并签收', 'Count, weigh and sign')}</Button>
            )}
          </Space>
        </Card>
      ))}
      {signing && <PickupForm stop={signing} onClose={() => { setSigning(null); round.refetch(); }} />}
    </Space>
  );
}

function PickupForm({ stop, onClose }: { stop: Stop; onClose: () => void }) {
  const { L } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const fail = useFormFailure(form);
  const [busy, setBusy] = useState(false);
  return (
    <Modal open title={L(`签收：${stop.source}`, `Pickup: ${stop.source}`)} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden okText={L('签收', 'Sign')}
      okButtonProps={{ loading: busy, 'data-testid': 'carcass-pickup-submit' } as never}>
      <Form form={form} layout="vertical" initialValues={{ head: stop.head }} onFinish={async (v) => {
        setBusy(true);
        try {
          await post('/api/carcass/pickups', { manifestId: stop.manifestId, ...v });
          message.success(L('已签收', 'Signed'));
          onClose();
        } catch (e) { fail(e); } finally { setBusy(false); }
      }}>
        <Form.Item name="head" label={L('清点数量（头/只）', 'Head counted')} rules={[{ required: true }]}><InputNumber min={1} precision={0} style={{ width: '100%' }} inputMode="numeric" data-testid="carcass-pickup-head" /></Form.Item>
        <Form.Item name="weightKg" label={L('称重（千克）', 'Weight (kg)')} rules={[{ required: true }]}><InputNumber min={0.1} step={1} style={{ width: '100%' }} inputMode="decimal" data-testid="carcass-pickup-kg" /></Form.Item>
        <Form.Item name="handedOverBy" label={L('交出方确认人', 'Handed over and confirmed by')} rules={[{ required: true }]}><Input maxLength={30} data-testid="carcass-pickup-by" /></Form.Item>
      </Form>
    </Modal>
  );
}
