import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, Input, Space, Tag, Typography } from 'antd';
import { useI18n } from '../i18n';
import type { Batch } from './Driver';

// Scanning the containers at pickup: each label's QR code carries its batch's link (…/scan/<token>),
// the same on every container of the batch, and the batch number is printed beside it for typing.
// The phone's camera reads codes through the browser's BarcodeDetector where there is one.

interface Detector { detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]> }
declare global { interface Window { BarcodeDetector?: new (options: { formats: string[] }) => Detector } }

export interface ScanCheck {
  /** Per batch: containers expected and scanned. */
  batches: { batch: Batch; scanned: number }[];
  missing: { batch: Batch; left: number }[];
  unknown: string[];
}

/** The token or batch number a scanned or typed code names. */
const codeOf = (raw: string) => { const text = raw.trim(); const at = text.lastIndexOf('/scan/'); return (at >= 0 ? text.slice(at + 6) : text).split(/[?#]/)[0]; };

export function checkScans(batches: Batch[], scans: string[]): ScanCheck {
  const counts = new Map<string, number>();
  const unknown: string[] = [];
  for (const raw of scans) {
    const code = codeOf(raw);
    const batch = batches.find((b) => b.labelToken === code || b.batchNo.toUpperCase() === code.toUpperCase());
    if (batch) counts.set(batch.batchNo, (counts.get(batch.batchNo) ?? 0) + 1);
    else unknown.push(code);
  }
  const rows = batches.map((batch) => ({ batch, scanned: counts.get(batch.batchNo) ?? 0 }));
  return { batches: rows, missing: rows.filter((r) => r.scanned < r.batch.containerCount).map((r) => ({ batch: r.batch, left: r.batch.containerCount - r.scanned })), unknown };
}

export function ContainerScan({ batches, scans, onScan, onClear, check }: { batches: Batch[]; scans: string[]; onScan: (code: string) => void; onClear: () => void; check: ScanCheck }) {
  const { L } = useI18n();
  const [typed, setTyped] = useState('');
  const [camera, setCamera] = useState(false);
  const canCamera = typeof window.BarcodeDetector === 'function' && !!navigator.mediaDevices?.getUserMedia;
  const add = () => { if (typed.trim()) { onScan(typed); setTyped(''); } };
  return (
    <Card size="small" title={L('容器扫码核对', 'Scan the containers')} extra={scans.length > 0 && <Button size="small" onClick={onClear}>{L('重新扫', 'Start again')}</Button>}>
      <Space direction="vertical" style={{ width: '100%' }}>
        {check.batches.map(({ batch, scanned }) => (
          <div key={batch.batchNo} data-testid={`driver-batch-${batch.batchNo}`}>
            <Typography.Text>{`${batch.batchNo} · ${batch.name} · ${batch.containerType}`}</Typography.Text>{' '}
            <Tag color={scanned >= batch.containerCount ? 'green' : scanned ? 'orange' : 'default'}>{L(`已扫 ${scanned}/${batch.containerCount} 件`, `${scanned}/${batch.containerCount} scanned`)}</Tag>
          </div>
        ))}
        {canCamera && (camera ? <Camera onCode={(c) => { onScan(c); setCamera(false); }} onClose={() => setCamera(false)} />
          : <Button block size="large" onClick={() => setCamera(true)} data-testid="driver-camera">{L('用相机扫码', 'Scan with the camera')}</Button>)}
        <Space.Compact style={{ width: '100%' }}>
          <Input size="large" placeholder={L('或输入标签上的批次编号', 'or type the batch number on the label')} value={typed} onChange={(e) => setTyped(e.target.value)} onPressEnter={add} data-testid="driver-code" maxLength={200} />
          <Button size="large" onClick={add} data-testid="driver-code-add">{L('添加', 'Add')}</Button>
        </Space.Compact>
        {scans.length > 0 && check.missing.length === 0 && check.unknown.length === 0 && <Alert type="success" showIcon data-testid="driver-scan-ok" message={L('全部容器已核对', 'Every container checked')} />}
        {scans.length > 0 && check.missing.length > 0 && (
          <Alert type="warning" showIcon data-testid="driver-scan-missing" message={L('还缺：', 'Still missing: ') + check.missing.map((m) => L(`${m.batch.batchNo} 还差 ${m.left} 件`, `${m.batch.batchNo}: ${m.left} more`)).join(L('；', '; '))} />
        )}
        {check.unknown.length > 0 && (
          <Alert type="error" showIcon data-testid="driver-scan-unknown" message={L(`不属于本联单的编码：${check.unknown.join('、')}`, `Not on this manifest: ${check.unknown.join(', ')}`)}
            description={L('请核对是否装错车或拿错容器。', 'Check that the container belongs to this load.')} />
        )}
      </Space>
    </Card>
  );
}

function Camera({ onCode, onClose }: { onCode: (code: string) => void; onClose: () => void }) {
  const { L } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let stream: MediaStream | null = null;
    let timer: number | undefined;
    let stopped = false;
    const detector = new window.BarcodeDetector!({ formats: ['qr_code'] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } }).then(async (s) => {
      stream = s;
      if (stopped || !video.current) return;
      video.current.srcObject = s;
      await video.current.play();
      const look = async () => {
        if (stopped || !video.current) return;
        const found = await detector.detect(video.current).catch(() => []);
        if (found[0]?.rawValue) { onCode(found[0].rawValue); return; }
        timer = window.setTimeout(look, 300);
      };
      void look();
    }).catch(() => setError(L('无法打开相机：请允许使用相机，或输入编号', 'The camera cannot be opened: allow it, or type the number')));
    return () => { stopped = true; window.clearTimeout(timer); stream?.getTracks().forEach((t) => t.stop()); };
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <div>
      {error ? <Alert type="error" message={error} /> : <video ref={video} muted playsInline style={{ width: '100%', borderRadius: 8, background: '#000' }} />}
      <Button block onClick={onClose} style={{ marginTop: 4 }}>{L('关闭相机', 'Close the camera')}</Button>
    </div>
  );
}
