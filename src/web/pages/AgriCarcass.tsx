import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { get, post, qs, type Page } from '../api';
import { shanghai, useI18n, useLabel } from '../i18n';
import { useSession } from '../session';
import { useFormFailure } from '../hooks';
import { ServerTable } from '../components/ServerTable';
import { RegionSettings } from '../components/RegionSettings';
import { VectorMap, type MapLine, type MapPoint } from '../components/VectorMap';
import { CARCASS_CAUSES, CARCASS_METHODS, CARCASS_SPECIES, REPORT_STATES, type ReportState } from '../../domain/agri/carcass';

// 病死畜禽 (issue 16): the farm's and the town station's reports, the plant's rounds with their route and
// track, the plant's reception and treatment, the bureau's overview of the year. The driver's phone page
// is CarcassDriverPage below (/agri/carcass/driver).

export interface ReportRow {
  id: string; regionCode: string; townName: string; farmName: string | null; householdName: string | null; village: string | null; filedBy: string; species: string; head: number; weightKg: number;
  cause: string; suspectedNotifiable: boolean; diedOn: string; location: string; reportedAt: string; manifestId: string | null; manifestNumber: string | null; manifestStatus: string | null;
  pickupHead: number | null; receivedHead: number | null; receivedWeightT: number | null; treatmentMethod: string | null; treatedOn: string | null; roundId: string | null; state: ReportState;
  hoursWaiting: number | null; late: boolean; collectHours: number; cancelReason: string | null;
}
interface RoundRow { id: string; roundDate: string; plantName: string; plate: string; driverName: string; note: string; status: 'planned' | 'on_road' | 'done'; progress: { stops: number; pickedUp: number; received: number; head: number } }
export interface Stop {
  seq: number; reportId: string; manifestId: string | null; number: string | null; status: string; mine: boolean; source: string; townName: string; species: string; head: number; weightKg: number;
  location: string; contact: string; longitude: number | null; latitude: number | null; suspectedNotifiable: boolean; pickupHead: number | null; pickupWeightT: number | null; handedOverBy: string | null;
  receivedHead: number | null; receivedWeightT: number | null; treatmentMethod: string | null;
}
export interface RoundDetail {
  id: string; roundDate: string; plantId: string; plantName: string; plate: string; driverName: string; driverPhone: string; note: string; status: RoundRow['status']; isPlant: boolean; isDriver: boolean;
  stops: Stop[]; route: [number, number][]; track: { at: string; longitude: number; latitude: number }[];
}
interface Summary { year: number; reports: number; reported: number; reportedT: number; treated: number; treatedT: number; rate: number | null; waiting: number; onRoad: number; late: number; suspected: number }

const STATE_COLOURS: Record<ReportState, string> = { waiting: 'orange', scheduled: 'blue', collected: 'geekblue', treated: 'green', refused: 'red', cancelled: 'default', superseded: 'default' };
export const ROUND_STATUS: Record<RoundRow['status'], [string, string, string]> = { planned: ['待出发', 'Planned', 'default'], on_road: ['收集中', 'On the road', 'processing'], done: ['已完成', 'Done', 'success'] };
const kg = (n: number | null | undefined, lang: 'zh' | 'en') => (n === null || n === undefined ? '' : `${Number(n).toLocaleString('zh-CN', { maximumFractionDigits: 1 })} ${lang === 'zh' ? '千克' : 'kg'}`);
const head = (n: number | null | undefined, lang: 'zh' | 'en') => (n === null || n === undefined ? '' : `${n.toLocaleString('zh-CN')} ${lang === 'zh' ? '头（只）' : 'head'}`);

export default function AgriCarcassPage() {
  const { L, lang } = useI18n();
  const { me } = useSession();
  const caps = me?.organisation?.capabilities ?? [];
  const enterprise = me?.organisation?.kind === 'enterprise';
  const farm = enterprise && caps.includes('farm') && me?.user.role !== 'driver';
  const plant = enterprise && caps.includes('carcass_plant');
  const official = me?.user.role === 'office' || me?.user.role === 'regulator' || me?.user.role === 'platform_admin';
  const station = me?.user.role === 'regulator' && me.user.domain === 'agriculture';
  const year = dayjs().year();
  const summary = useQuery({ queryKey: ['carcass-summary', year], queryFn: () => get<Summary>(`/api/carcass/summary${qs({ year })}`) });
  const [reporting, setReporting] = useState<'farm' | 'household' | null>(null);
  const [planning, setPlanning] = useState(false);
  const [openRound, setOpenRound] = useState<string | null>(null);
  const s = summary.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={L('病死畜禽无害化处理（报告、收集、处理）', 'Dead livestock (reports, collection, treatment)')} extra={<Space>
        {farm && <Button type="primary" data-testid="carcass-report" onClick={() => setReporting('farm')}>{L('报告病死畜禽', 'Report dead animals')}</Button>}
        {station && <Button data-testid="carcass-report-household" onClick={() => setReporting('household')}>{L('代散户报告', 'Report for a household')}</Button>}
        {plant && me?.user.role !== 'driver' && <Button type="primary" data-testid="carcass-plan" onClick={() => setPlanning(true)}>{L('安排收集路线', 'Plan a round')}</Button>}
        {plant && me?.user.role === 'driver' && <Link to="/agri/carcass/driver"><Button type="primary">{L('我的收集路线', 'My round')}</Button></Link>}
      </Space>}>
        <Typography.Paragraph type="secondary">{L(
          '养殖场发现病死畜禽即在平台报告（散户由乡镇畜牧兽医站代报），报告即生成联单；无害化处理中心安排专用密闭车辆按路线收集，驾驶员逐点清点称重签收，车辆定位实时上传；处理中心进厂称重并登记化制、高温、焚烧或发酵处理。超时未收集、偏离路线、收集后未入厂均自动预警。',
          'A farm reports its dead animals (a town station reports for scattered households); the report is the manifest. The treatment plant collects them on rounds with a sealed vehicle whose GPS is tracked; the driver counts, weighs and signs at each stop; the plant weighs the load in and records rendering, high temperature, incineration or fermentation. A report not collected in time, a vehicle off its round and a load not received raise alarms.')}</Typography.Paragraph>
        {s && (
          <Row gutter={[16, 8]} data-testid="carcass-summary">
            <Col xs={12} md={4}><Statistic title={L(`${year}年报告`, `Reported ${year}`)} value={s.reported} suffix={L('头（只）', 'head')} /></Col>
            <Col xs={12} md={4}><Statistic title={L('集中无害化处理', 'Treated centrally')} value={s.treated} suffix={L('头（只）', 'head')} /></Col>
            <Col xs={12} md={4}><Statistic title={L('集中无害化处理率', 'Centralised treatment rate')} value={s.rate ?? '—'} precision={s.rate === null ? undefined : 1} suffix={s.rate === null ? '' : '%'} /></Col>
            <Col xs={12} md={4}><Statistic title={L('报告估重 / 处理称重', 'Reported / treated weight')} value={`${s.reportedT.toLocaleString('zh-CN', { maximumFractionDigits: 1 })} / ${s.treatedT.toLocaleString('zh-CN', { maximumFractionDigits: 1 })}`} suffix={L('吨', 't')} /></Col>
            <Col xs={12} md={4}><Statistic title={L('待收集 / 在途', 'Waiting / on the road')} value={`${s.waiting} / ${s.onRoad}`} /></Col>
            <Col xs={12} md={4}><Statistic title={L('超时未收集 / 疑似疫病', 'Late / suspected disease')} value={`${s.late} / ${s.suspected}`} valueStyle={s.late || s.suspected ? { color: '#cf1322' } : undefined} /></Col>
          </Row>
        )}
      </Card>
      {me?.organisation?.kind === 'government' && <RegionSettings prefix="carcass." title={L('病死畜禽预警设置', 'Dead-livestock alarm settings')} saved={L('已保存，预警按新时限计算', 'Saved: the alarms use the new hours')} />}
      <Reports canCancel={farm || station} />
      <Card title={L('收集路线', 'Collection rounds')} size="small">
        <ServerTable<RoundRow> queryKey="carcass-rounds" url="/api/carcass/rounds" rowKey="id" onRow={(r) => setOpenRound(r.id)}
          columns={[
            { title: L('日期', 'Date'), dataIndex: 'roundDate', render: (d: string, r) => <span data-testid={`carcass-round-${r.id}`}>{d}</span> },
            { title: L('车辆', 'Vehicle'), dataIndex: 'plate' },
            { title: L('驾驶员', 'Driver'), dataIndex: 'driverName' },
            { title: L('收集点', 'Stops'), key: 'stops', render: (_v, r) => L(`${r.progress.pickedUp}/${r.progress.stops} 已收集，${r.progress.received} 已入厂`, `${r.progress.pickedUp}/${r.progress.stops} picked up, ${r.progress.received} received`) },
            { title: L('收集数量', 'Collected'), key: 'head', align: 'right', render: (_v, r) => head(r.progress.head, lang) },
            { title: L('状态', 'Status'), dataIndex: 'status', render: (v: RoundRow['status']) => <Tag color={ROUND_STATUS[v][2]}>{L(ROUND_STATUS[v][0], ROUND_STATUS[v][1])}</Tag> },
            { title: L('备注', 'Note'), dataIndex: 'note' },
          ]} />
      </Card>
      {official && <Typography.Text type="secondary">{L('预警在“预警处置”中跟踪处理（规则：carcass_not_collected、carcass_off_route、carcass_not_received）。', 'Alarms are handled under Alarms (rules carcass_not_collected, carcass_off_route, carcass_not_received).')}</Typography.Text>}
      {reporting && <ReportForm household={reporting === 'household'} onClose={() => setReporting(null)} />}
      {planning && me?.organisation && <PlanForm plantId={me.organisation.id} onClose={() => setPlanning(false)} />}
      {openRound && <RoundModal id={openRound} onClose={() => setOpenRound(null)} />}
    </Space>
  );
}

function Reports({ canCancel }: { canCancel: boolean }) {
  const { L, lang } = useI18n();
  const label = useLabel();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const cancel = (r: ReportRow) => {
    let reason = '';
    modal.confirm({
      title: L('撤销报告', 'Cancel the report'), content: <Input data-testid="carcass-cancel-reason" placeholder={L('撤销原因', 'Reason')} onChange={(e) => { reason = e.target.value; }} />,
      onOk: async () => {
        try { await post(`/api/carcass/reports/${r.id}/cancel`, { reason }); message.success(L('已撤销', 'Cancelled')); client.invalidateQueries({ queryKey: ['carcass-reports'] }); }
        catch (e) { message.error(e instanceof Error ? e.message : String(e)); throw e; }
      },
    });
  };
  return (
    <Card title={L('死亡报告', 'Death reports')} size="small">
      <ServerTable<ReportRow> queryKey="carcass-reports" url="/api/carcass/reports" rowKey="id"
        filters={<>
          <Form.Item name="state"><Select allowClear placeholder={L('状态', 'State')} style={{ width: 160 }} data-testid="carcass-state-filter"
            options={(Object.keys(REPORT_STATES) as ReportState[]).map((k) => ({ value: k, label: L(REPORT_STATES[k].zh, REPORT_STATES[k].en) }))} /></Form.Item>
          <Form.Item name="q"><Input allowClear placeholder={L('养殖场、散户、村或联单号', 'Farm, household, village or manifest')} style={{ width: 220 }} /></Form.Item>
          <Form.Item name="late" valuePropName="checked"><Checkbox>{L('仅看超时未收集', 'Late only')}</Checkbox></Form.Item>
          <Form.Item name="suspected" valuePropName="checked"><Checkbox>{L('仅看疑似疫病', 'Suspected disease only')}</Checkbox></Form.Item>
        </>}
        columns={[
          { title: L('报告时间', 'Reported'), dataIndex: 'reportedAt', render: (v: string) => shanghai(v) },
          { title: L('来源', 'Source'), key: 'src', render: (_v, r) => <span data-testid={`carcass-report-${r.id}`}>{r.farmName ?? L(`散户 ${r.householdName}（${r.village}）`, `Household ${r.householdName} (${r.village})`)}</span> },
          { title: L('乡镇', 'Town'), key: 'town', render: (_v, r) => <>{r.townName} <Typography.Text type="secondary">{r.regionCode}</Typography.Text></> },
          { title: L('种类', 'Species'), dataIndex: 'species', render: (v: string) => label(CARCASS_SPECIES, v) },
          { title: L('数量', 'Head'), dataIndex: 'head', align: 'right', render: (v: number) => head(v, lang) },
          { title: L('估重', 'Estimated'), dataIndex: 'weightKg', align: 'right', render: (v: number) => kg(v, lang) },
          { title: L('原因', 'Cause'), key: 'cause', render: (_v, r) => <>{label(CARCASS_CAUSES, r.cause)}{r.suspectedNotifiable && <Tag color="red" style={{ marginLeft: 4 }}>{L('疑似重大动物疫病', 'Suspected notifiable disease')}</Tag>}</> },
          { title: L('状态', 'State'), key: 'state', render: (_v, r) => <Space size={2} wrap>
            <Tag color={STATE_COLOURS[r.state]} data-testid={`carcass-state-${r.id}`}>{L(REPORT_STATES[r.state].zh, REPORT_STATES[r.state].en)}</Tag>
            {r.late && <Tag color="red">{L(`超时 ${r.hoursWaiting} 小时（限 ${r.collectHours}）`, `Late: ${r.hoursWaiting} h (limit ${r.collectHours})`)}</Tag>}
          </Space> },
          { title: L('联单', 'Manifest'), key: 'm', render: (_v, r) => (r.manifestId ? <Link to={`/manifests/${r.manifestId}`}>{r.manifestNumber}</Link> : '') },
          { title: L('收集/接收', 'Counted / received'), key: 'counted', align: 'right', render: (_v, r) => (r.pickupHead === null ? '' : `${r.pickupHead} / ${r.receivedHead ?? '—'}`) },
          { title: L('处理方式', 'Method'), key: 'method', render: (_v, r) => (r.treatmentMethod ? `${label(CARCASS_METHODS, r.treatmentMethod)} ${r.treatedOn ?? ''}` : '') },
          ...(canCancel ? [{ title: '', key: 'act', render: (_v: unknown, r: ReportRow) => (r.state === 'waiting' ? <Button size="small" onClick={() => cancel(r)}>{L('撤销', 'Cancel')}</Button> : null) }] : []),
        ]} />
    </Card>
  );
}

function ReportForm({ household, onClose }: { household: boolean; onClose: () => void }) {
  const { L, M } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const fail = useFormFailure(form);
  const [busy, setBusy] = useState(false);
  return (
    <Modal open title={household ? L('代散户报告病死畜禽', 'Report for a scattered household') : L('报告病死畜禽（收集申请）', 'Report dead animals (pickup request)')} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden
      okButtonProps={{ loading: busy, 'data-testid': 'carcass-report-submit' } as never}>
      <Form form={form} layout="vertical" initialValues={{ species: 'pig', cause: 'non_disease', diedOn: dayjs() }} onFinish={async (v) => {
        setBusy(true);
        try {
          await post('/api/carcass/reports', { ...v, diedOn: v.diedOn.format('YYYY-MM-DD'), suspectedNotifiable: !!v.suspectedNotifiable });
          message.success(L('已报告，等待处理中心收集', 'Reported: the plant will collect'));
          client.invalidateQueries({ queryKey: ['carcass-reports'] });
          client.invalidateQueries({ queryKey: ['carcass-summary'] });
          onClose();
        } catch (e) { fail(e); } finally { setBusy(false); }
      }}>
        {household && <Space>
          <Form.Item name="householdName" label={L('户主姓名', 'Household')} rules={[{ required: true }]}><Input maxLength={30} data-testid="carcass-household" /></Form.Item>
          <Form.Item name="village" label={L('所在村', 'Village')} rules={[{ required: true }]}><Input maxLength={40} data-testid="carcass-village" /></Form.Item>
        </Space>}
        <Space wrap>
          <Form.Item name="species" label={L('畜禽种类', 'Species')} rules={[{ required: true }]}><Select style={{ width: 140 }} data-testid="carcass-species" options={CARCASS_SPECIES.map((s) => ({ value: s.value, label: M(s) }))} /></Form.Item>
          <Form.Item name="head" label={L('死亡数量（头/只）', 'Head')} rules={[{ required: true }]}><InputNumber min={1} precision={0} data-testid="carcass-head" /></Form.Item>
          <Form.Item name="weightKg" label={L('估计重量（千克）', 'Estimated weight (kg)')} rules={[{ required: true }]}><InputNumber min={0.1} step={10} data-testid="carcass-weight" /></Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="cause" label={L('死亡原因', 'Cause')} rules={[{ required: true }]}><Select style={{ width: 220 }} options={CARCASS_CAUSES.map((c) => ({ value: c.value, label: M(c) }))} /></Form.Item>
          <Form.Item name="diedOn" label={L('死亡日期', 'Died on')} rules={[{ required: true }]}><DatePicker /></Form.Item>
        </Space>
        <Form.Item name="suspectedNotifiable" valuePropName="checked"><Checkbox>{L('疑似重大动物疫病（立即报告农业农村部门）', 'Suspected notifiable disease (the bureau is told at once)')}</Checkbox></Form.Item>
        <Form.Item name="location" label={L('存放地点', 'Where the animals lie')} rules={[{ required: true }]}><Input maxLength={120} data-testid="carcass-location" /></Form.Item>
        <Form.Item name="contact" label={L('联系人及电话', 'Contact')}><Input maxLength={60} /></Form.Item>
      </Form>
    </Modal>
  );
}

function PlanForm({ plantId, onClose }: { plantId: string; onClose: () => void }) {
  const { L, M, lang } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const fail = useFormFailure(form);
  const [busy, setBusy] = useState(false);
  const org = useQuery({ queryKey: ['organisation', plantId], queryFn: () => get<{ vehicles: { id: string; plate: string; vehicleType: string; active: boolean }[]; drivers: { id: string; name: string; active: boolean }[] }>(`/api/organisations/${plantId}`) });
  const waiting = useQuery({ queryKey: ['carcass-waiting'], queryFn: () => get<Page<ReportRow>>(`/api/carcass/reports${qs({ state: 'waiting', pageSize: 100 })}`) });
  const source = (r: ReportRow) => `${r.farmName ?? `散户 ${r.householdName}（${r.village}）`} · ${M(CARCASS_SPECIES.find((s) => s.value === r.species) ?? { zh: r.species, en: r.species })} ${head(r.head, lang)} · ${r.townName}`;
  return (
    <Modal open width={640} title={L('安排收集路线', 'Plan a collection round')} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden okButtonProps={{ loading: busy, 'data-testid': 'carcass-plan-submit' } as never}>
      <Form form={form} layout="vertical" initialValues={{ roundDate: dayjs() }} onFinish={async (v) => {
        setBusy(true);
        try {
          await post('/api/carcass/rounds', { ...v, roundDate: v.roundDate.format('YYYY-MM-DD') });
          message.success(L('收集路线已安排，驾驶员手机端可见', 'Round planned: the driver sees it on his phone'));
          client.invalidateQueries({ queryKey: ['carcass-rounds'] });
          client.invalidateQueries({ queryKey: ['carcass-reports'] });
          onClose();
        } catch (e) { fail(e); } finally { setBusy(false); }
      }}>
        <Space wrap>
          <Form.Item name="roundDate" label={L('收集日期', 'Date')} rules={[{ required: true }]}><DatePicker /></Form.Item>
          <Form.Item name="vehicleId" label={L('收集车辆', 'Vehicle')} rules={[{ required: true }]}><Select style={{ width: 200 }} data-testid="carcass-vehicle"
            options={(org.data?.vehicles ?? []).filter((x) => x.active).map((x) => ({ value: x.id, label: `${x.plate}` }))} /></Form.Item>
          <Form.Item name="driverId" label={L('驾驶员', 'Driver')} rules={[{ required: true }]}><Select style={{ width: 140 }} data-testid="carcass-driver"
            options={(org.data?.drivers ?? []).filter((x) => x.active).map((x) => ({ value: x.id, label: x.name }))} /></Form.Item>
        </Space>
        <Form.Item name="reportIds" label={L('收集点（按选择顺序）', 'Stops (in the order chosen)')} rules={[{ required: true }]}>
          <Select mode="multiple" data-testid="carcass-stops" loading={waiting.isFetching} optionFilterProp="label"
            options={(waiting.data?.items ?? []).map((r) => ({ value: r.id, label: `${source(r)}${r.late ? L('（超时）', ' (late)') : ''}` }))} />
        </Form.Item>
        <Form.Item name="note" label={L('备注', 'Note')}><Input maxLength={200} /></Form.Item>
      </Form>
    </Modal>
  );
}

/** The round's planned route, its stops and the vehicle's track on the day, on the vector map. */
export function RoundMap({ round, height = 320 }: { round: RoundDetail; height?: number }) {
  const { L } = useI18n();
  const points: MapPoint[] = round.stops.filter((s) => s.longitude !== null).map((s) => ({ id: `stop-${s.seq}`, longitude: s.longitude!, latitude: s.latitude!, label: `${s.seq}. ${s.source}`, kind: 'producer', detail: s.townName }));
  if (round.route.length) points.push({ id: 'plant', longitude: round.route[0][0], latitude: round.route[0][1], label: round.plantName, kind: 'receiver' });
  const last = round.track[round.track.length - 1];
  if (last && round.status !== 'done') points.push({ id: 'vehicle', longitude: last.longitude, latitude: last.latitude, label: `${round.plate} ${shanghai(last.at)}`, kind: 'vehicle' });
  const lines: MapLine[] = [{ id: 'route', coords: round.route, label: L('计划路线', 'Planned route'), kind: 'corridor' }];
  if (round.track.length > 1) lines.push({ id: 'track', coords: round.track.map((p) => [p.longitude, p.latitude]), label: L('车辆轨迹', 'Track'), kind: 'track' });
  return <VectorMap points={points} lines={lines} height={height} testId="carcass-round-map" />;
}

function RoundModal({ id, onClose }: { id: string; onClose: () => void }) {
  const { L, lang } = useI18n();
  const label = useLabel();
  const round = useQuery({ queryKey: ['carcass-round', id], queryFn: () => get<RoundDetail>(`/api/carcass/rounds/${id}`) });
  const [treating, setTreating] = useState<Stop | null>(null);
  const r = round.data;
  return (
    <Modal open width={1000} footer={null} onCancel={onClose} title={r ? L(`收集路线 ${r.roundDate} · ${r.plate} · ${r.driverName}`, `Round ${r.roundDate} · ${r.plate} · ${r.driverName}`) : ''}>
      {r && <Space direction="vertical" style={{ width: '100%' }}>
        <RoundMap round={r} />
        <Table<Stop> rowKey="seq" size="small" pagination={false} dataSource={r.stops} data-testid="carcass-round-stops" scroll={{ x: true }}
          columns={[
            { title: '#', dataIndex: 'seq' },
            { title: L('收集点', 'Stop'), key: 's', render: (_v, s) => <>{s.source} <Typography.Text type="secondary">{s.townName}</Typography.Text></> },
            { title: L('报告', 'Reported'), key: 'rep', render: (_v, s) => `${label(CARCASS_SPECIES, s.species)} ${head(s.head, lang)} ${kg(s.weightKg, lang)}` },
            { title: L('清点/称重', 'Counted / weighed'), key: 'p', render: (_v, s) => (s.pickupHead === null ? '' : `${head(s.pickupHead, lang)} ${kg(s.pickupWeightT === null ? null : s.pickupWeightT * 1000, lang)}（${s.handedOverBy ?? ''}）`) },
            { title: L('入厂', 'Received'), key: 'r', render: (_v, s) => (s.receivedHead === null ? '' : `${head(s.receivedHead, lang)} ${kg(s.receivedWeightT === null ? null : s.receivedWeightT * 1000, lang)} ${label(CARCASS_METHODS, s.treatmentMethod)}`) },
            { title: L('联单', 'Manifest'), key: 'm', render: (_v, s) => (s.manifestId ? <Link to={`/manifests/${s.manifestId}`}>{s.number}</Link> : '') },
            { title: L('状态', 'Status'), key: 'st', render: (_v, s) => <Tag data-testid={`carcass-stop-status-${s.seq}`}>{stopStatus(s.status, L)}</Tag> },
            ...(r.isPlant ? [{ title: '', key: 'act', render: (_v: unknown, s: Stop) => (s.status === 'in_transit' ? <Button size="small" type="primary" data-testid={`carcass-treat-${s.seq}`} onClick={() => setTreating(s)}>{L('入厂接收与处理', 'Receive and treat')}</Button> : null) }] : []),
          ]} />
        {treating && <TreatmentForm stop={treating} onClose={() => { setTreating(null); round.refetch(); }} />}
      </Space>}
    </Modal>
  );
}

export const stopStatus = (status: string, L: (zh: string, en: string) => string) => ({
  draft: L('待交出', 'Not signed out'), signed_by_producer: L('待收集', 'Waiting for pickup'), in_transit: L('已收集在途', 'Collected, on the road'),
  received: L('已入厂处理', 'Received and treated'), partially_refused: L('部分拒收', 'Partly refused'), refused: L('拒收', 'Refused'), cancelled: L('已撤销', 'Cancelled'),
} as Record<string, string>)[status] ?? status;

function TreatmentForm({ stop, onClose }: { stop: Stop; onClose: () => void }) {
  const { L, M } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const fail = useFormFailure(form);
  const method: string | undefined = Form.useWatch('method', form);
  return (
    <Modal open title={L(`入厂接收与无害化处理：${stop.source}`, `Reception and treatment: ${stop.source}`)} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden okButtonProps={{ 'data-testid': 'carcass-treat-submit' } as never}>
      <Form form={form} layout="vertical" initialValues={{ receivedHead: stop.pickupHead, receivedWeightKg: stop.pickupWeightT === null ? undefined : Math.round(stop.pickupWeightT * 10_000) / 10, method: 'rendering', treatedOn: dayjs() }} onFinish={async (v) => {
        try {
          await post('/api/carcass/treatments', { manifestId: stop.manifestId, outcome: 'accepted', ...v, treatedOn: v.treatedOn.format('YYYY-MM-DD') });
          message.success(L('已登记无害化处理', 'Treatment recorded'));
          client.invalidateQueries({ queryKey: ['carcass-reports'] });
          client.invalidateQueries({ queryKey: ['carcass-rounds'] });
          client.invalidateQueries({ queryKey: ['carcass-summary'] });
          onClose();
        } catch (e) { fail(e); }
      }}>
        <Space wrap>
          <Form.Item name="receivedWeightKg" label={L('进厂称重（千克）', 'Weighed in (kg)')} rules={[{ required: true }]}><InputNumber min={0} step={1} data-testid="carcass-received-kg" /></Form.Item>
          <Form.Item name="receivedHead" label={L('接收数量（头/只）', 'Head received')} rules={[{ required: true }]}><InputNumber min={0} precision={0} data-testid="carcass-received-head" /></Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="method" label={L('处理方式', 'Method')} rules={[{ required: true }]}><Select style={{ width: 240 }} data-testid="carcass-method" options={CARCASS_METHODS.map((m) => ({ value: m.value, label: M(m) }))} /></Form.Item>
          <Form.Item name="treatedOn" label={L('处理日期', 'Treated on')} rules={[{ required: true }]}><DatePicker /></Form.Item>
        </Space>
        {method === 'deep_burial' && <Form.Item name="note" label={L('应急深埋原因', 'Why an emergency burial')} rules={[{ required: true }]}><Input maxLength={200} /></Form.Item>}
      </Form>
    </Modal>
  );
}
