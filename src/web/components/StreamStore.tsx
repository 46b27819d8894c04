import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { get, post, qs, type Page } from '../api';
import { shanghai, tonnes, useI18n } from '../i18n';
import { useFormFailure, useRules, type BatchFieldRule, type StreamInfo } from '../hooks';
import { WasteCodePicker } from './WasteCodePicker';
import { ManifestForm } from './ManifestForm';
import type { StreamTabs } from './IndustrialStore';

interface StreamBatch {
  id: string; batchNo: string; organisationName: string; wasteCode: string; internalName: string; physicalForm: string; containerType: string; containerCount: number;
  storageFacility: string; generatedAt: string; inStoreT: number; daysInStore: number; attributes: Record<string, string | number | boolean>;
}

const FORMS: [string, string][] = [['固态', 'Solid'], ['半固态', 'Semi-solid'], ['液态', 'Liquid']];

/** A label's unit in trailing brackets, split off for an input's suffix and a column's values: 含水率（%） → 含水率, %. */
function splitUnit(label: string): [string, string | null] {
  const m = /^(.*?)\s*[（(]([^（()）]{1,6})[)）]$/.exec(label);
  return m ? [m[1], m[2]] : [label, null];
}

/**
 * The store of any stream kept in batches, from its definition (GET /api/streams) and its batch
 * fields (GET /api/manifests/rules/:stream): what is held, batches recorded with what the stream
 * asks of them (a sludge's moisture content), and batches sent on the one manifest form. Test ids
 * begin with the stream's key (sludge-batch-new, sludge-store …).
 */
export function StreamStore({ stream, producer, tabs }: { stream: StreamInfo; producer: boolean; tabs: StreamTabs }) {
  const { L, M, lang } = useI18n();
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<StreamBatch[]>([]);
  const [recording, setRecording] = useState(false);
  const [sending, setSending] = useState(false);
  const client = useQueryClient();
  const rules = useRules(stream.key);
  const query = useQuery({ queryKey: ['store', stream.key, page], queryFn: () => get<Page<StreamBatch>>(`/api/ledger/store${qs({ stream: stream.key, page, pageSize: 20 })}`) });
  // One manifest carries one code.
  const mixed = new Set(selected.map((b) => b.wasteCode)).size > 1;
  const id = (what: string) => `${stream.key}-${what}`;
  return (
    <Card title={L('贮存情况', 'In store')} {...tabs} extra={producer && <Space wrap>
      {mixed && <Typography.Text type="warning">{L('一份联单只能转移同一代码的废物', 'One manifest carries one code')}</Typography.Text>}
      <Button onClick={() => setRecording(true)} data-testid={id('batch-new')}>{L('登记产生批次', 'Record a batch')}</Button>
      <Button type="primary" disabled={!selected.length || mixed} onClick={() => setSending(true)} data-testid={id('manifest-new')}>{L('创建转移联单', 'Create a manifest')}</Button>
    </Space>}>
      <Table<StreamBatch> rowKey="id" loading={query.isLoading} dataSource={query.data?.items ?? []} scroll={{ x: 'max-content' }} data-testid={id('store')}
        rowSelection={producer ? { selectedRowKeys: selected.map((s) => s.id), onChange: (_k, rows) => setSelected(rows) } : undefined}
        pagination={{ current: page, pageSize: 20, total: query.data?.total ?? 0, onChange: setPage }}
        columns={[
          { title: L('批次编码', 'Batch'), dataIndex: 'batchNo' },
          { title: L('单位', 'Company'), dataIndex: 'organisationName' },
          { title: L('类别', 'Class'), key: 'w', render: (_v, b) => `${b.wasteCode} ${b.internalName}` },
          { title: L('形态', 'Form'), dataIndex: 'physicalForm' },
          { title: L('库存', 'In store'), dataIndex: 'inStoreT', render: (t: number) => tonnes(t, lang) },
          // What the stream records of a batch beyond the common columns, each in its own column.
          ...(rules.data?.batchFields ?? []).map((f) => {
            const [title, unit] = splitUnit(M(f.label));
            return { title, key: `attr-${f.field}`, render: (_v: unknown, b: StreamBatch) => {
              const v = b.attributes?.[f.field];
              if (v === undefined || v === null) return '—';
              const option = f.options?.find((o) => o.value === v);
              return option ? M(option) : typeof v === 'boolean' ? (v ? L('是', 'yes') : L('否', 'no')) : unit ? `${v} ${unit}` : String(v);
            } };
          }),
          { title: L('贮存方式', 'Held in'), key: 'c', render: (_v, b) => (b.containerCount > 1 ? `${b.containerCount} × ${b.containerType}` : b.containerType) },
          { title: L('贮存场所', 'Place'), dataIndex: 'storageFacility', render: (p: string) => p || '—' },
          { title: L('产生时间', 'Generated'), dataIndex: 'generatedAt', render: (d: string) => shanghai(d) },
          { title: L('已贮存', 'Stored for'), dataIndex: 'daysInStore', render: (d: number) => L(`${d} 天`, `${d} d`) },
        ]} />
      {recording && <RecordBatch stream={stream} batchFields={rules.data?.batchFields ?? []} onClose={() => setRecording(false)} onDone={() => { setRecording(false); client.invalidateQueries({ queryKey: ['store'] }); }} />}
      {sending && <ManifestForm stream={stream.key} batches={selected} testIdPrefix={id('manifest')} onClose={() => setSending(false)} onCreated={() => { setSending(false); setSelected([]); }} />}
    </Card>
  );
}

/** 产生 and, unless unticked, 入库 of one batch, with the stream's own batch fields. */
function RecordBatch({ stream, batchFields, onClose, onDone }: { stream: StreamInfo; batchFields: BatchFieldRule[]; onClose: () => void; onDone: () => void }) {
  const { L, M, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const fail = useFormFailure(form);
  const id = (what: string) => `${stream.key}-batch-${what}`;
  return (
    <Modal open title={L(`登记${stream.label.zh}产生批次`, `Record a batch of ${stream.label.en.toLowerCase()}`)} onCancel={onClose} footer={null} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ containerCount: 1, generatedAt: dayjs(), storeNow: true }} onFinish={async (v) => {
        const attributes = Object.fromEntries(batchFields.map((f) => [f.field, v.attributes?.[f.field]]).filter(([, x]) => x !== undefined && x !== null && x !== '')
          .map(([k, x]) => [k, dayjs.isDayjs(x) ? x.format('YYYY-MM-DD') : x]));
        try {
          await post('/api/ledger/batches', {
            stream: stream.key, wasteCode: v.wasteCode, internalName: v.internalName || undefined, physicalForm: v.physicalForm, mainComponents: v.mainComponents || undefined,
            containerType: v.containerType, containerCount: v.containerCount, containerVolumeL: v.containerVolumeL ?? undefined, quantityT: v.quantityT,
            storageFacility: v.storageFacility || undefined, generatedAt: v.generatedAt?.toISOString(), storeNow: v.storeNow,
            ...(batchFields.length ? { attributes } : {}),
          });
          message.success(L('已登记', 'Recorded'));
          onDone();
        } catch (e) { fail(e); }
      }}>
        <Form.Item name="wasteCode" label={L('类别代码', 'Code')} rules={[{ required: true }]}>
          <WasteCodePicker catalogue={stream.catalogue} stream={stream.key} testId={id('code')} placeholder={L(`输入代码或名称中的词，如 ${stream.codeExample}`, `Type a code or words of the name, e.g. ${stream.codeExample}`)} />
        </Form.Item>
        <Form.Item name="internalName" label={L('单位内部名称（可选）', 'Internal name (optional)')}><Input /></Form.Item>
        <Space wrap>
          <Form.Item name="quantityT" label={L('产生量（吨）', 'Quantity (t)')} rules={[{ required: true }]}>
            <InputNumber min={0.0001} max={10_000} step={0.1} addonAfter={lang === 'zh' ? '吨' : 't'} data-testid={id('weight')} />
          </Form.Item>
          <Form.Item name="physicalForm" label={L('形态', 'Form')} rules={[{ required: true }]}>
            <Select style={{ width: 120 }} data-testid={id('form')} options={FORMS.map(([zh, en]) => ({ value: zh, label: L(zh, en) }))} />
          </Form.Item>
          {batchFields.map((f) => <BatchFieldItem key={f.field} rule={f} testId={id(f.field)} label={M(f.label)} />)}
        </Space>
        <Space wrap>
          <Form.Item name="containerType" label={L('贮存方式/容器', 'Held in')} rules={[{ required: true }]}>
            <Input placeholder={stream.bulkStore ? L('料仓、堆场、吨袋', 'Bunker, yard, bags') : '200L铁桶'} data-testid={id('container')} />
          </Form.Item>
          <Form.Item name="containerCount" label={L('数量（个/座）', 'Count')} rules={[{ required: true }]}><InputNumber min={1} max={10_000} /></Form.Item>
          {/* A container's volume sizes its label (HJ 1276); waste held in bulk has none. */}
          {!stream.bulkStore && <Form.Item name="containerVolumeL" label={L('容积（L）', 'Volume (L)')} rules={[{ required: true }]}><InputNumber min={1} /></Form.Item>}
        </Space>
        <Form.Item name="storageFacility" label={L('贮存场所', 'Place')}><Input data-testid={id('place')} /></Form.Item>
        <Form.Item name="mainComponents" label={L('主要成分（可选）', 'Main components (optional)')}><Input /></Form.Item>
        <Form.Item name="generatedAt" label={L('产生时间', 'Generated')}><DatePicker showTime disabledDate={(d) => d.isAfter(dayjs(), 'day')} /></Form.Item>
        <Form.Item name="storeNow" valuePropName="checked"><Checkbox data-testid={id('store-now')}>{L('同时入库', 'Put it in store now')}</Checkbox></Form.Item>
        <Button type="primary" htmlType="submit" data-testid={id('submit')}>{L('登记', 'Record')}</Button>
      </Form>
    </Modal>
  );
}

/** One batch field by its kind: a number in its range with its unit, a choice, yes/no, a day, or text. */
function BatchFieldItem({ rule, testId, label }: { rule: BatchFieldRule; testId: string; label: string }) {
  const { L, M, lang } = useI18n();
  const [name, unit] = splitUnit(label);
  const range = rule.range ?? {};
  const input = rule.options ? <Select style={{ width: 160 }} data-testid={testId} options={rule.options.map((o) => ({ value: o.value, label: M(o) }))} />
    : rule.kind === 'number' || rule.kind === 'weight' ? <InputNumber min={range.min} max={range.max} step={range.integer ? 1 : 0.1} precision={range.integer ? 0 : undefined} style={{ width: 140 }}
      addonAfter={rule.kind === 'weight' ? (lang === 'zh' ? '吨' : 't') : unit ?? undefined} data-testid={testId} />
    : rule.kind === 'boolean' ? <Select style={{ width: 100 }} data-testid={testId} options={[{ value: true, label: L('是', 'Yes') }, { value: false, label: L('否', 'No') }]} />
    : rule.kind === 'date' ? <DatePicker data-testid={testId} />
    : <Input data-testid={testId} />;
  return <Form.Item name={['attributes', rule.field]} label={rule.kind === 'number' && unit ? name : label} rules={[{ required: rule.required }]}>{input}</Form.Item>;
}
