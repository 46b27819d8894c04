import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Descriptions, Empty, Input, InputNumber, Space, Spin, Tag, Typography } from 'antd';
import { ApiError, get, type Message } from '../api';
import { useI18n, shanghai, tonnes } from '../i18n';
import { useSession } from '../session';
import { remember, recall } from '../offline/cache';
import { discard, drainOutbox, enqueue, onOutboxChange, outboxOf, retry, type OutboxEntry } from '../offline/outbox';
import { keepLoaded, offlineReady } from '../offline/register';
import { ContainerScan, checkScans } from './DriverScan';
import { SIGNATURE_PHOTOS_MAX } from '../../domain/manifests/engine';

// 我的运输 (/driver, issue 20): the driver's phone. His open and today's loads as cards; a load's page
// with both ends shown (not typed), the weight prefilled, the containers scanned; the signature goes
// through the outbox, so that it is kept on the phone when there is no network and sent once, with
// its Idempotency-Key, when there is. Photos of the load (the phone's camera) go with the pickup's
// signature through the same outbox. Built for 390 px; works offline after one visit.

export interface Batch { batchNo: string; labelToken: string; containerType: string; containerCount: number; quantityT: number; name: string }
export interface Load {
  id: string; number: string; stream: string; streamLabel: Message; status: string; wasteCode: string; wasteName: string; declaredWeightT: number; plannedDate: string;
  vehiclePlate: string | null; origin: { name: string; address: string }; destination: { name: string; address: string }; batches: Batch[]; containerCount: number | null;
  turn: { action: string; step: string; party: string } | null;
  next: { action: 'sign_transport' | 'sign_handover'; step: string; leg: number; fields: { field: string; label: Message; kind: string; value: string | number }[] } | null;
}
interface LoadPage { driver: { id: string; name: string } | null; items: Load[]; total: number; page: number; pageSize: number }

const STATUS: Record<string, [string, string, string]> = {
  draft: ['待移出人签署', 'Awaiting the producer', 'default'], signed_by_producer: ['待接收装车', 'Ready for pickup', 'orange'], in_transit: ['运输中', 'On the road', 'blue'],
  received: ['已接受', 'Received', 'green'], partially_refused: ['部分拒收', 'Partly refused', 'red'], refused: ['拒收', 'Refused', 'red'], cancelled: ['已作废', 'Cancelled', 'default'],
};
const ACTION: Record<string, [string, string]> = { sign_transport: ['接收装车签字', 'Sign the pickup'], sign_handover: ['联运交接签字', 'Sign the handover'] };
const PAGE_SIZE = 20;
/** A camera's photo is made smaller on the phone before it waits in the outbox: the server takes 5 MB at most, and a road has little signal. */
const PHOTO_EDGE = 1600;

/** The photo as kept: a large one redrawn at 1600 px as JPEG (which also leaves its location behind), a small one as it is. */
async function shrink(file: File): Promise<Blob> {
  if (file.size < 1_500_000 || typeof createImageBitmap !== 'function') return file;
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, PHOTO_EDGE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale); canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b ?? file), 'image/jpeg', 0.85));
  } catch {
    return file;
  }
}

const useOnline = () => {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true), off = () => setOnline(false);
    window.addEventListener('online', on); window.addEventListener('offline', off);
    return () => { window.removeEventListener('online', on); window.removeEventListener('offline', off); };
  }, []);
  return online;
};

/** The loads from the server when it answers, else the copy kept on the phone, with when it was fetched. */
function useLoads(userId: string | undefined) {
  const [state, setState] = useState<{ page: LoadPage | null; savedAt: string | null; offline: boolean; error: ApiError | null; loading: boolean }>({ page: null, savedAt: null, offline: false, error: null, loading: true });
  const [pages, setPages] = useState(1);
  const key = `driver-loads:${userId}`;
  const load = useCallback(async () => {
    if (!userId) return;
    try {
      const got: LoadPage[] = [];
      for (let p = 1; p <= pages; p++) got.push(await get<LoadPage>(`/api/driver/loads?page=${p}&pageSize=${PAGE_SIZE}`));
      const merged = { ...got[0], items: got.flatMap((g) => g.items), page: pages };
      await remember(key, merged).catch(() => {});
      setState({ page: merged, savedAt: new Date().toISOString(), offline: false, error: null, loading: false });
    } catch (e) {
      if (e instanceof ApiError) { setState((s) => ({ ...s, error: e, loading: false })); return; }
      // No network: the last copy.
      const kept = await recall<LoadPage>(key).catch(() => null);
      setState({ page: kept?.value ?? null, savedAt: kept?.savedAt ?? null, offline: true, error: null, loading: false });
    }
  }, [key, pages, userId]);
  useEffect(() => { void load(); }, [load]);
  return { ...state, reload: load, more: () => setPages((p) => p + 1) };
}

function useOutbox(userId: string | undefined) {
  const [entries, setEntries] = useState<OutboxEntry[]>([]);
  useEffect(() => {
    if (!userId) return;
    const read = () => { void outboxOf(userId).then(setEntries); };
    read();
    return onOutboxChange(read);
  }, [userId]);
  return entries;
}

export default function DriverPage() {
  const { id } = useParams();
  const { me } = useSession();
  const { L, M } = useI18n();
  const online = useOnline();
  const loads = useLoads(me?.user.id);
  const outbox = useOutbox(me?.user.id);
  const [ready, setReady] = useState(false);
  const sent = useRef(outbox.length);
  // Kept for offline use once the worker has this page's files too.
  useEffect(() => { void offlineReady().then(async (ok) => setReady(ok && (await keepLoaded()))); }, []);
  // Back online, the queue goes out and the list is read afresh.
  useEffect(() => { if (online) void drainOutbox().then(() => loads.reload()); }, [online]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => { if (outbox.length < sent.current && online) void loads.reload(); sent.current = outbox.length; }, [outbox.length]); // eslint-disable-line react-hooks/exhaustive-deps

  const header = (
    <Space direction="vertical" style={{ width: '100%' }} size="small">
      <Space wrap>
        {loads.offline || !online
          ? <Tag color="orange" data-testid="driver-offline">{L('离线', 'Offline')}{loads.savedAt ? L(` · 上次更新 ${shanghai(loads.savedAt)}`, ` · last updated ${shanghai(loads.savedAt)}`) : ''}</Tag>
          : <Tag color="green" data-testid="driver-online">{L('在线', 'Online')}</Tag>}
        {ready && <Tag data-testid="offline-ready">{L('可离线使用', 'Works offline')}</Tag>}
      </Space>
      <Outbox entries={outbox} online={online} />
    </Space>
  );
  if (loads.loading) return <Spin style={{ margin: 40 }} />;
  if (loads.error) return <>{header}<Alert type="error" showIcon message={M(loads.error.text)} /></>;
  if (!loads.page) return <>{header}<Empty description={L('离线且手机上没有保存的运输任务：联网后打开一次', 'Offline, and no loads kept on this phone: open this page once online')} /></>;
  if (!loads.page.driver) return <>{header}<Alert type="warning" showIcon data-testid="driver-unlinked" message={L('您的账号尚未关联驾驶员档案', 'Your account is not linked to a driver record')}
    description={L('请本单位管理员在“我的单位”的驾驶员中关联您的账号，之后这里会列出安排给您的运输任务。', 'Ask your company’s administrator to link your account to your driver record under My company; your loads then show here.')} /></>;
  const queued = new Set(outbox.map((e) => e.manifestId));
  if (id) {
    const load = loads.page.items.find((l) => l.id === id);
    return <>{header}{load ? <LoadView load={load} queued={outbox.find((e) => e.manifestId === id) ?? null} userId={me!.user.id} /> : <Empty description={L('列表中没有这张联单（可能已办结或不属于您）', 'This load is not in your list (closed, or not yours)')} />}</>;
  }
  return (
    <Space direction="vertical" style={{ width: '100%', maxWidth: 560 }}>
      {header}
      <Typography.Title level={4} style={{ margin: 0 }}>{L(`我的运输 · ${loads.page.driver.name}`, `My loads · ${loads.page.driver.name}`)}</Typography.Title>
      {!loads.page.items.length && <Empty description={L('今天没有安排给您的运输任务', 'No loads for you today')} />}
      {loads.page.items.map((l) => <LoadCard key={l.id} load={l} queued={queued.has(l.id)} />)}
      {loads.page.items.length < loads.page.total && !loads.offline && <Button block onClick={loads.more} data-testid="driver-more">{L(`加载更多（共 ${loads.page.total} 条）`, `More (${loads.page.total} in all)`)}</Button>}
    </Space>
  );
}

function StatusTag({ load, queued }: { load: Load; queued: boolean }) {
  const { L } = useI18n();
  if (queued) return <Tag color="purple">{L('已签，待发送', 'Signed, to send')}</Tag>;
  const [zh, en, color] = STATUS[load.status] ?? [load.status, load.status, 'default'];
  return <Tag color={color}>{L(zh, en)}</Tag>;
}

function LoadCard({ load, queued }: { load: Load; queued: boolean }) {
  const { L, M, lang } = useI18n();
  const navigate = useNavigate();
  return (
    <Card size="small" hoverable data-testid={`driver-load-${load.number}`} onClick={() => navigate(`/driver/${load.id}`)}
      title={<span>{load.number}</span>} extra={<StatusTag load={load} queued={queued} />}>
      <Space direction="vertical" size={2} style={{ width: '100%' }}>
        <Typography.Text strong>{`${load.wasteCode} ${load.wasteName}`}</Typography.Text>
        <Typography.Text type="secondary">{`${M(load.streamLabel)} · ${L('申报', 'declared')} ${tonnes(load.declaredWeightT, lang)}${load.containerCount ? ` · ${load.containerCount} ${L('件', 'containers')}` : ''}${load.vehiclePlate ? ` · ${load.vehiclePlate}` : ''}`}</Typography.Text>
        <Typography.Text>{L('起：', 'From: ')}{load.origin.name}</Typography.Text>
        <Typography.Text>{L('止：', 'To: ')}{load.destination.name}</Typography.Text>
        {load.next && !queued && <Button type="primary" block size="large" data-testid={`driver-open-${load.number}`}>{L(ACTION[load.next.action][0], ACTION[load.next.action][1])}</Button>}
      </Space>
    </Card>
  );
}

function Outbox({ entries, online }: { entries: OutboxEntry[]; online: boolean }) {
  const { L, M } = useI18n();
  if (!entries.length) return null;
  const waiting = entries.filter((e) => e.status === 'pending').length;
  const failed = entries.length - waiting;
  return (
    <Card size="small" data-testid="driver-outbox" title={<span data-testid="driver-outbox-count">{L(`待发送 ${waiting} 条`, `${waiting} waiting to send`)}{failed ? L(`，${failed} 条未被接受`, `, ${failed} not accepted`) : ''}</span>}
      extra={waiting > 0 && <Button size="small" disabled={!online} onClick={() => void drainOutbox()} data-testid="driver-outbox-send">{L('立即发送', 'Send now')}</Button>}>
      <Space direction="vertical" style={{ width: '100%' }} size="small">
        {entries.map((e) => (
          <div key={e.id} data-testid={`driver-outbox-${e.number}`}>
            <Typography.Text strong>{`${e.number} · ${L(ACTION[e.action][0], ACTION[e.action][1])}`}</Typography.Text>
            <br />
            <Typography.Text type="secondary">{L(`签于 ${shanghai(e.createdAt)}`, `signed ${shanghai(e.createdAt)}`)}
              {e.photos?.length ? <span data-testid={`driver-outbox-photos-${e.number}`}>{L(`，${e.photos.length} 张照片`, `, ${e.photos.length} photo${e.photos.length > 1 ? 's' : ''}`)}</span> : null}{e.attempts ? L(`，已尝试 ${e.attempts} 次`, `, ${e.attempts} tries`) : ''}</Typography.Text>
            {e.status === 'pending' && e.error && <div><Typography.Text type="warning">{M(e.error.message)}</Typography.Text></div>}
            {e.status === 'failed' && e.error && (
              <Alert type="error" showIcon style={{ marginTop: 4 }} data-testid={`driver-outbox-failed-${e.number}`}
                message={L('服务器未接受这次签字', 'The server did not accept this signature')}
                description={<>{M(e.error.message)}<br /><Typography.Text type="secondary">{L('常见原因：已由他人签署、联单已作废或已变更。核实后可放弃这条记录。', 'Usually: someone else signed it, or the manifest was cancelled or changed. Check, then discard this entry.')}</Typography.Text></>}
                action={<Space direction="vertical"><Button size="small" danger onClick={() => void discard(e.id)} data-testid={`driver-outbox-discard-${e.number}`}>{L('放弃', 'Discard')}</Button>
                  <Button size="small" onClick={() => void retry(e.id)}>{L('重试', 'Retry')}</Button></Space>} />
            )}
          </div>
        ))}
      </Space>
    </Card>
  );
}

function LoadView({ load, queued, userId }: { load: Load; queued: OutboxEntry | null; userId: string }) {
  const { L, M, lang } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const initial = useMemo(() => Object.fromEntries((load.next?.fields ?? []).map((f) => [f.field, f.value])), [load]);
  const [values, setValues] = useState<Record<string, string | number | null>>(initial);
  const [scans, setScans] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [photos, setPhotos] = useState<{ blob: Blob; url: string }[]>([]);
  const camera = useRef<HTMLInputElement>(null);
  const shown = useRef(photos);
  shown.current = photos;
  // The previews' object URLs go with the page.
  useEffect(() => () => shown.current.forEach((p) => URL.revokeObjectURL(p.url)), []);
  const addPhotos = async (files: FileList | null) => {
    const picked = [...(files ?? [])].filter((f) => f.type.startsWith('image/'));
    if (photos.length + picked.length > SIGNATURE_PHOTOS_MAX) message.warning(L(`每次签字最多附 ${SIGNATURE_PHOTOS_MAX} 张照片`, `${SIGNATURE_PHOTOS_MAX} photos per signature at most`));
    const kept = await Promise.all(picked.slice(0, SIGNATURE_PHOTOS_MAX - photos.length).map(shrink));
    setPhotos((s) => [...s, ...kept.map((blob) => ({ blob, url: URL.createObjectURL(blob) }))]);
    if (camera.current) camera.current.value = '';
  };
  const check = checkScans(load.batches, scans);
  // Both ends come from the manifest, never typed on the road.
  const shownOnly = new Set(['origin', 'destination']);
  const sign = async () => {
    if (!load.next) return;
    const data: Record<string, unknown> = {};
    for (const f of load.next.fields) {
      const v = values[f.field];
      if (v === null || v === undefined || v === '') { message.error(L(`请填写${f.label.zh}`, `Fill in: ${f.label.en}`)); return; }
      data[f.field] = f.kind === 'weight' || f.kind === 'number' ? Number(v) : v;
    }
    setBusy(true);
    try {
      await enqueue({ userId, manifestId: load.id, number: load.number, action: load.next.action, body: { action: load.next.action, data, place: load.next.action === 'sign_transport' ? load.origin.address.slice(0, 100) : undefined },
        ...(photos.length ? { photos: photos.map((p) => ({ blob: p.blob, name: null })) } : {}) });
      const sent = navigator.onLine ? await drainOutbox() : 0;
      message.success(sent ? L('已签字并发送', 'Signed and sent') : L('已签字，保存在手机上，联网后自动发送', 'Signed and kept on the phone: sent when back online'));
      navigate('/driver');
    } finally { setBusy(false); }
  };
  return (
    <Space direction="vertical" style={{ width: '100%', maxWidth: 560 }} data-testid="driver-load">
      <Button onClick={() => navigate('/driver')}>{L('‹ 返回我的运输', '‹ Back to my loads')}</Button>
      <Card size="small" title={load.number} extra={<StatusTag load={load} queued={!!queued} />}>
        <Descriptions column={1} size="small" labelStyle={{ width: 76 }}>
          <Descriptions.Item label={L('废物', 'Waste')}>{`${load.wasteCode} ${load.wasteName}（${M(load.streamLabel)}）`}</Descriptions.Item>
          <Descriptions.Item label={L('申报量', 'Declared')}>{tonnes(load.declaredWeightT, lang)}</Descriptions.Item>
          <Descriptions.Item label={L('起点', 'From')}><span data-testid="driver-origin">{load.origin.name}<br /><Typography.Text type="secondary">{load.origin.address}</Typography.Text></span></Descriptions.Item>
          <Descriptions.Item label={L('终点', 'To')}><span data-testid="driver-destination">{load.destination.name}<br /><Typography.Text type="secondary">{load.destination.address}</Typography.Text></span></Descriptions.Item>
          {load.vehiclePlate && <Descriptions.Item label={L('车辆', 'Vehicle')}>{load.vehiclePlate}</Descriptions.Item>}
          <Descriptions.Item label={L('计划日期', 'Planned')}>{load.plannedDate}</Descriptions.Item>
        </Descriptions>
      </Card>
      {load.batches.length > 0 && <ContainerScan batches={load.batches} scans={scans} onScan={(code) => setScans((s) => [...s, code])} onClear={() => setScans([])} check={check} />}
      {queued && <Alert type="info" showIcon message={L('这次签字已保存在手机上，正在等待发送', 'This signature is kept on the phone, waiting to be sent')} />}
      {load.next && !queued && (
        <Card size="small" title={L(ACTION[load.next.action][0], ACTION[load.next.action][1])}>
          <Space direction="vertical" style={{ width: '100%' }}>
            {load.next.fields.filter((f) => !shownOnly.has(f.field)).map((f) => (
              <label key={f.field} style={{ display: 'block' }}>
                <Typography.Text>{M(f.label)}</Typography.Text>
                {f.kind === 'weight' || f.kind === 'number'
                  ? <InputNumber size="large" style={{ width: '100%' }} inputMode="decimal" min={0} step={0.01} data-testid={`driver-field-${f.field}`} value={values[f.field] as number | null}
                      addonAfter={f.kind === 'weight' ? L('吨', 't') : undefined} onChange={(v) => setValues((s) => ({ ...s, [f.field]: v }))} />
                  : <Input size="large" maxLength={100} data-testid={`driver-field-${f.field}`} value={String(values[f.field] ?? '')} onChange={(e) => setValues((s) => ({ ...s, [f.field]: e.target.value }))} />}
              </label>
            ))}
            <div data-testid="driver-photos">
              <Typography.Text>{L('现场照片', 'Photos of the load')}</Typography.Text>
              <Space wrap size={6} style={{ display: 'flex', margin: '4px 0' }}>
                {photos.map((p, i) => (
                  <span key={p.url} style={{ position: 'relative', display: 'inline-block' }}>
                    <img src={p.url} alt={L(`照片 ${i + 1}`, `Photo ${i + 1}`)} data-testid="driver-photo" style={{ width: 72, height: 72, objectFit: 'cover', borderRadius: 4, border: '1px solid #d9d9d9' }} />
                    <Button size="small" danger style={{ position: 'absolute', top: 0, right: 0 }} aria-label={L('删除照片', 'Remove photo')}
                      onClick={() => { URL.revokeObjectURL(p.url); setPhotos((s) => s.filter((x) => x !== p)); }}>×</Button>
                  </span>
                ))}
              </Space>
              {/* The phone opens its back camera; a desk computer offers its files. */}
              <input ref={camera} type="file" accept="image/*" capture="environment" multiple hidden data-testid="driver-photo-input" onChange={(e) => void addPhotos(e.target.files)} />
              <Button block size="large" disabled={photos.length >= SIGNATURE_PHOTOS_MAX} onClick={() => camera.current?.click()} data-testid="driver-photo-add">
                {photos.length ? L(`再拍一张（已 ${photos.length} 张）`, `Another photo (${photos.length} taken)`) : L('拍照', 'Take a photo')}
              </Button>
            </div>
            {check.missing.length > 0 && scans.length > 0 && <Alert type="warning" showIcon message={L('还有容器未扫码，仍可签字，请核实件数', 'Some containers are not scanned: you may still sign; check the count')} />}
            <Button type="primary" size="large" block loading={busy} onClick={() => void sign()} data-testid="driver-sign">{L('签字确认', 'Sign')}</Button>
          </Space>
        </Card>
      )}
      {!load.next && !queued && load.turn && <Alert type="info" showIcon message={L('现在不是您签字的环节', 'It is not your turn to sign')} />}
    </Space>
  );
}
