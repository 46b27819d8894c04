import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocation } from 'react-router-dom';
import { Alert, Button, Card, DatePicker, Descriptions, Form, Input, Modal, Select, Space, Statistic, Table, Tag, Timeline } from 'antd';
import dayjs from 'dayjs';
import { get, post, qs, type Page } from '../api';
import { useI18n } from '../i18n';
import { useFormFailure } from '../hooks';
import { useSession } from '../session';
import { VectorMap, type MapPoint } from '../components/VectorMap';
import { APPLIANCE_TYPES, EWASTE_UNIT_STATES } from '../../domain/recycling';

// 再生资源's network and e-waste (/recycling/network, /recycling/ewaste) for the commerce bureau (coverage of the network, the e-waste trace), ecology (the e-waste
// trace), the recycling company (its network) and the dismantler (the units it received, each
// dismantling recorded once). A station's clerk works on /recycling/station.

interface Coverage {
  communities: number; covered: number; coveredPct: number | null;
  towns: { townCode: string; townName: string; communities: number; covered: number; stations: number }[];
  counties: { countyCode: string; countyName: string; sortingCentres: number; stations: number; meetsOnePerCounty: boolean }[];
  uncovered: { id: string; name: string; regionCode: string; longitude: number | null; latitude: number | null }[];
}
interface Site { organisationId: string; name: string; kind: string; servedPlaceNames: string[]; servedTownCodes: string[]; longitude: number | null; latitude: number | null; operatorName: string }
interface Unit { id: string; siteName: string; applianceType: string; brand: string; serial: string; weightKg: number; collectedOn: string; state: string }
interface Summary { year: number; collected: number; dismantled: number; dismantledPct: number | null; bySite: { siteId: string; siteName: string; collected: number; shipped: number; dismantled: number }[]; byDismantler: { organisationId: string; organisationName: string; received: number; dismantled: number }[] }
interface Trace { serial: string; applianceType: string; brand: string; siteName: string; collectedOn: string; source: string; state: string; events: { kind: string; happenedOn: string; organisationName: string; manifestNumber: string | null; line: string; outputs: string }[] }

export default function RecyclingNetworkPage() {
  const { L } = useI18n();
  const { me } = useSession();
  const caps = me?.organisation?.capabilities ?? [];
  const official = ['office', 'regulator', 'platform_admin'].includes(me?.user.role ?? '');
  const sees = official && (me?.user.role !== 'regulator' || ['commerce', 'general'].includes(me?.user.domain ?? ''));
  const tabs = [
    ...(sees || caps.includes('recycler') ? [{ key: 'network', tab: L('网点覆盖', 'Network and coverage') }] : []),
    { key: 'ewaste', tab: L('废弃电器电子产品', 'E-waste') },
  ];
  // /recycling/ewaste opens on the e-waste tab, /recycling/network on the network where the reader sees it.
  const [tab, setTab] = useState(useLocation().pathname.endsWith('/ewaste') ? 'ewaste' : tabs[0].key);
  return (
    <Card title={L('回收网络与电器拆解', 'Network and e-waste')} tabList={tabs} activeTabKey={tab} onTabChange={setTab} styles={{ body: { padding: 12 } }}>
      {tab === 'network' && <Network official={sees} />}
      {tab === 'ewaste' && <Ewaste dismantler={caps.includes('ewaste_dismantler')} />}
    </Card>
  );
}

function Network({ official }: { official: boolean }) {
  const { L } = useI18n();
  // The map and the list show one page of sites (the server's largest, 100), paged together.
  const [page, setPage] = useState(1);
  const sites = useQuery({ queryKey: ['rr-sites', page], queryFn: () => get<Page<Site>>(`/api/recycling/sites${qs({ page, pageSize: 100 })}`) });
  const coverage = useQuery({ queryKey: ['rr-coverage'], enabled: official, queryFn: () => get<Coverage>('/api/recycling/coverage') });
  const points: MapPoint[] = [
    ...(sites.data?.items ?? []).filter((s) => s.longitude !== null).map((s) => ({ id: s.organisationId, longitude: s.longitude!, latitude: s.latitude!, label: s.name, kind: s.kind === 'station' ? L('回收网点', 'Stations') : L('分拣中心', 'Sorting centre'), detail: s.servedPlaceNames.join('、') })),
    ...(coverage.data?.uncovered ?? []).filter((p) => p.longitude !== null).map((p) => ({ id: p.id, longitude: p.longitude!, latitude: p.latitude!, label: p.name, kind: L('无网点的小区', 'Communities without a station') })),
  ];
  const c = coverage.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {c && <Space wrap size={32} data-testid="rr-coverage">
        <Statistic title={L('小区总数', 'Communities')} value={c.communities} suffix={L('个', '')} />
        <Statistic title={L('有回收网点服务', 'Served by a station')} value={c.covered} suffix={L('个', '')} />
        <Statistic title={L('覆盖率', 'Covered')} value={c.coveredPct ?? 0} suffix="%" />
        {c.counties.map((k) => <Statistic key={k.countyCode} title={L(`${k.countyName} 分拣中心`, `${k.countyName} sorting centres`)} value={k.sortingCentres} suffix={k.meetsOnePerCounty ? <Tag color="green">{L('达标', 'met')}</Tag> : <Tag color="red">{L('未建', 'none')}</Tag>} />)}
      </Space>}
      <VectorMap points={points} height={380} testId="rr-map" />
      {c && <Table size="small" rowKey="townCode" pagination={false} dataSource={c.towns} data-testid="rr-towns" scroll={{ x: 'max-content' }} columns={[
        { title: L('镇街', 'Town'), key: 't', render: (_v, t) => `${t.townName}（${t.townCode}）` },
        { title: L('小区', 'Communities'), dataIndex: 'communities', render: (n: number) => L(`${n} 个`, `${n}`) },
        { title: L('有网点', 'With a station'), dataIndex: 'covered', render: (n: number) => L(`${n} 个`, `${n}`) },
        { title: L('无网点', 'Without'), key: 'u', render: (_v, t) => (t.communities - t.covered ? <Tag color="orange">{t.communities - t.covered}</Tag> : 0) },
        { title: L('回收网点', 'Stations'), dataIndex: 'stations', render: (n: number) => L(`${n} 个`, `${n}`) },
      ]} />}
      <Table size="small" rowKey="organisationId" loading={sites.isLoading}
        pagination={{ current: page, pageSize: 100, total: sites.data?.total ?? 0, onChange: setPage, hideOnSinglePage: true, showSizeChanger: false }} dataSource={sites.data?.items ?? []} data-testid="rr-sites" scroll={{ x: 'max-content' }} columns={[
        { title: L('网点', 'Site'), dataIndex: 'name' },
        { title: L('类型', 'Kind'), dataIndex: 'kind', render: (k: string) => (k === 'station' ? L('回收网点', 'Station') : L('分拣中心', 'Sorting centre')) },
        { title: L('服务小区/镇街', 'Serves'), key: 's', render: (_v, s) => [...s.servedPlaceNames, ...s.servedTownCodes].join('、') || '—' },
        { title: L('经营企业', 'Run by'), dataIndex: 'operatorName' },
      ]} />
    </Space>
  );
}

function Ewaste({ dismantler }: { dismantler: boolean }) {
  const { L, M } = useI18n();
  const [state, setState] = useState<string | undefined>(dismantler ? 'received' : undefined);
  const [serial, setSerial] = useState('');
  const [page, setPage] = useState(1);
  const [tracing, setTracing] = useState<string | null>(null);
  const [dismantling, setDismantling] = useState<Unit | null>(null);
  const summary = useQuery({ queryKey: ['rr-ewaste-summary'], queryFn: () => get<Summary>('/api/recycling/ewaste/summary') });
  const units = useQuery({ queryKey: ['rr-units', state, serial, page], queryFn: () => get<Page<Unit>>(`/api/recycling/ewaste/units${qs({ state, serial: serial || undefined, page, pageSize: 20 })}`) });
  const label = (list: readonly { value: string; zh: string; en: string }[], v: string) => { const x = list.find((i) => i.value === v); return x ? M(x) : v; };
  const s = summary.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {s && <Space wrap size={32} data-testid="rr-ewaste-summary">
        <Statistic title={L(`${s.year} 年回收`, `Collected ${s.year}`)} value={s.collected} suffix={L('台', 'units')} />
        <Statistic title={L('已拆解', 'Dismantled')} value={s.dismantled} suffix={L('台', 'units')} />
        <Statistic title={L('拆解率', 'Dismantled share')} value={s.dismantledPct ?? 0} suffix="%" />
      </Space>}
      {s && !dismantler && <Table size="small" rowKey="siteId" pagination={false} dataSource={s.bySite} scroll={{ x: 'max-content' }} columns={[
        { title: L('回收网点', 'Station'), dataIndex: 'siteName' },
        { title: L('回收（台）', 'Collected'), dataIndex: 'collected' }, { title: L('已转运（台）', 'Shipped'), dataIndex: 'shipped' }, { title: L('已拆解（台）', 'Dismantled'), dataIndex: 'dismantled' },
      ]} />}
      {s && <Table size="small" rowKey="organisationId" pagination={false} dataSource={s.byDismantler} scroll={{ x: 'max-content' }} columns={[
        { title: L('拆解处理企业', 'Dismantler'), dataIndex: 'organisationName' }, { title: L('接收（台）', 'Received'), dataIndex: 'received' }, { title: L('已拆解（台）', 'Dismantled'), dataIndex: 'dismantled' },
      ]} />}
      <Space wrap>
        <Select allowClear placeholder={L('状态', 'State')} value={state} onChange={(v) => { setState(v); setPage(1); }} style={{ width: 160 }} options={EWASTE_UNIT_STATES.map((x) => ({ value: x.value, label: M(x) }))} data-testid="rr-unit-state" />
        <Input.Search allowClear placeholder={L('按编号查找', 'Find by serial')} onSearch={(v) => { setSerial(v.trim()); setPage(1); }} style={{ width: 200 }} data-testid="rr-unit-serial" />
      </Space>
      <Table<Unit> size="small" rowKey="id" loading={units.isLoading} dataSource={units.data?.items ?? []} data-testid="rr-units" scroll={{ x: 'max-content' }}
        pagination={{ current: page, pageSize: 20, total: units.data?.total ?? 0, onChange: setPage }}
        columns={[
          { title: L('电器', 'Appliance'), key: 'a', render: (_v, u) => `${label(APPLIANCE_TYPES, u.applianceType)} ${u.brand}` },
          { title: L('编号', 'Serial'), dataIndex: 'serial', render: (v: string) => v || '—' },
          { title: L('重量', 'Weight'), dataIndex: 'weightKg', render: (v: number) => `${v} kg` },
          { title: L('回收网点', 'Station'), dataIndex: 'siteName' },
          { title: L('回收日期', 'Collected'), dataIndex: 'collectedOn' },
          { title: L('状态', 'State'), dataIndex: 'state', render: (v: string) => <Tag color={v === 'dismantled' ? 'green' : v === 'received' ? 'blue' : undefined}>{label(EWASTE_UNIT_STATES, v)}</Tag> },
          { title: '', key: 'x', render: (_v, u) => <Space>
            <Button size="small" onClick={() => setTracing(u.id)}>{L('追溯', 'Trace')}</Button>
            {dismantler && u.state === 'received' && <Button size="small" type="primary" onClick={() => setDismantling(u)} data-testid="rr-dismantle">{L('登记拆解', 'Dismantled')}</Button>}
          </Space> },
        ]} />
      {tracing && <TraceModal id={tracing} onClose={() => setTracing(null)} />}
      {dismantling && <DismantleModal unit={dismantling} onClose={() => setDismantling(null)} />}
    </Space>
  );
}

function TraceModal({ id, onClose }: { id: string; onClose: () => void }) {
  const { L, M } = useI18n();
  const trace = useQuery({ queryKey: ['rr-trace', id], queryFn: () => get<Trace>(`/api/recycling/ewaste/units/${id}`) });
  const t = trace.data;
  const state = (v: string) => { const x = EWASTE_UNIT_STATES.find((s) => s.value === v); return x ? M(x) : v; };
  return (
    <Modal open title={L('电器追溯', 'Unit trace')} onCancel={onClose} footer={null}>
      {t && <>
        <Descriptions size="small" column={1} items={[
          { key: 's', label: L('编号', 'Serial'), children: t.serial || '—' },
          { key: 'a', label: L('电器', 'Appliance'), children: `${APPLIANCE_TYPES.find((a) => a.value === t.applianceType)?.zh ?? t.applianceType} ${t.brand}` },
        ]} />
        <Timeline data-testid="rr-trace" items={[
          { children: L(`${t.collectedOn} ${t.siteName} 回收`, `${t.collectedOn} collected at ${t.siteName}`) },
          ...t.events.map((e) => ({ color: e.kind === 'dismantled' ? 'green' : 'blue', children: `${e.happenedOn} ${state(e.kind)} · ${e.organisationName}${e.manifestNumber ? ` · ${L('联单', 'manifest')} ${e.manifestNumber}` : ''}${e.line ? ` · ${e.line}` : ''}${e.outputs ? ` · ${e.outputs}` : ''}` })),
        ]} />
      </>}
    </Modal>
  );
}

function DismantleModal({ unit, onClose }: { unit: Unit; onClose: () => void }) {
  const { L } = useI18n();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const fail = useFormFailure(form);
  return (
    <Modal open title={L(`登记拆解：${unit.serial || unit.brand}`, `Dismantling of ${unit.serial || unit.brand}`)} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} message={L('每台电器只能登记一次拆解。', 'A unit is dismantled once.')} />
      <Form form={form} layout="vertical" initialValues={{ dismantledOn: dayjs() }} onFinish={async (v) => {
        try {
          await post('/api/recycling/ewaste/dismantling', { unitId: unit.id, dismantledOn: v.dismantledOn.format('YYYY-MM-DD'), line: v.line, outputs: v.outputs || undefined });
          client.invalidateQueries({ queryKey: ['rr-units'] });
          client.invalidateQueries({ queryKey: ['rr-ewaste-summary'] });
          onClose();
        } catch (e) { fail(e); }
      }}>
        <Form.Item name="dismantledOn" label={L('拆解日期', 'Date')}><DatePicker /></Form.Item>
        <Form.Item name="line" label={L('拆解线', 'Line')} rules={[{ required: true, message: L('请填写拆解线', 'Give the line') }]}><Input maxLength={40} /></Form.Item>
        <Form.Item name="outputs" label={L('拆解产物（可选）', 'What came out (optional)')}><Input maxLength={300} placeholder={L('压缩机 1 台、铜 1.8 kg', 'Compressor, 1.8 kg copper')} /></Form.Item>
      </Form>
    </Modal>
  );
}
