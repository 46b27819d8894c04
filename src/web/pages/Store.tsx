import { useState, type ReactElement } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Checkbox, Typography } from 'antd';
import { ApiError, get, post, qs } from '../api';
import { shanghai, tonnes, useI18n } from '../i18n';
import { useSession } from '../session';
import { IndustrialStore, type StreamTabs } from '../components/IndustrialStore';
import { StreamStore } from '../components/StreamStore';
import { ManifestForm } from '../components/ManifestForm';
import { useStreams, type StreamInfo } from '../hooks';
import { WasteCodePicker } from '../components/WasteCodePicker';

interface StoreRow { id: string; batchNo: string; organisationName: string; wasteCode: string; internalName: string; physicalForm: string; containerType: string; containerCount: number; storageFacility: string; generatedAt: string; quantityT: number; inStoreT: number; daysInStore: number; daysLeft: number; hoursInStore: number; hoursLeft: number; limitHours: number; overdue: boolean; originProducerName: string | null }

/**
 * 台账与贮存, one tab per stream kept in batches (the registry's streams whose loads come out of a
 * store). Hazardous waste keeps its own store (time limits, labels) and general industrial waste its
 * own record form; any other stream (sewage sludge) gets the generic store built from its definition.
 * Every stream sends its batches on the one manifest form.
 */
export default function StorePage() {
  const { M } = useI18n();
  const { can, me } = useSession();
  const [params, setParams] = useSearchParams();
  const streams = useStreams();
  const stored = (streams.data?.items ?? []).filter((s) => s.loadSource === 'batches' && s.batchPrefix);
  const capabilities = me?.organisation?.capabilities ?? [];
  const produces = (s: StreamInfo) => can('ledger.write') && s.producers.some((c) => capabilities.includes(c));
  // A company records the streams it produces; anyone else sees a stream once there is some of it in
  // their scope. With none of either the page shows the registry's first stream, hazardous waste, as it did before there were tabs.
  const held = useQueries({ queries: stored.map((s) => ({
    queryKey: ['store', s.key, 'any'], queryFn: () => get<{ total: number }>(`/api/ledger/store${qs({ stream: s.key, pageSize: 1 })}`), enabled: !produces(s),
  })) });
  if (!streams.data || held.some((q) => q.isLoading)) return <Card loading />;
  const found = stored.filter((s, i) => produces(s) || !!held[i]?.data?.total);
  const visible = found.length ? found : stored.slice(0, 1);
  const current = visible.find((s) => s.key === params.get('stream')) ?? visible.find(produces) ?? visible[0];
  // The stream is named in a tab unless the page shows hazardous waste alone, as it always did.
  const tabs: StreamTabs = visible.length > 1 || visible[0] !== stored[0] ? {
    activeTabKey: current.key, onTabChange: (k) => setParams({ stream: k }, { replace: true }),
    tabList: visible.map((s) => ({ key: s.key, label: <span data-testid={`store-tab-${s.key}`}>{M(s.label)}</span> })),
  } : {};
  const Bespoke = BESPOKE[current.key];
  return Bespoke ? <Bespoke key={current.key} producer={produces(current)} tabs={tabs} /> : <StreamStore key={current.key} stream={current} producer={produces(current)} tabs={tabs} />;
}

// Streams whose store is more than the generic one: hazardous waste's time limits and labels, general industrial waste's classes and places.
const BESPOKE: Record<string, (props: { producer: boolean; tabs: StreamTabs }) => ReactElement> = { hazardous: HazardousStore, industrial: IndustrialStore };

/** 危险废物: what is held, for how long against the limit; batches recorded and labelled; manifests made from them. */
function HazardousStore({ producer, tabs }: { producer: boolean; tabs: StreamTabs }) {
  const { L, lang } = useI18n();
  const client = useQueryClient();
  const [page, setPage] = useState(1);
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [selected, setSelected] = useState<StoreRow[]>([]);
  const [recording, setRecording] = useState(false);
  const [shipping, setShipping] = useState(false);
  // One manifest carries one code.
  const mixed = new Set(selected.map((b) => b.wasteCode)).size > 1;
  const query = useQuery({ queryKey: ['store', 'hazardous', page, overdueOnly], queryFn: () => get<{ items: StoreRow[]; total: number }>(`/api/ledger/store${qs({ stream: 'hazardous', page, pageSize: 20, overdueOnly: overdueOnly || undefined })}`) });
  const reload = () => client.invalidateQueries({ queryKey: ['store'] });
  return (
    <Card title={L('贮存情况', 'In store')} {...tabs} extra={<Space wrap>
      <Checkbox checked={overdueOnly} onChange={(e) => setOverdueOnly(e.target.checked)}>{L('只看超期', 'Past the limit only')}</Checkbox>
      {producer && <Button onClick={() => setRecording(true)} data-testid="batch-new">{L('登记产生批次', 'Record a batch')}</Button>}
      {producer && mixed && <Typography.Text type="warning">{L('一份联单只能转移同一代码的危险废物', 'One manifest carries one waste code')}</Typography.Text>}
      {producer && <Button type="primary" disabled={!selected.length || mixed} onClick={() => setShipping(true)} data-testid="manifest-new">{L('创建转移联单', 'Create a manifest')}</Button>}
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
      {shipping && <ManifestForm stream="hazardous" batches={selected} onClose={() => setShipping(false)} onCreated={() => { setShipping(false); setSelected([]); }} />}
    </Card>
  );
}

function RecordBatch({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const { L, M } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  return (
    <Modal open={open} title={L('登记产生批次（并入库）', 'Record a batch (and store it)')} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ containerCount: 1, containerVolumeL: 200, storeNow: true }} onFinish={async (v) => {
        try { await post('/api/ledger/batches', v); message.success(L('已登记', 'Recorded')); onDone(); }
        catch (e) { if (e instanceof ApiError) { message.error(M(e.text)); form.setFields(e.issues.map((i) => ({ name: i.path, errors: [M(i.message)] }))); } }
      }}>
        <Form.Item name="wasteCode" label={L('废物代码', 'Waste code')} rules={[{ required: true }]}>
          <WasteCodePicker catalogue="hazardous" stream="hazardous" testId="batch-code" />
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
