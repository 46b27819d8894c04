import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Empty, List, Row, Space, Tag, Typography } from 'antd';
import { ApiError, get } from '../api';
import { shanghai, tonnes, useI18n } from '../i18n';
import { VectorMap, type MapLine, type MapPoint } from '../components/VectorMap';
import { useAlarmFeed, type AlarmEvent } from './Alarms';

interface Vehicle { manifestId: string; number: string; wasteCode: string; wasteName: string; declaredWeightT: number; plate: string; at: string | null; longitude: number | null; latitude: number | null }
interface End { id: string; name: string; longitude: number | null; latitude: number | null }
export interface Track { manifestId: string; number: string; status: string; from?: End; to?: End; points: { at: string; longitude: number; latitude: number; speedKmh: number | null }[] }

/** The route driven, its two ends and the straight corridor between them, as map layers. */
export function trackLayers(track: Track, endLabels: { from: string; to: string }): { points: MapPoint[]; lines: MapLine[] } {
  const points: MapPoint[] = [];
  const lines: MapLine[] = [];
  const ends = [[track.from, 'producer', endLabels.from], [track.to, 'receiver', endLabels.to]] as const;
  for (const [end, kind, label] of ends) if (end?.longitude != null && end.latitude != null) points.push({ id: `${kind}-${end.id}`, longitude: end.longitude, latitude: end.latitude, label: `${label}：${end.name}`, kind });
  if (track.from?.longitude != null && track.to?.longitude != null) lines.push({ id: 'corridor', kind: 'corridor', coords: [[track.from.longitude, track.from.latitude!], [track.to.longitude, track.to.latitude!]] });
  if (track.points.length > 1) lines.push({ id: 'track', kind: 'track', label: track.number, coords: track.points.map((p) => [p.longitude, p.latitude]) });
  return { points, lines };
}

/** 在途监控: every vehicle carrying waste in the region now, with its load; one vehicle's route on demand. */
export default function LivePage() {
  const { L, M, lang } = useI18n();
  const [chosen, setChosen] = useState<string | null>(null);
  const [ticker, setTicker] = useState<{ id: string; title: string }[]>([]);
  const live = useQuery({ queryKey: ['live'], queryFn: () => get<{ items: Vehicle[] }>('/api/telemetry/live'), refetchInterval: 15_000 });
  const track = useQuery({ queryKey: ['track', chosen], enabled: !!chosen, queryFn: () => get<Track>(`/api/manifests/${chosen}/track`), refetchInterval: 15_000 });
  const onAlarm = useMemo(() => (type: 'raised' | 'changed', a: AlarmEvent) => {
    if (type === 'raised') setTicker((t) => [{ id: a.id, title: lang === 'zh' ? a.title : a.titleEn }, ...t].slice(0, 8));
  }, [lang]);
  useAlarmFeed(onAlarm);
  const vehicles = live.data?.items ?? [];
  const layers = useMemo(() => {
    const points: MapPoint[] = vehicles.filter((v) => v.longitude !== null && v.latitude !== null).map((v) => ({
      id: v.manifestId, longitude: v.longitude!, latitude: v.latitude!, kind: 'vehicle', label: v.plate,
      detail: `${v.number}<br/>${v.wasteCode} ${v.wasteName ?? ''} ${tonnes(v.declaredWeightT, lang)}<br/>${shanghai(v.at)}`,
    }));
    const lines: MapLine[] = [];
    if (track.data) {
      const t = trackLayers(track.data, { from: L('起点', 'From'), to: L('终点', 'To') });
      points.push(...t.points);
      lines.push(...t.lines);
    }
    return { points, lines };
  }, [vehicles, track.data, L, lang]);
  const selected = vehicles.find((v) => v.manifestId === chosen);
  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} lg={16}>
        <Card title={<Space>{L('在途监控', 'Live map')}<Tag color="processing" data-testid="live-count">{L(`${vehicles.length} 辆在途`, `${vehicles.length} on the road`)}</Tag></Space>}
          extra={<Typography.Text type="secondary">{L('每15秒刷新', 'Refreshes every 15 s')}</Typography.Text>}>
          {live.error && <Alert type="error" showIcon message={live.error instanceof ApiError ? M(live.error.text) : String(live.error)} />}
          <VectorMap points={layers.points} lines={layers.lines} height={520} testId="live-map" onPointClick={(p) => { if (p.kind === 'vehicle') setChosen(p.id); }} />
          {selected && <Space wrap style={{ marginTop: 8 }} data-testid="live-selected">
            <Tag color="red">{selected.plate}</Tag><Link to={`/manifests/${selected.manifestId}`}>{L('联单', 'Manifest')} {selected.number}</Link>
            <span>{selected.wasteCode} {selected.wasteName} · {tonnes(selected.declaredWeightT, lang)}</span>
            {track.data && <span>{track.data.from?.name} → {track.data.to?.name} · {L(`${track.data.points.length} 个定位点`, `${track.data.points.length} positions`)}</span>}
          </Space>}
        </Card>
      </Col>
      <Col xs={24} lg={8}>
        <Card size="small" title={L('在途车辆', 'Vehicles on the road')} style={{ marginBottom: 12 }}>
          {vehicles.length === 0 ? <Empty description={L('当前没有在途运输', 'Nothing on the road now')} /> : (
            <List size="small" dataSource={vehicles} data-testid="live-list" renderItem={(v) => (
              <List.Item onClick={() => setChosen(v.manifestId)} style={{ cursor: 'pointer', background: v.manifestId === chosen ? '#f0f7f3' : undefined }} data-testid="live-vehicle">
                <Space direction="vertical" size={0}>
                  <Space><Typography.Text strong>{v.plate}</Typography.Text>{v.at ? <Typography.Text type="secondary">{shanghai(v.at)}</Typography.Text> : <Tag>{L('无定位', 'No position')}</Tag>}</Space>
                  <span>{v.number} · {v.wasteCode} {v.wasteName} · {tonnes(v.declaredWeightT, lang)}</span>
                </Space>
              </List.Item>
            )} />
          )}
        </Card>
        <Card size="small" title={<Link to="/alarms">{L('实时预警', 'Live alarms')}</Link>}>
          {ticker.length === 0 ? <Typography.Text type="secondary">{L('打开本页后尚无新预警', 'No new alarm since this page opened')}</Typography.Text>
            : ticker.map((a) => <div key={a.id} data-testid="live-alarm"><Tag color="red">{L('预警', 'Alarm')}</Tag>{a.title}</div>)}
        </Card>
      </Col>
    </Row>
  );
}
