import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Checkbox } from 'antd';
import dayjs from 'dayjs';
import { ApiError, get, post, qs } from '../api';
import { shanghai, tonnes, useI18n } from '../i18n';
import { useSession } from '../session';
import { IndustrialStore, type StreamTabs } from '../components/IndustrialStore';
import { useCatalogueEntries } from '../hooks';

interface StoreRow { id: string; batchNo: string; organisationName: string; wasteCode: string; internalName: string; physicalForm: string; containerType: string; containerCount: number; storageFacility: string; generatedAt: string; quantityT: number; inStoreT: number; daysInStore: number; daysLeft: number; hoursInStore: number; hoursLeft: number; limitHours: number; overdue: boolean; originProducerName: string | null }
interface Transporter { id: string; name: string; vehicles: { id: string; plate: string; loadT: number; dgPermitNo: string | null }[]; drivers: { id: string; name: string; hasAccount: boolean }[] }
interface Receiver { id: string; name: string; licenceNo: string; remainingT: number }

/**
 * 台账与贮存, per stream: hazardous waste (held against its time limit, labelled, sent on the full
 * manifest) and, for those who have it, general industrial solid waste (sent on the light hand-over).
 */
export default function StorePage() {
  const { L } = useI18n();
  const { can, me } = useSession();
  const [params, setParams] = useSearchParams();
  const producer = can('ledger.write') && !!me?.organisation?.capabilities.includes('producer');
  // Producers may record industrial waste; anyone else sees the tab once there is some in their scope.
  const industrialHeld = useQuery({ queryKey: ['store', 'industrial', 'any'], queryFn: () => get<{ total: number }>(`/api/ledger/store${qs({ stream: 'industrial', pageSize: 1 })}`), enabled: !producer });
  const stream = params.get('stream') === 'industrial' ? 'industrial' : 'hazardous';
  const tabs: StreamTabs = producer || industrialHeld.data?.total ? {
    activeTabKey: stream, onTabChange: (k) => setParams(k === 'industrial' ? { stream: k } : {}, { replace: true }),
    tabList: [
      { key: 'hazardous', label: <span data-testid="store-tab-hazardous">{L('危险废物', 'Hazardous waste')}</span> },
      { key: 'industrial', label: <span data-testid="store-tab-industrial">{L('一般工业固体废物', 'General industrial solid waste')}</span> },
    ],
  } : {};
  return tabs.tabList && stream === 'industrial' ? <IndustrialStore producer={producer} tabs={tabs} /> : <HazardousStore producer={producer} tabs={tabs} />;
}

/** 危险废物: what is held, for how long against the limit; batches recorded and labelled; manifests made from them. */
function HazardousStore({ producer, tabs }: { producer: boolean; tabs: StreamTabs }) {
  const { L, lang } = useI18n();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [page, setPage] = useState(1);
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [selected, setSelected] = useState<StoreRow[]>([]);
  const [recording, setRecording] = useState(false);
  const [shipping, setShipping] = useState(false);
  const query = useQuery({ queryKey: ['store', 'hazardous', page, overdueOnly], queryFn: () => get<{ items: StoreRow[]; total: number }>(`/api/ledger/store${qs({ stream: 'hazardous', page, pageSize: 20, overdueOnly: overdueOnly || undefined })}`) });
  const reload = () => client.invalidateQueries({ queryKey: ['store'] });
  return (
    <Card title={L('贮存情况', 'In store')} {...tabs} extra={<Space wrap>
      <Checkbox checked={overdueOnly} onChange={(e) => setOverdueOnly(e.target.checked)}>{L('只看超期', 'Past the limit only')}</Checkbox>
      {producer && <Button onClick={() => setRecording(true)} data-testid="batch-new">{L('登记产生批次', 'Record a batch')}</Button>}
      {producer && <Button type="primary" disabled={!selected.length} onClick={() => setShipping(true)} data-testid="manifest-new">{L('创建转移联单', 'Create a manifest')}</Button>}
    </Space>}>
      <Table<StoreRow> rowKey="id" loading={query.isLoading} dataSource={query.data?.items ?? []} scroll={{ x: 'max-content' }}
        rowSelection={producer ? { selectedRowKeys: selected.map((s) => s.id), onChange: (_k, rows) => setSelected(rows) } : undefined}
        pagination={{ current: page, pageSize: 20, total: query.data?.total ?? 0, onChange: setPage }}
        columns={[
          { title: L('批次编码', 'Batch'), dataIndex: 'batchNo' },
          { title: L('单位', 'Company'), dataIndex: 'organisationName' },
          { title: L('废物', 'Waste'), key: 'w', render: (_v, b) => `${b.wasteCode} ${b.internalName}` },
          { title: L('库存', 'In store'), dataIndex: 'inStoreT', render: (t: number) => tonnes(t, lang) },
          { title: L('包装', 'Packaging'), key: 'p', render: (_v, b) => `${b.containerCount} × ${b.containerType}` },
          { title: L('贮存设施', 'Store'), dataIndex: 'storageFacility' },
          { title: L('产生时间', 'Generated'), dataIndex: 'generatedAt', render: (d: string) => shanghai(d) },
          // A collector's batch names the producer it was collected from (集中暂存、分别管理).
          { title: L('来源单位', 'Collected from'), dataIndex: 'originProducerName', render: (n: string | null) => n ?? '—' },
          // Medical waste counts its short limit in hours; everything else in days of its year.
          { title: L('已贮存', 'Stored for'), key: 'age', render: (_v, b) => b.limitHours < 24 * 30
            ? <Tag color={b.overdue ? 'red' : b.hoursLeft < 12 ? 'orange' : 'green'}>{L(`${b.hoursInStore} 小时（时限 ${b.limitHours} 小时）`, `${b.hoursInStore} h (limit ${b.limitHours} h)`)}</Tag>
            : <Tag color={b.overdue ? 'red' : b.daysLeft < 30 ? 'orange' : 'green'}>{L(`${b.daysInStore} 天（剩 ${b.daysLeft} 天）`, `${b.daysInStore} d (${b.daysLeft} left)`)}</Tag> },
          { title: '', key: 'label', render: (_v, b) => <Button size="small" href={`/print/labels/${b.id}`} target="_blank">{L('打印标签', 'Label')}</Button> },
        ]} />
      <RecordBatch open={recording} onClose={() => setRecording(false)} onDone={() => { setRecording(false); reload(); }} />
      <CreateManifest batches={selected} open={shipping} onClose={() => setShipping(false)} onDone={(id) => { setShipping(false); setSelected([]); reload(); navigate(`/manifests/${id}`); }} />
    </Card>
  );
}

function RecordBatch({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const { L, M } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [codeSearch, setCodeSearch] = useState('');
  const codes = useCatalogueEntries('hazardous', codeSearch, open);
  return (
    <Modal open={open} title={L('登记产生批次（并入库）', 'Record a batch (and store it)')} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ containerCount: 1, containerVolumeL: 200, storeNow: true }} onFinish={async (v) => {
        try { await post('/api/ledger/batches', v); message.success(L('已登记', 'Recorded')); onDone(); }
        catch (e) { if (e instanceof ApiError) { message.error(M(e.text)); form.setFields(e.issues.map((i) => ({ name: i.path, errors: [M(i.message)] }))); } }
      }}>
        <Form.Item name="wasteCode" label={L('废物代码', 'Waste code')} rules={[{ required: true }]}>
          <Select showSearch filterOption={false} onSearch={setCodeSearch} data-testid="batch-code" loading={codes.isFetching}
            options={(codes.data?.items ?? []).map((e) => ({ value: e.code, label: `${e.code} ${(e.description || e.name).slice(0, 30)}` }))} />
        </Form.Item>
        <Form.Item name="internalName" label={L('单位内部名称', 'Internal name')}><Input /></Form.Item>
        <Form.Item name="physicalForm" label={L('形态', 'Form')} rules={[{ required: true }]}><Select options={['固态', '半固态', '液态', '气态'].map((x) => ({ value: x, label: x }))} data-testid="batch-form" /></Form.Item>
        <Form.Item name="mainComponents" label={L('主要成分', 'Main components')}><Input /></Form.Item>
        <Space wrap>
          <Form.Item name="containerType" label={L('容器类型', 'Container')} rules={[{ required: true }]}><Input placeholder="200L铁桶" data-testid="batch-container" /></Form.Item>
          <Form.Item name="containerVolumeL" label={L('容积（L）', 'Volume (L)')} rules={[{ required: true }]}><InputNumber min={1} /></Form.Item>
          <Form.Item name="containerCount" label={L('数量', 'Count')} rules={[{ required: true }]}><InputNumber min={1} /></Form.Item>
          <Form.Item name="quantityT" label={L('重量（吨）', 'Weight (t)')} rules={[{ required: true }]}><InputNumber min={0.0001} step={0.01} data-testid="batch-weight" /></Form.Item>
        </Space>
        <Form.Item name="storageFacility" label={L('贮存设施', 'Store')}><Input placeholder={L('1号危废暂存间', 'Store no. 1')} /></Form.Item>
      </Form>
    </Modal>
  );
}

function CreateManifest({ batches, open, onClose, onDone }: { batches: StoreRow[]; open: boolean; onClose: () => void; onDone: (id: string) => void }) {
  const { L, M, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [transporterId, setTransporterId] = useState<string>();
  const code = batches[0]?.wasteCode;
  const total = batches.reduce((s, b) => s + b.inStoreT, 0);
  const [date, setDate] = useState(dayjs().add(1, 'day'));
  const receivers = useQuery({ queryKey: ['receivers', code, date.format('YYYY-MM-DD')], queryFn: () => get<{ items: Receiver[] }>(`/api/manifests/receivers${qs({ wasteCode: code, date: date.format('YYYY-MM-DD') })}`), enabled: open && !!code });
  const transporters = useQuery({ queryKey: ['transporters'], queryFn: () => get<{ items: Transporter[] }>('/api/manifests/transporters?pageSize=100'), enabled: open });
  const t = transporters.data?.items.find((x) => x.id === transporterId);
  return (
    <Modal open={open} title={L(`创建转移联单（${code ?? ''}，${tonnes(total, lang)}）`, `New manifest (${code ?? ''}, ${tonnes(total, lang)})`)} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden width={640}>
      <Form form={form} layout="vertical" initialValues={{ plannedDate: date }} onFinish={async (v) => {
        try {
          const m = await post<{ id: string }>('/api/manifests', { batchIds: batches.map((b) => b.id), receiverId: v.receiverId, transporterIds: [v.transporterId], vehicleId: v.vehicleId, driverId: v.driverId,
            plannedDate: v.plannedDate.format('YYYY-MM-DD'), dangerousGoodsClass: v.dangerousGoodsClass, emergencyMeasures: v.emergencyMeasures });
          message.success(L('联单已创建', 'Manifest created'));
          onDone(m.id);
        } catch (e) { if (e instanceof ApiError) { message.error(M(e.text)); form.setFields(e.issues.map((i) => ({ name: i.path, errors: [M(i.message)] }))); } }
      }}>
        <Form.Item name="plannedDate" label={L('计划转移日期', 'Planned date')} rules={[{ required: true }]}><DatePicker onChange={(d) => d && setDate(d)} /></Form.Item>
        <Form.Item name="receiverId" label={L('接受单位（持有该代码经营许可且有余量）', 'Receiver (licensed for the code, with capacity left)')} rules={[{ required: true }]}>
          <Select data-testid="manifest-receiver" options={(receivers.data?.items ?? []).map((r) => ({ value: r.id, label: `${r.name} · ${r.licenceNo} · ${L('余量', 'left')} ${tonnes(r.remainingT, lang)}` }))} />
        </Form.Item>
        <Form.Item name="transporterId" label={L('承运单位', 'Transporter')} rules={[{ required: true }]}>
          <Select data-testid="manifest-transporter" onChange={setTransporterId} options={(transporters.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="vehicleId" label={L('车辆', 'Vehicle')} rules={[{ required: true }]}><Select style={{ width: 220 }} data-testid="manifest-vehicle" options={(t?.vehicles ?? []).map((v) => ({ value: v.id, label: `${v.plate} · ${tonnes(v.loadT, lang)}${v.dgPermitNo ? '' : L('（无危货许可）', ' (no DG permit)')}` }))} /></Form.Item>
          <Form.Item name="driverId" label={L('驾驶员', 'Driver')} rules={[{ required: true }]}><Select style={{ width: 200 }} data-testid="manifest-driver" options={(t?.drivers ?? []).map((d) => ({ value: d.id, label: d.name }))} /></Form.Item>
        </Space>
        <Form.Item name="dangerousGoodsClass" label={L('危险货物类别/项别/编号', 'Dangerous-goods class and UN number')} rules={[{ required: true }]}><Input placeholder="第9类 UN3082" data-testid="manifest-dg" /></Form.Item>
        <Form.Item name="emergencyMeasures" label={L('突发环境事件防范措施', 'Emergency measures')} rules={[{ required: true }]}><Input.TextArea data-testid="manifest-emergency" /></Form.Item>
      </Form>
    </Modal>
  );
}
