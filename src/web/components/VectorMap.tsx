import { useMemo } from 'react';
import { Chart } from './Chart';
import { useI18n } from '../i18n';

export interface MapPoint { id: string; longitude: number; latitude: number; label: string; kind: string; detail?: string }
export interface MapLine { id: string; coords: [number, number][]; label?: string; kind?: string }

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// One colour per kind of point or line; unknown kinds fall back to grey.
export const MAP_COLOURS: Record<string, string> = {
  producer: '#fa8c16', store: '#722ed1', receiver: '#1f7a4d', collector: '#13c2c2', vehicle: '#f5222d', track: '#1677ff', corridor: '#bfbfbf', outline: '#8c8c8c',
};

// Legend names of the kinds; other kinds show as given.
const KIND_LABELS: Record<string, [string, string]> = {
  producer: ['产废单位', 'Producers'], store: ['有贮存的单位', 'Holding waste'], receiver: ['利用处置单位', 'Receivers'], collector: ['收集单位', 'Collectors'], vehicle: ['在途车辆', 'Vehicles'],
};

/**
 * The platform's base map without a tile server: longitude and latitude as axes (each axis
 * scaled to what is shown, so distances are not to scale), region outlines when imported, then lines (tracks) and
 * points (facilities, vehicles) over them.
 */
export function VectorMap({ points = [], lines = [], outlines = [], height = 420, testId, onPointClick }: {
  points?: MapPoint[]; lines?: MapLine[]; outlines?: MapLine[]; height?: number; testId?: string; onPointClick?: (p: MapPoint) => void;
}) {
  const { lang } = useI18n();
  const option = useMemo(() => {
    const kinds = [...new Set(points.map((p) => p.kind))];
    const name = (kind: string) => (KIND_LABELS[kind] ? KIND_LABELS[kind][lang === 'zh' ? 0 : 1] : kind);
    return {
      // The tooltip is HTML: names and addresses are written by companies and the public, so they go in escaped.
      tooltip: { trigger: 'item', formatter: (p: { data: { name?: string; detail?: string } }) => [p.data?.name, p.data?.detail].filter(Boolean).map((x) => escapeHtml(String(x))).join('<br/>') },
      legend: { top: 0, data: kinds.map(name) },
      grid: { left: 50, right: 16, top: 30, bottom: 30 },
      xAxis: { type: 'value', scale: true, name: '°E', axisLabel: { formatter: (v: number) => v.toFixed(2) } },
      yAxis: { type: 'value', scale: true, name: '°N', axisLabel: { formatter: (v: number) => v.toFixed(2) } },
      series: [
        { type: 'lines', coordinateSystem: 'cartesian2d', polyline: true, silent: true, data: outlines.map((o) => ({ name: o.label, coords: o.coords })), lineStyle: { color: MAP_COLOURS.outline, width: 1, opacity: 0.8 } },
        { type: 'lines', coordinateSystem: 'cartesian2d', polyline: true, data: lines.map((l) => ({ name: l.label, coords: l.coords, lineStyle: { color: MAP_COLOURS[l.kind ?? 'track'] ?? '#1677ff', type: l.kind === 'corridor' ? 'dashed' : 'solid' } })), lineStyle: { width: 3, opacity: 0.9 } },
        ...kinds.map((kind) => ({
          name: name(kind), type: 'scatter', symbolSize: kind === 'vehicle' ? 14 : 10, symbol: kind === 'vehicle' ? 'triangle' : 'circle', itemStyle: { color: MAP_COLOURS[kind] ?? '#8c8c8c' },
          label: { show: kind === 'vehicle', position: 'right', formatter: (p: { data: { name: string } }) => p.data.name },
          data: points.filter((p) => p.kind === kind).map((p) => ({ name: p.label, value: [p.longitude, p.latitude], detail: p.detail, id: p.id })),
        })),
      ],
    };
  }, [points, lines, outlines, lang]);
  const events = useMemo(() => onPointClick ? { click: (e: { data?: { id?: string } }) => { const p = points.find((x) => x.id === e.data?.id); if (p) onPointClick(p); } } : undefined, [points, onPointClick]);
  return <Chart option={option} height={height} testId={testId} events={events} />;
}
