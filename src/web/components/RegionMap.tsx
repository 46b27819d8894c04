import { useEffect, useMemo, useRef } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Space, Typography } from 'antd';
import * as echarts from 'echarts/core';
import { LinesChart, ScatterChart } from 'echarts/charts';
import { GeoComponent, GraphicComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { get } from '../api';
import { useI18n } from '../i18n';

// SVG, not canvas: outlines and names stay sharp when zoomed, and are elements a test can find.
echarts.use([GeoComponent, GraphicComponent, LegendComponent, TooltipComponent, LinesChart, ScatterChart, SVGRenderer]);

export interface MapPoint { id: string; longitude: number; latitude: number; label: string; kind: string; detail?: string }
export interface MapLine { id: string; coords: [number, number][]; label?: string; kind?: string }
/** A region's fill on a map (the 大屏 colours towns by their state), with the words its tooltip shows. */
export interface RegionFill { colour: string; text: string }

type Geometry = { type: 'Polygon'; coordinates: [number, number][][] } | { type: 'MultiPolygon'; coordinates: [number, number][][][] };
export interface Outline { regionCode: string; name: string; level: string; approximate: boolean; source: string; licence: string; bbox: [number, number, number, number]; geometry: Geometry }
export interface Outlines { regionCode: string; bbox: [number, number, number, number] | null; tiles: { url: string; attribution: string } | null; outlines: Outline[] }

// The invisible region that frames the view (the outlines and every place), so that nothing lies off the map.
const FRAME = '__frame';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// One colour per kind of point or line; unknown kinds fall back to grey.
export const MAP_COLOURS: Record<string, string> = {
  producer: '#fa8c16', store: '#722ed1', receiver: '#1f7a4d', collector: '#13c2c2', vehicle: '#f5222d', track: '#1677ff', corridor: '#bfbfbf', outline: '#8c8c8c',
};

// Legend names of the kinds; other kinds show as given.
const KIND_LABELS: Record<string, [string, string]> = {
  producer: ['产废单位', 'Producers'], store: ['有贮存的单位', 'Holding waste'], receiver: ['利用处置单位', 'Receivers'], collector: ['收集单位', 'Collectors'], vehicle: ['在途车辆', 'Vehicles'],
};

/** The outlines of the user's area (a county and its towns), fetched once and revalidated by ETag. */
export function useOutlines(enabled = true, regionCode?: string) {
  return useQuery({
    queryKey: ['outlines', regionCode ?? ''], enabled, staleTime: 10 * 60_000, retry: false,
    queryFn: () => get<Outlines>(`/api/geo/outlines${regionCode ? `?regionCode=${regionCode}` : ''}`),
  });
}

// Web Mercator tiles ({z}/{x}/{y}) around a view: which to fetch and the corners of each in degrees.
const tileX = (lon: number, z: number) => ((lon + 180) / 360) * 2 ** z;
const tileY = (lat: number, z: number) => ((1 - Math.log(Math.tan((lat * Math.PI) / 180) + 1 / Math.cos((lat * Math.PI) / 180)) / Math.PI) / 2) * 2 ** z;
const lonOf = (x: number, z: number) => (x / 2 ** z) * 360 - 180;
const latOf = (y: number, z: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / 2 ** z))) * 180) / Math.PI;

/**
 * A map of real places: the imported region outlines (a county and its towns, approximate ones
 * dashed), optionally over a tile base map (WUFEI_MAP_TILES), with lines (routes, tracks) and named
 * points over them. Longitude is scaled by cos(latitude), so a kilometre is as long east as north.
 */
export function RegionMap({ points = [], lines = [], fills, height = 420, testId, onPointClick, regionCode, withOutlines = true, dark = false, showNames }: {
  points?: MapPoint[]; lines?: MapLine[]; fills?: Record<string, RegionFill>; height?: number; testId?: string; onPointClick?: (p: MapPoint) => void;
  regionCode?: string; withOutlines?: boolean; dark?: boolean; showNames?: boolean;
}) {
  const { L, lang } = useI18n();
  const outlines = useOutlines(withOutlines, regionCode);
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const drawn = outlines.data?.outlines ?? [];
  const tiles = outlines.data?.tiles ?? null;
  const approximate = drawn.some((o) => o.approximate);

  // The area shown: the outlines and every point and line, with a margin.
  const view = useMemo(() => {
    const lons: number[] = [], lats: number[] = [];
    for (const o of drawn) { lons.push(o.bbox[0], o.bbox[2]); lats.push(o.bbox[1], o.bbox[3]); }
    for (const p of points) { lons.push(p.longitude); lats.push(p.latitude); }
    for (const l of lines) for (const [x, y] of l.coords) { lons.push(x); lats.push(y); }
    if (!lons.length) return null;
    const [minLon, maxLon, minLat, maxLat] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
    const pad = Math.max(maxLon - minLon, maxLat - minLat, 0.01) * 0.04;
    return { minLon: minLon - pad, maxLon: maxLon + pad, minLat: minLat - pad, maxLat: maxLat + pad };
  }, [drawn, points, lines]);

  // The outlines as one registered map; without any, an invisible frame around what is shown.
  const mapName = useMemo(() => {
    if (!view) return null;
    const name = `wufei-${outlines.data?.regionCode ?? 'none'}-${drawn.length}-${drawn.map((o) => o.regionCode).join('').length}-${Math.round(view.minLon * 1e4)}-${Math.round(view.maxLat * 1e4)}`;
    const frame = { type: 'Feature', properties: { name: FRAME }, geometry: { type: 'Polygon', coordinates: [[[view.minLon, view.minLat], [view.maxLon, view.minLat], [view.maxLon, view.maxLat], [view.minLon, view.maxLat], [view.minLon, view.minLat]]] } };
    // The county first, its towns over it.
    const sorted = [...drawn].sort((a, b) => a.regionCode.length - b.regionCode.length);
    const features = [frame, ...sorted.map((o) => ({ type: 'Feature', properties: { name: o.name, regionCode: o.regionCode }, geometry: o.geometry }))];
    echarts.registerMap(name, { type: 'FeatureCollection', features } as never);
    return name;
  }, [view, drawn, outlines.data?.regionCode]);

  const option = useMemo(() => {
    if (!view || !mapName) return null;
    const kinds = [...new Set(points.map((p) => p.kind))];
    const kindName = (kind: string) => (KIND_LABELS[kind] ? KIND_LABELS[kind][lang === 'zh' ? 0 : 1] : kind);
    const midLat = (view.minLat + view.maxLat) / 2;
    const ink = dark ? '#cfe' : '#595959';
    const named = showNames ?? points.filter((p) => p.kind !== 'vehicle').length <= 40;
    return {
      // The tooltip is HTML: names and addresses are written by companies and the public, so they go in escaped.
      tooltip: { trigger: 'item', formatter: (p: { componentType: string; name?: string; data?: { name?: string; detail?: string } }) => {
        if (p.componentType === 'geo') {
          if (p.name === FRAME) return '';
          const o = drawn.find((x) => x.name === p.name);
          const fill = o && fills?.[o.regionCode];
          return [p.name, fill?.text, o?.approximate ? L('边界为示意', 'Approximate boundary') : ''].filter(Boolean).map((x) => escapeHtml(String(x))).join('<br/>');
        }
        return [p.data?.name, p.data?.detail].filter(Boolean).map((x) => escapeHtml(String(x))).join('<br/>');
      } },
      legend: { top: 0, data: kinds.map(kindName), textStyle: { color: ink } },
      geo: {
        map: mapName, roam: true, aspectScale: Math.cos((midLat * Math.PI) / 180),
        boundingCoords: [[view.minLon, view.maxLat], [view.maxLon, view.minLat]], top: kinds.length ? 30 : 8, bottom: 8, left: 8, right: 8,
        silent: false, tooltip: { show: true },
        label: { show: true, fontSize: 11, color: ink },
        itemStyle: { areaColor: tiles ? 'rgba(255,255,255,0.05)' : dark ? 'rgba(90,209,154,0.08)' : '#f6fbf8', borderColor: dark ? '#5ad19a' : '#8c8c8c', borderWidth: 0.8 },
        emphasis: { label: { show: true, color: dark ? '#fff' : '#000' }, itemStyle: { areaColor: dark ? 'rgba(90,209,154,0.3)' : '#e6f4ec' } },
        regions: [
          { name: FRAME, silent: true, itemStyle: { areaColor: 'transparent', borderColor: 'transparent', borderWidth: 0 }, label: { show: false }, emphasis: { disabled: true }, tooltip: { show: false } },
          ...drawn.map((o) => ({
            name: o.name,
            label: { show: o.level !== 'county' || drawn.length === 1 },
            itemStyle: {
              ...(o.level === 'county' ? { borderWidth: 2, borderColor: dark ? '#9fe3bf' : '#434343' } : {}),
              ...(o.approximate ? { borderType: 'dashed' } : {}),
              ...(fills?.[o.regionCode] ? { areaColor: fills[o.regionCode].colour } : o.level === 'county' && drawn.length > 1 ? { areaColor: 'transparent' } : {}),
            },
          })),
        ],
      },
      graphic: tiles ? [{ type: 'text', right: 6, bottom: 4, z: 100, style: { text: tiles.attribution, fontSize: 10, fill: ink } }] : [],
      series: [
        { type: 'lines', coordinateSystem: 'geo', polyline: true, zlevel: 1,
          data: lines.map((l) => ({ name: l.label, coords: l.coords, lineStyle: { color: MAP_COLOURS[l.kind ?? 'track'] ?? '#1677ff', type: l.kind === 'corridor' ? 'dashed' : 'solid', width: l.kind === 'corridor' ? 1.5 : 3 } })),
          lineStyle: { width: 3, opacity: 0.9 } },
        ...kinds.map((kind) => ({
          name: kindName(kind), type: 'scatter', coordinateSystem: 'geo', zlevel: 2, symbolSize: kind === 'vehicle' ? 14 : 9, symbol: kind === 'vehicle' ? 'triangle' : 'circle',
          itemStyle: { color: MAP_COLOURS[kind] ?? '#8c8c8c', borderColor: '#fff', borderWidth: 1 },
          // Names beside the markers; where they would collide, the later ones give way.
          label: { show: kind === 'vehicle' || named, position: 'right', fontSize: 11, color: dark ? '#fff' : '#262626', textBorderColor: dark ? '#06150f' : '#fff', textBorderWidth: 2, formatter: (p: { data: { name: string } }) => p.data.name },
          labelLayout: { hideOverlap: true },
          data: points.filter((p) => p.kind === kind).map((p) => ({ name: p.label, value: [p.longitude, p.latitude], detail: p.detail, id: p.id })),
        })),
      ],
    };
  }, [view, mapName, points, lines, drawn, fills, tiles, dark, showNames, lang, L]);

  useEffect(() => {
    chart.current = echarts.init(box.current!, undefined, { renderer: 'svg' });
    const observer = new ResizeObserver(() => chart.current?.resize());
    observer.observe(box.current!);
    return () => { observer.disconnect(); chart.current?.dispose(); };
  }, []);
  useEffect(() => { if (option) chart.current?.setOption(option, true); }, [option]);
  useEffect(() => {
    const c = chart.current;
    if (!c || !onPointClick) return;
    const click = (e: { data?: { id?: string } }) => { const p = points.find((x) => x.id === e.data?.id); if (p) onPointClick(p); };
    c.on('click', click as never);
    return () => { c.off('click', click as never); };
  }, [points, onPointClick]);

  // The base map: the tiles covering the view, laid under the outlines at their corners' pixels, again after each zoom or pan.
  useEffect(() => {
    const c = chart.current;
    if (!c || !tiles || !option || !view) return;
    const place = () => {
      const [left, top] = c.convertToPixel({ geoIndex: 0 }, [view.minLon, view.maxLat]) as number[];
      const [right] = c.convertToPixel({ geoIndex: 0 }, [view.maxLon, view.maxLat]) as number[];
      const width = Math.max(1, right - left);
      const z = Math.max(1, Math.min(18, Math.round(Math.log2((width * 360) / (256 * (view.maxLon - view.minLon))))));
      const images: object[] = [];
      for (let x = Math.floor(tileX(view.minLon, z)); x <= Math.floor(tileX(view.maxLon, z)) && images.length < 400; x++) {
        for (let y = Math.floor(tileY(view.maxLat, z)); y <= Math.floor(tileY(view.minLat, z)) && images.length < 400; y++) {
          const [x0, y0] = c.convertToPixel({ geoIndex: 0 }, [lonOf(x, z), latOf(y, z)]) as number[];
          const [x1, y1] = c.convertToPixel({ geoIndex: 0 }, [lonOf(x + 1, z), latOf(y + 1, z)]) as number[];
          images.push({ type: 'image', z: -10, silent: true, style: { image: tiles.url.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y)), x: x0, y: y0, width: x1 - x0, height: y1 - y0 } });
        }
      }
      c.setOption({ graphic: [{ type: 'text', right: 6, bottom: 4, z: 100, style: { text: tiles.attribution, fontSize: 10 } }, ...images] }, { replaceMerge: ['graphic'] } as never);
    };
    c.on('finished', place);
    c.on('georoam', place);
    return () => { c.off('finished', place); c.off('georoam', place); };
  }, [tiles, option, view]);

  return (
    <div data-testid={testId}>
      <div ref={box} style={{ width: '100%', height }} data-testid={testId ? `${testId}-canvas` : undefined} />
      {withOutlines && <Space size={12} wrap style={{ fontSize: 12 }} data-testid={testId ? `${testId}-legend` : undefined}>
        {drawn.length > 0 && <Typography.Text type="secondary" style={dark ? { color: '#9fe3bf' } : undefined}>
          {L('实线：县界', 'Solid: county boundary')}{approximate ? L('；虚线：镇街范围为示意（按驻地推算，非勘定界线）', '; dashed: approximate town areas (from the towns’ seats, not surveyed boundaries)') : ''}
        </Typography.Text>}
        {drawn.length > 0 && <Typography.Text type="secondary" style={dark ? { color: '#9fe3bf' } : undefined}>
          {L('边界来源', 'Outlines')}：{[...new Set(drawn.map((o) => `${o.source}（${o.licence}）`))].join('；')}
        </Typography.Text>}
        {outlines.isSuccess && drawn.length === 0 && <Typography.Text type="secondary">{L('尚未导入区划边界，仅按经纬度绘制', 'No region outlines imported: places drawn by their coordinates only')}</Typography.Text>}
        {!tiles && drawn.length > 0 && <Typography.Text type="secondary" style={dark ? { color: '#9fe3bf' } : undefined}>{L('未配置底图', 'No base map configured')}</Typography.Text>}
      </Space>}
    </div>
  );
}
