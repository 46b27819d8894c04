import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Descriptions, Drawer, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { ApiError, get, post, qs, type Page } from '../api';
import { tonnes, useI18n } from '../i18n';
import { useSession } from '../session';
import { MANIFEST_STATUS } from './Manifests';
import { RegionSettings } from '../components/RegionSettings';
import { COLLECTION_METHOD } from '../../domain/streams/vocabularies';

interface RoundRow { id: string; roundDate: string; wasteCode: string; status: string; collectorName: string; plate: string; counts: { stops: number; manifests: number; received: number } }
interface Stop {
  seq: number; mine: boolean; producer: { id: string; name: string; address: string; contactPhone: string };
  manifest: { id: string | null; number: string | null; status: string; declaredWeightT: number | null; pickupWeightT: number | null; receivedWeightT: number | null } | null;
}
interface RoundDetail {
  id: string; roundDate: string; wasteCode: string; status: string; note: string; collector: { name: string }; vehicle: { plate: string; vehicleType: string; loadT: number }; driver: { name: string; phone: string } | null;
  isCollector: boolean; isDriver: boolean; stops: Stop[];
}

// Medical-waste codes of the national list (HW01), for choosing what a round collects.
const MEDICAL_CODES: [string, string, string][] = [
  ['841-001-01', '感染性废物', 'Infectious waste'], ['841-002-01', '损伤性废物', 'Sharps'], ['841-003-01', '病理性废物', 'Pathological waste'],
  ['841-004-01', '化学性废物', 'Chemical waste'], ['841-005-01', '药物性废物', 'Pharmaceutical waste'],
];
const ROUND_STATUS: Record<string, [string, string, string]> = { planned: ['进行中', 'Under way', 'processing'], closed: ['已结束', 'Closed', 'default'] };

/** 收运路线: a collector's rounds among small producers (公交式收运), seen by the collector, its driver, each producer on it and the regulators. */
export default function RoundsPage() {
  const { L } = useI18n();
  const { me } = useSession();
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string | null>(null);
  const [planning, setPlanning] = useState(false);
  const collector = !!me?.organisation?.capabilities.includes('collector') && me.user.role !== 'driver';
  const official = me?.organisation?.kind === 'government';
  const list = useQuery({ queryKey: ['rounds', page], queryFn: () => get<Page<RoundRow>>(`/api/rounds${qs({ page, pageSize: 20 })}`) });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {official && <RegionSettings prefix="medical." title={L('医疗废物设置', 'Medical-waste settings')} saved={L('已保存，贮存超期预警按新时限计算', 'Saved: storage alarms use the new limit')} />}
      <Card title={L('收运路线（公交式收运）', 'Collection rounds')} extra={collector && <Button type="primary" onClick={() => setPlanning(true)} data-testid="round-plan">{L('安排收运路线', 'Plan a round')}</Button>}>
        <Typography.Paragraph type="secondary">{L('收集单位的一辆车按路线依次到各小微产废单位收集，每个站点各出一份转移联单；收集后进入收集单位贮存库，按来源分别贮存，再转移至利用处置单位。',
          'One vehicle of a licensed collector visits small producers in turn; each stop gets its own manifest. The waste then sits in the collector’s store, kept by origin, until it moves on to a receiver.')}</Typography.Paragraph>
        <Table<RoundRow> rowKey="id" loading={list.isLoading} dataSource={list.data?.items ?? []} data-testid="round-table" scroll={{ x: 'max-content' }}
          onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
          pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showTotal: (t) => L(`共 ${t} 条`, `${t} in all`) }}
          columns={[
            { title: L('日期', 'Date'), dataIndex: 'roundDate' },
            { title: L('收集单位', 'Collector'), dataIndex: 'collectorName' },
            { title: L('车辆', 'Vehicle'), dataIndex: 'plate' },
            { title: L('废物代码', 'Code'), dataIndex: 'wasteCode' },
            { title: L('站点', 'Stops'), render: (_: unknown, r) => L(`${r.counts.stops} 个站点，已出联单 ${r.counts.manifests}，已入库 ${r.counts.received}`, `${r.counts.stops} stops, ${r.counts.manifests} manifests, ${r.counts.received} received`) },
            { title: L('状态', 'Status'), dataIndex: 'status', render: (s: string) => <Tag color={ROUND_STATUS[s]?.[2]}>{L(ROUND_STATUS[s]?.[0] ?? s, ROUND_STATUS[s]?.[1] ?? s)}</Tag> },
          ]} />
      </Card>
      {planning && <PlanRound onClose={() => setPlanning(false)} onPlanned={(id) => { setPlanning(false); setOpen(id); }} />}
      {open && <RoundDrawer id={open} onClose={() => setOpen(null)} />}
    </Space>
  );
}

function PlanRound({ onClose, onPlanned }: { onClose: () => void; onPlanned: (id: string) => void }) {
  const { L, M, lang } = useI18n();
  const { me } = useSession();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const [search, setSearch] = useState('');
  const fleet = useQuery({ queryKey: ['own-fleet'], queryFn: () => get<Page<{ id: string; vehicles: { id: string; plate: string; vehicleType: string }[]; drivers: { id: string; name: string }[] }>>(`/api/manifests/transporters${qs({ q: me?.organisation?.name })}`) });
  const mine = fleet.data?.items.find((o) => o.id === me?.organisation?.id);
  const producers = useQuery({ queryKey: ['round-producers', search], queryFn: () => get<Page<{ id: string; name: string; address: string }>>(`/api/rounds/producers${qs({ q: search, pageSize: 50 })}`) });
  return (
    <Modal open title={L('安排收运路线', 'Plan a round')} onCancel={onClose} onOk={() => form.submit()} okButtonProps={{ 'data-testid': 'round-plan-submit' } as never} width={640} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ roundDate: dayjs(), wasteCode: '841-001-01' }} onFinish={async (v) => {
        try {
          const round = await post<{ id: string }>('/api/rounds', { ...v, roundDate: v.roundDate.format('YYYY-MM-DD') });
          message.success(L('路线已安排，各站点可出具联单', 'Round planned: each stop can now make its manifest'));
          client.invalidateQueries({ queryKey: ['rounds'] });
          onPlanned(round.id);
        } catch (e) {
          if (!(e instanceof ApiError)) throw e;
          if (e.path) form.setFields([{ name: e.path.split('.')[0], errors: [M(e.text)] }]);
          else message.error(M(e.text));
        }
      }}>
        <Space wrap>
          <Form.Item name="roundDate" label={L('收运日期', 'Date')} rules={[{ required: true }]}><DatePicker /></Form.Item>
          <Form.Item name="wasteCode" label={L('收集的废物', 'Waste collected')} rules={[{ required: true }]}>
            <Select style={{ width: 240 }} options={MEDICAL_CODES.map(([code, zh, en]) => ({ value: code, label: `${code} ${lang === 'zh' ? zh : en}` }))} />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="vehicleId" label={L('车辆', 'Vehicle')} rules={[{ required: true }]}><Select style={{ width: 240 }} data-testid="round-vehicle" options={(mine?.vehicles ?? []).map((v) => ({ value: v.id, label: `${v.plate} ${v.vehicleType}` }))} /></Form.Item>
          <Form.Item name="driverId" label={L('驾驶员', 'Driver')} rules={[{ required: true }]}><Select style={{ width: 180 }} data-testid="round-driver" options={(mine?.drivers ?? []).map((d) => ({ value: d.id, label: d.name }))} /></Form.Item>
        </Space>
        <Form.Item name="producerIds" label={L('站点（按收运顺序选择）', 'Stops, in the order visited')} rules={[{ required: true }]}>
          <Select mode="multiple" showSearch filterOption={false} onSearch={setSearch} data-testid="round-stops" placeholder={L('输入单位名称搜索', 'Type a name to search')}
            options={(producers.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))} />
        </Form.Item>
        <Form.Item name="note" label={L('备注', 'Note')}><Input maxLength={300} /></Form.Item>
      </Form>
    </Modal>
  );
}

function RoundDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { L, M, lang } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const detail = useQuery({ queryKey: ['round', id], queryFn: () => get<RoundDetail>(`/api/rounds/${id}`) });
  const [weights, setWeights] = useState<Record<number, number>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const r = detail.data;
  const act = async (key: string, fn: () => Promise<unknown>, done: string) => {
    setBusy(key);
    try {
      await fn();
      message.success(done);
      client.invalidateQueries({ queryKey: ['round', id] });
      client.invalidateQueries({ queryKey: ['rounds'] });
    } catch (e) {
      if (e instanceof ApiError) message.error(M(e.text)); else throw e;
    } finally { setBusy(null); }
  };
  const sign = (manifestId: string, action: string, data?: Record<string, unknown>) => post(`/api/manifests/${manifestId}/sign`, { action, data });
  const join = async () => {
    const m = await post<{ id: string }>(`/api/rounds/${id}/join`, {});
    await sign(m.id, 'sign_emission');
  };
  return (
    <Drawer open width={Math.min(960, window.innerWidth)} onClose={onClose} title={r ? `${r.roundDate} ${r.collector.name}` : ''} destroyOnHidden
      extra={r?.isCollector && r.status === 'planned' && <Button onClick={() => act('close', () => post(`/api/rounds/${id}/close`), L('路线已结束', 'Round closed'))} loading={busy === 'close'} data-testid="round-close">{L('结束路线', 'Close the round')}</Button>}>
      {detail.error && <Alert type="error" showIcon message={detail.error instanceof ApiError ? M(detail.error.text) : String(detail.error)} />}
      {r && <Space direction="vertical" style={{ width: '100%' }}>
        <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} items={[
          { label: L('车辆', 'Vehicle'), children: `${r.vehicle.plate} ${r.vehicle.vehicleType}（${L('核载', 'load')} ${tonnes(r.vehicle.loadT, lang)}）` },
          { label: L('驾驶员', 'Driver'), children: r.driver ? `${r.driver.name} ${r.driver.phone}` : '—' },
          { label: L('废物代码', 'Code'), children: r.wasteCode },
          { label: L('状态', 'Status'), children: <Tag color={ROUND_STATUS[r.status]?.[2]} data-testid="round-status">{L(ROUND_STATUS[r.status]?.[0] ?? r.status, ROUND_STATUS[r.status]?.[1] ?? r.status)}</Tag> },
          ...(r.note ? [{ label: L('备注', 'Note'), children: r.note }] : []),
        ]} />
        <Table<Stop> rowKey="seq" size="small" pagination={false} dataSource={r.stops} data-testid="round-stops-table" scroll={{ x: 'max-content' }}
          columns={[
            { title: '#', dataIndex: 'seq' },
            { title: L('站点', 'Stop'), render: (_: unknown, s) => <span>{s.producer.name}<br /><Typography.Text type="secondary">{s.producer.address} {s.producer.contactPhone}</Typography.Text></span> },
            { title: L('联单', 'Manifest'), render: (_: unknown, s) => !s.manifest ? <Tag>{r.status === 'closed' ? L('未收运', 'Not collected') : L('待出联单', 'No manifest yet')}</Tag>
              : <Space direction="vertical" size={0}>
                {s.manifest.id ? <Link to={`/manifests/${s.manifest.id}`} onClick={(e) => e.stopPropagation()}>{s.manifest.number}</Link> : <Typography.Text type="secondary">{L('（其他单位）', '(another producer)')}</Typography.Text>}
                <Tag color={MANIFEST_STATUS[s.manifest.status]?.[2]} data-testid={`stop-status-${s.seq}`}>{L(MANIFEST_STATUS[s.manifest.status]?.[0] ?? s.manifest.status, MANIFEST_STATUS[s.manifest.status]?.[1] ?? s.manifest.status)}</Tag>
              </Space> },
            { title: L('重量', 'Weight'), render: (_: unknown, s) => s.manifest?.id ? <span>{L('申报', 'declared')} {tonnes(s.manifest.declaredWeightT, lang)}{s.manifest.pickupWeightT ? <><br />{L('装车', 'loaded')} {tonnes(s.manifest.pickupWeightT, lang)}</> : null}{s.manifest.receivedWeightT !== null ? <><br />{L('入库', 'received')} {tonnes(s.manifest.receivedWeightT, lang)}</> : null}</span> : null },
            { title: L('操作', 'Action'), render: (_: unknown, s) => <StopAction stop={s} round={r} weight={weights[s.seq]} setWeight={(w) => setWeights((x) => ({ ...x, [s.seq]: w }))} busy={busy}
              onJoin={() => act(`join-${s.seq}`, join, L('已出具联单并签字，等待收运车辆', 'Manifest made and signed: wait for the vehicle'))}
              onPickup={(mid, w) => act(`pickup-${s.seq}`, () => sign(mid, 'sign_transport', { pickupWeightT: w, origin: s.producer.name, destination: r.collector.name }), L('已装车签收', 'Picked up'))}
              onReceive={(mid, w) => act(`receive-${s.seq}`, () => sign(mid, 'sign_reception', { receptionOutcome: 'accepted', receivedWeightT: w, treatmentMethod: COLLECTION_METHOD }), L('已入库', 'Received into store'))} /> },
          ]} />
        {r.isCollector && <Typography.Text type="secondary">{L('入库后每份联单在本单位贮存库中单独成批（批次号 SJ+联单号），可在“台账与贮存”中转移至利用处置单位。',
          'Each received load becomes its own batch in your store (batch number SJ + manifest number); ship it on from Ledger & store.')}</Typography.Text>}
        {r.stops.filter((s) => s.manifest?.id && s.manifest.status === 'received').map((s) => <Chain key={s.seq} manifestId={s.manifest!.id!} title={s.producer.name} />)}
      </Space>}
    </Drawer>
  );
}

function StopAction({ stop, round, weight, setWeight, busy, onJoin, onPickup, onReceive }: {
  stop: Stop; round: RoundDetail; weight?: number; setWeight: (w: number) => void; busy: string | null;
  onJoin: () => void; onPickup: (manifestId: string, w: number) => void; onReceive: (manifestId: string, w: number) => void;
}) {
  const { L } = useI18n();
  const m = stop.manifest;
  if (round.status !== 'planned') return null;
  if (!m && stop.mine) return <Button type="primary" size="small" loading={busy === `join-${stop.seq}`} onClick={onJoin} data-testid={`stop-join-${stop.seq}`}>{L('出具本站联单并签字', 'Make and sign my manifest')}</Button>;
  if (m?.id && m.status === 'signed_by_producer' && round.isDriver) {
    return <Space><InputNumber size="small" min={0.0001} step={0.001} placeholder={L('装车重量（吨）', 'Loaded (t)')} value={weight ?? m.declaredWeightT ?? undefined} onChange={(v) => setWeight(Number(v))} data-testid={`stop-weight-${stop.seq}`} />
      <Button size="small" type="primary" loading={busy === `pickup-${stop.seq}`} onClick={() => onPickup(m.id!, weight ?? m.declaredWeightT!)} data-testid={`stop-pickup-${stop.seq}`}>{L('装车签收', 'Sign pickup')}</Button></Space>;
  }
  if (m?.id && m.status === 'in_transit' && round.isCollector) {
    return <Space><InputNumber size="small" min={0} step={0.001} placeholder={L('入库重量（吨）', 'Received (t)')} value={weight ?? m.pickupWeightT ?? undefined} onChange={(v) => setWeight(Number(v))} data-testid={`stop-weight-${stop.seq}`} />
      <Button size="small" type="primary" loading={busy === `receive-${stop.seq}`} onClick={() => onReceive(m.id!, weight ?? m.pickupWeightT!)} data-testid={`stop-receive-${stop.seq}`}>{L('入库确认', 'Receive into store')}</Button></Space>;
  }
  return null;
}

interface ChainRow { id: string; number: string; status: string; producerName: string; receiverName: string; receivedWeightT: number | null; treatmentMethod: string | null }

/** Where one stop's load went after the collector's store, down to final treatment. */
function Chain({ manifestId, title }: { manifestId: string; title: string }) {
  const { L, lang } = useI18n();
  const chain = useQuery({ queryKey: ['chain', manifestId], queryFn: () => get<{ downstream: ChainRow[]; collectorStore: { batchNo: string; inStoreT: number } | null }>(`/api/manifests/${manifestId}/chain`) });
  const c = chain.data;
  if (!c) return null;
  return (
    <Card size="small" title={`${L('追溯', 'Trace')}：${title}`} data-testid="round-chain">
      {c.collectorStore && <div>{L('收集单位贮存批次', 'Collector’s batch')} {c.collectorStore.batchNo}，{L('在库', 'in store')} {tonnes(c.collectorStore.inStoreT, lang)}</div>}
      {c.downstream.map((d) => <div key={d.id}>→ {L('联单', 'manifest')} {d.number} → {d.receiverName} <Tag color={MANIFEST_STATUS[d.status]?.[2]}>{L(MANIFEST_STATUS[d.status]?.[0] ?? d.status, MANIFEST_STATUS[d.status]?.[1] ?? d.status)}</Tag>{d.treatmentMethod ? `${L('处置方式', 'method')} ${d.treatmentMethod}` : ''}</div>)}
      {c.downstream.length === 0 && <Typography.Text type="secondary">{L('尚在收集单位贮存，未转移至利用处置单位', 'Still in the collector’s store')}</Typography.Text>}
    </Card>
  );
}

