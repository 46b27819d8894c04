import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { Alert, Breadcrumb, Col, Row, Select, Space, Spin, Statistic, Tag, Typography } from 'antd';
import { ApiError, get, qs } from '../api';
import { LangSwitch, shanghai, useI18n } from '../i18n';
import { Chart } from '../components/Chart';
import { RegionMap, type MapPoint, type RegionFill } from '../components/RegionMap';
import { STATUS } from './Indicators';
import { useCategoryNames } from '../hooks';
import { methodLabel } from '../../domain/treatment-methods';
import { formatNumber, tonnesText } from '../../domain/format';
import { TICKET_CLASSES } from '../../domain/household';

/** A plan row a department's records compute (农业, 再生资源). */
interface ComputedRate { no: number; name: string; unit: string; value: number | null; status: string; target: string | null }

interface Dashboard {
  region: { code: string; name: string; level: string } | null; year: number; children: { code: string; name: string; level: string }[];
  indicators: { planId: string; title: string; attainment: { area: string; counts: Record<string, number> }[]; offTrack: { no: number; name: string; status: string }[] } | null;
  flows: { generatedT: number; links: { source: string; target: string; value: number }[] };
  streams: { stream: string; label: { zh: string; en: string }; categoryPrefix: string; generatedT: number }[];
  manifestsInTransit: { count: number; t: number; overdue: number };
  overdueTasks: { total: number; items: { id: string; title: string; deadlineText: string; lead: string[] }[] };
  facilities: { id: string; name: string; capabilities: string[]; longitude: number; latitude: number }[];
  household: { day: string; byClass: Record<string, number>; totalT: number; facilities: { id: string; name: string; kind: string; capacityTPerDay: number | null; todayT: number; loadPct: number | null }[] } | null;
  agriculture: ComputedRate[] | null;
  recycling: ComputedRate[] | null;
  trend: { month: number; generatedT: number; handledT: number }[];
  generatedAt: string;
}

const panel: React.CSSProperties = { background: 'rgba(12,40,32,0.85)', border: '1px solid #2e6b52', borderRadius: 8, padding: 12, color: '#e6f4ec', minHeight: 300, boxSizing: 'border-box' };
const axis = { axisLabel: { color: '#cfe' }, splitLine: { lineStyle: { color: '#1f4d3c' } } };
/** Tonnes with sensible rounding: one decimal from 100 t, two from 1 t, three below (45.68, not 45.679). */
const tonnesFigure = (value: number | string | undefined) => formatNumber(Number(value ?? 0), '吨');
/** The Sankey's own nodes in English. */
const NODE_EN: Record<string, string> = { 产生: 'Generated', 自行利用: 'Utilised on site', 自行处置: 'Disposed of on site', 委外转移: 'Sent out', 集中收集贮存: 'Collected into store', 其他: 'Other (no method code)' };
const title = (t: string) => <Typography.Title level={5} style={{ color: '#9fe3bf', marginTop: 0 }}>{t}</Typography.Title>;

/** 一屏掌控: the wall screen of a region, refreshed every minute, drilling down from city to county to town. */
export default function ScreenPage() {
  const { L, M, lang } = useI18n();
  const [params, setParams] = useSearchParams();
  const regionCode = params.get('region') ?? undefined;
  const [trail, setTrail] = useState<{ code: string; name: string }[]>([]);
  const query = useQuery({ queryKey: ['dashboard', regionCode], queryFn: () => get<Dashboard>(`/api/dashboard${qs({ regionCode })}`), refetchInterval: 60_000 });
  const d = query.data;
  const categoryNames = useCategoryNames();
  const sankey = useMemo(() => {
    if (!d) return {};
    // Names beside codes: a waste category (HW08 废矿物油与含矿物油废物), a method of a licence (R9 废油再提炼…).
    const label = (node: string) => {
      const method = /^(利用|处置) ([RDC]\d+)$/.exec(node);
      if (method) return methodLabel(method[2], lang);
      const name = categoryNames.get(node);
      if (name) return `${node} ${name}`;
      return lang === 'en' ? NODE_EN[node] ?? node : node;
    };
    // The eight largest categories by name; the rest, each a sliver beside fly ash, as one node that says how many.
    const generated = d.flows.links.filter((l) => l.target === '产生').sort((a, b) => b.value - a.value);
    const shown = new Set(generated.slice(0, 8).map((l) => l.source));
    const rest = generated.slice(8);
    const others = L(`其他 ${rest.length} 类`, `${rest.length} other categories`);
    const merged = rest.length ? [{ source: others, target: '产生', value: Math.round(rest.reduce((t, l) => t + l.value, 0) * 1000) / 1000 }] : [];
    const links = [...d.flows.links.filter((l) => l.target !== '产生' || shown.has(l.source)), ...merged].map((l) => ({ ...l, source: l.source === others ? others : label(l.source), target: label(l.target) }));
    const names = [...new Set(links.flatMap((l) => [l.source, l.target]))];
    // Figures in the tooltip as tonnes a person writes (45.68 吨), not the sums' float.
    const tooltip = { formatter: (p: { dataType?: string; name: string; value: number; data: { source?: string; target?: string } }) => `${p.dataType === 'edge' ? `${p.data.source} → ${p.data.target}` : p.name}：${tonnesText(p.value, lang)}` };
    return { tooltip, series: [{ type: 'sankey', data: names.map((name) => ({ name })), links, label: { color: '#e6f4ec' }, lineStyle: { color: 'gradient', opacity: 0.5 } }] };
  }, [d, categoryNames, L, lang]);
  const trend = useMemo(() => d && ({
    tooltip: { trigger: 'axis' }, legend: { textStyle: { color: '#e6f4ec' }, top: 0 }, grid: { left: 40, right: 10, top: 30, bottom: 25 },
    xAxis: { type: 'category', data: d.trend.map((x) => `${x.month}${L('月', '')}`), ...axis }, yAxis: { type: 'value', ...axis },
    series: [{ name: L('产生（吨）', 'Generated (t)'), type: 'bar', data: d.trend.map((x) => x.generatedT) }, { name: L('利用处置/转移（吨）', 'Handled (t)'), type: 'line', data: d.trend.map((x) => x.handledT) }],
  }), [d, L]);
  // Towns coloured by their open alarms: the indicators are computed per plan region, not per town,
  // so a town's state on the map is what the alarm rules found there (GET /api/alarms/stats).
  const alarmStats = useQuery({ queryKey: ['alarm-stats'], queryFn: () => get<{ rows: { regionCode: string; open: number }[] }>('/api/alarms/stats'), refetchInterval: 60_000 });
  const fills = useMemo(() => {
    const open = new Map<string, number>();
    for (const r of alarmStats.data?.rows ?? []) open.set(r.regionCode, (open.get(r.regionCode) ?? 0) + r.open);
    const out: Record<string, RegionFill> = {};
    for (const c of d?.children ?? []) {
      const n = open.get(c.code) ?? 0;
      out[c.code] = { colour: n === 0 ? 'rgba(82,196,26,0.35)' : n < 3 ? 'rgba(250,173,20,0.5)' : 'rgba(245,34,45,0.5)', text: L(`未办结预警 ${n} 条`, `${n} open alarm${n === 1 ? '' : 's'}`) };
    }
    return out;
  }, [alarmStats.data, d, L]);
  const facilityPoints: MapPoint[] = useMemo(() => (d?.facilities ?? []).filter((f) => f.longitude !== null && f.latitude !== null)
    .map((f) => ({ id: f.id, longitude: f.longitude, latitude: f.latitude, label: f.name, kind: f.capabilities.includes('receiver') ? 'receiver' : f.capabilities.includes('collector') ? 'collector' : 'producer' })), [d]);
  const attainment = useMemo(() => d?.indicators && ({
    tooltip: { trigger: 'axis' }, legend: { type: 'scroll', top: 0, textStyle: { color: '#e6f4ec' }, pageTextStyle: { color: '#e6f4ec' } }, grid: { left: 110, right: 10, top: 36, bottom: 20 },
    yAxis: { type: 'category', data: d.indicators.attainment.map((a) => a.area), ...axis }, xAxis: { type: 'value', ...axis },
    series: Object.keys(STATUS).map((s) => ({ name: lang === 'zh' ? STATUS[s][0] : STATUS[s][1], type: 'bar', stack: 'all', data: d.indicators!.attainment.map((a) => a.counts[s] ?? 0) })),
  }), [d, lang]);
  const drill = (code: string) => { setTrail((t) => [...t, { code: d!.region!.code, name: d!.region!.name }]); setParams({ region: code }); };
  return (
    <div style={{ minHeight: '100vh', background: 'radial-gradient(circle at top, #0f3d2e, #06150f)', padding: 16 }} data-testid="screen">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Typography.Title level={3} style={{ color: '#e6f4ec', margin: 0 }}>{d?.region?.name ?? ''} {L('“无废城市”建设一屏掌控', 'Zero-Waste City at a glance')} {d?.year}</Typography.Title>
        <Space>
          <Breadcrumb items={[...trail.map((t, i) => ({ title: <a onClick={() => { setTrail(trail.slice(0, i)); setParams({ region: t.code }); }} style={{ color: '#9fe3bf' }}>{t.name}</a> })), { title: <span style={{ color: '#e6f4ec' }}>{d?.region?.name}</span> }]} />
          {d && d.children.length > 0 && <Select size="small" placeholder={L('下钻', 'Drill down')} style={{ width: 140 }} data-testid="screen-drill" onChange={(code: string) => drill(code)} options={d.children.map((c) => ({ value: c.code, label: c.name }))} />}
          <Typography.Text style={{ color: '#9fe3bf' }}>{L('更新于', 'Updated')} {shanghai(d?.generatedAt)}</Typography.Text>
          <LangSwitch />
          <Link to="/" style={{ color: '#9fe3bf' }}>{L('返回控制台', 'Console')}</Link>
        </Space>
      </Space>
      {query.error && <Alert type="error" showIcon message={query.error instanceof ApiError ? M(query.error.text) : String(query.error)} />}
      {/* The whole city's figures take a few seconds: say so instead of a blank screen. */}
      {!d && !query.error && <div style={{ textAlign: 'center', padding: 120, color: '#9fe3bf' }} data-testid="screen-loading"><Spin size="large" /><div style={{ marginTop: 16 }}>{L('正在汇总全市数据…', 'Gathering the city’s figures…')}</div></div>}
      {d && <Row gutter={[12, 12]}>
        <Col xs={24} md={6}><div style={panel}>{title(L('关键数字', 'Key figures'))}
          {d.streams.map((s) => <Statistic key={s.categoryPrefix} data-testid={`screen-generated-${s.stream}`} title={<span style={{ color: '#9fe3bf' }}>{L(`${s.label.zh}产生（吨）`, `${s.label.en} generated (t)`)}</span>}
            value={s.generatedT} formatter={tonnesFigure} valueStyle={{ color: '#fff', fontSize: 20 }} />)}
          <Statistic title={<span style={{ color: '#9fe3bf' }}>{L('在途联单', 'Manifests in transit')}</span>} value={d.manifestsInTransit.count} suffix={d.manifestsInTransit.overdue ? <Tag color="red">{L(`${d.manifestsInTransit.overdue} 超期`, `${d.manifestsInTransit.overdue} overdue`)}</Tag> : null} valueStyle={{ color: '#fff' }} />
          <Statistic title={<span style={{ color: '#9fe3bf' }}>{L('逾期任务', 'Overdue tasks')}</span>} value={d.overdueTasks.total} valueStyle={{ color: d.overdueTasks.total ? '#ff7875' : '#fff' }} />
        </div></Col>
        <Col xs={24} md={10}><div style={panel}>{title(L('固体废物流向（产生 → 利用处置）', 'Waste flows (generation → treatment)'))}{d.flows.links.length ? <Chart option={sankey} height={260} testId="screen-sankey" /> : <Typography.Text style={{ color: '#cfe' }}>{L('本年暂无台账数据', 'No ledger data this year')}</Typography.Text>}</div></Col>
        <Col xs={24} md={8}><div style={panel}>{title(d.indicators ? `${L('指标完成情况', 'Indicators')} · ${d.indicators.title}` : L('指标完成情况', 'Indicators'))}{attainment ? <Chart option={attainment} height={260} /> : <Typography.Text style={{ color: '#cfe' }}>{L('本区域及上级区域尚无指标体系', 'No indicator plan for this area or above it')}</Typography.Text>}</div></Col>
        <Col xs={24} md={8}><div style={panel}>{title(L('滞后和风险指标', 'Indicators behind'))}{(d.indicators?.offTrack ?? []).slice(0, 8).map((i) => <div key={i.no}><Tag color={STATUS[i.status]?.[2]}>{lang === 'zh' ? STATUS[i.status]?.[0] : STATUS[i.status]?.[1]}</Tag>{i.no}. {i.name}</div>)}</div></Col>
        <Col xs={24} md={8}><div style={panel}>{title(L('镇街预警与设施分布', 'Towns’ alarms and facilities'))}
          <RegionMap points={facilityPoints} fills={fills} regionCode={d.region && d.region.level !== 'city' && d.region.level !== 'province' ? d.region.code : undefined} height={300} dark showNames={false} testId="screen-map" />
          <Space size={8} wrap style={{ fontSize: 12 }}>{[['rgba(82,196,26,0.6)', L('无未办结预警', 'No open alarms')], ['rgba(250,173,20,0.7)', L('1–2 条', '1–2')], ['rgba(245,34,45,0.7)', L('3 条及以上', '3 or more')]].map(([c, t]) => <span key={t}><span style={{ display: 'inline-block', width: 10, height: 10, background: c, marginRight: 4 }} />{t}</span>)}</Space>
        </div></Col>
        <Col xs={24} md={8}><div style={panel}>{title(L('月度趋势（各类固体废物合计）', 'Monthly trend (all streams)'))}{trend && <Chart option={trend} height={240} />}</div></Col>
        {d.household && <Col xs={24} md={12}><div style={panel} data-testid="screen-household">{title(L(`今日生活垃圾清运（吨，${d.household.day}）`, `Household waste today (t, ${d.household.day})`))}
          <Row gutter={[8, 8]}>{(Object.keys(TICKET_CLASSES) as (keyof typeof TICKET_CLASSES)[]).filter((c) => c !== 'mixed' || d.household!.byClass[c]).map((c) => (
            <Col span={8} key={c}><Statistic data-testid={`screen-household-${c}`} title={<span style={{ color: '#9fe3bf' }}>{lang === 'zh' ? TICKET_CLASSES[c].zh : TICKET_CLASSES[c].en}</span>} value={d.household!.byClass[c] ?? 0} formatter={tonnesFigure} valueStyle={{ color: '#fff', fontSize: 18 }} /></Col>))}
          </Row>
          <Typography.Text style={{ color: '#cfe' }}>{L('合计', 'Total')} {tonnesFigure(d.household.totalT)} {L('吨', 't')}</Typography.Text>
        </div></Col>}
        {d.household && <Col xs={24} md={12}><div style={panel}>{title(L('处理设施今日负荷', 'Facilities’ load today'))}
          {d.household.facilities.map((f) => <div key={f.id} data-testid="screen-facility-load" style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
            <span>{f.name}</span><span>{tonnesFigure(f.todayT)} {L('吨', 't')}{f.capacityTPerDay ? ` / ${f.capacityTPerDay} ${L('吨/日', 't/d')}` : ''} {f.loadPct !== null && <Tag color={f.loadPct > 100 ? 'red' : f.loadPct > 85 ? 'orange' : 'green'}>{f.loadPct}%</Tag>}</span>
          </div>)}
        </div></Col>}
        {([['agriculture', 'agri', L('农业固体废物（平台计算）', 'Agricultural waste (computed)')], ['recycling', 'recycling', L('再生资源（平台计算）', 'Renewable resources (computed)')]] as const).map(([part, id, heading]) => !!d[part]?.length && (
          <Col xs={24} key={part}><div style={{ ...panel, minHeight: 0 }} data-testid={`screen-${part}`}>{title(heading)}
            <Row gutter={[8, 8]}>{d[part]!.map((a) => (
              <Col xs={12} md={6} xl={3} key={a.no}><Statistic data-testid={`screen-${id}-rate`} title={<span style={{ color: '#9fe3bf' }}>{a.name}</span>} value={a.value ?? '—'} suffix={a.value === null ? undefined : a.unit}
                valueStyle={{ color: '#fff', fontSize: 18 }} /><Tag color={STATUS[a.status]?.[2]}>{lang === 'zh' ? STATUS[a.status]?.[0] : STATUS[a.status]?.[1]}</Tag>{a.target && <Typography.Text style={{ color: '#cfe', fontSize: 12 }}>{L('目标', 'Target')} {a.target}</Typography.Text>}</Col>))}
            </Row>
          </div></Col>))}
        <Col xs={24}><div style={{ ...panel, minHeight: 0 }}>{title(L('逾期任务', 'Overdue tasks'))}{d.overdueTasks.items.map((t) => { const about = [t.lead.filter(Boolean).join('、'), t.deadlineText].filter(Boolean).join('，'); return <div key={t.id}>· {t.title}{about && `（${about}）`}</div>; })}</div></Col>
      </Row>}
    </div>
  );
}
