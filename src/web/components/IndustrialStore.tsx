import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Table, Typography, type CardProps } from 'antd';
import dayjs from 'dayjs';
import { get, post, qs, type Page } from '../api';
import { shanghai, tonnes, useI18n } from '../i18n';
import { useFormFailure as useFailure } from '../hooks';
import { WasteCodePicker } from './WasteCodePicker';
import { ManifestForm } from './ManifestForm';

interface SwBatch { id: string; batchNo: string; organisationName: string; wasteCode: string; internalName: string; physicalForm: string; containerType: string; containerCount: number; storageFacility: string; generatedAt: string; inStoreT: number; daysInStore: number }

/** The store page's switch between waste streams, shown in each stream's card. */
export type StreamTabs = Pick<CardProps, 'tabList' | 'activeTabKey' | 'onTabChange'>;

/**
 * 一般工业固体废物贮存: the SW batches in store (粉煤灰 in the 灰库, 炉渣 in the 渣场), recorded by class,
 * and handed over to a utiliser or disposer on the light two-signature manifest (the one manifest form).
 */
export function IndustrialStore({ producer, tabs }: { producer: boolean; tabs: StreamTabs }) {
  const { L, lang } = useI18n();
  const client = useQueryClient();
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<SwBatch[]>([]);
  const [recording, setRecording] = useState(false);
  const [handing, setHanding] = useState(false);
  const query = useQuery({ queryKey: ['store', 'industrial', page], queryFn: () => get<Page<SwBatch>>(`/api/ledger/store${qs({ stream: 'industrial', page, pageSize: 20 })}`) });
  // One manifest carries one class of waste.
  const mixed = new Set(selected.map((b) => b.wasteCode)).size > 1;
  const reload = () => client.invalidateQueries({ queryKey: ['store'] });
  return (
    <Card title={L('贮存情况', 'In store')} {...tabs} extra={producer && <Space wrap>
      {mixed && <Typography.Text type="warning">{L('一份联单只能转移同一类别的固体废物', 'One manifest carries one class of waste')}</Typography.Text>}
      <Button onClick={() => setRecording(true)} data-testid="sw-batch-new">{L('登记产生量', 'Record waste generated')}</Button>
      <Button type="primary" disabled={!selected.length || mixed} onClick={() => setHanding(true)} data-testid="sw-handover-new">{L('委托利用/处置', 'Hand over')}</Button>
    </Space>}>
      <Table<SwBatch> rowKey="id" loading={query.isLoading} dataSource={query.data?.items ?? []} scroll={{ x: 'max-content' }} data-testid="sw-store"
        rowSelection={producer ? { selectedRowKeys: selected.map((s) => s.id), onChange: (_k, rows) => setSelected(rows) } : undefined}
        pagination={{ current: page, pageSize: 20, total: query.data?.total ?? 0, onChange: setPage }}
        columns={[
          { title: L('批次编码', 'Batch'), dataIndex: 'batchNo' },
          { title: L('单位', 'Company'), dataIndex: 'organisationName' },
          { title: L('类别', 'Class'), key: 'w', render: (_v, b) => `${b.wasteCode} ${b.internalName}` },
          { title: L('形态', 'Form'), dataIndex: 'physicalForm' },
          { title: L('库存（吨）', 'In store (t)'), dataIndex: 'inStoreT', render: (t: number) => tonnes(t, lang) },
          { title: L('贮存方式', 'Held in'), key: 'c', render: (_v, b) => (b.containerCount > 1 ? `${b.containerCount} × ${b.containerType}` : b.containerType) },
          { title: L('贮存场所', 'Place'), dataIndex: 'storageFacility', render: (p: string) => p || '—' },
          { title: L('产生时间', 'Generated'), dataIndex: 'generatedAt', render: (d: string) => shanghai(d) },
          { title: L('已贮存', 'Stored for'), dataIndex: 'daysInStore', render: (d: number) => L(`${d} 天`, `${d} d`) },
        ]} />
      {recording && <RecordSwBatch onClose={() => setRecording(false)} onDone={() => { setRecording(false); reload(); }} />}
      {/* 委托利用/处置: the chosen batches to one receiver, on a manifest the producer then signs. */}
      {handing && <ManifestForm stream="industrial" batches={selected} testIdPrefix="sw-handover" onClose={() => setHanding(false)} onCreated={() => { setHanding(false); setSelected([]); }} />}
    </Card>
  );
}

/** 产生 and 入库 of one batch of a general industrial solid-waste class, in tonnes. */
function RecordSwBatch({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const { L, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const fail = useFailure(form);
  return (
    <Modal open title={L('登记一般工业固体废物产生量（并入库）', 'Record general industrial waste generated (and store it)')} onCancel={onClose} footer={null} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ physicalForm: '固态', containerCount: 1, generatedAt: dayjs() }} onFinish={async (v) => {
        try {
          await post('/api/ledger/batches', {
            stream: 'industrial', wasteCode: v.wasteCode, internalName: v.internalName || undefined, physicalForm: v.physicalForm, mainComponents: v.mainComponents || undefined,
            containerType: v.containerType, containerCount: v.containerCount, quantityT: v.quantityT, storageFacility: v.storageFacility || undefined,
            generatedAt: v.generatedAt?.toISOString(), storeNow: true,
          });
          message.success(L('已登记', 'Recorded'));
          onDone();
        } catch (e) { fail(e); }
      }}>
        <Form.Item name="wasteCode" label={L('固体废物类别', 'Waste class')} rules={[{ required: true }]}>
          <WasteCodePicker catalogue="industrial" stream="industrial" testId="sw-batch-code" placeholder={L('输入代码或名称中的词，如 SW02 粉煤灰', 'Type a code or words of the name, e.g. SW02 fly ash')} />
        </Form.Item>
        <Form.Item name="internalName" label={L('单位内部名称（可选）', 'Internal name (optional)')}><Input placeholder={L('如 电除尘灰', 'e.g. ESP ash')} /></Form.Item>
        <Space wrap>
          <Form.Item name="quantityT" label={L('产生量（吨）', 'Quantity (t)')} rules={[{ required: true }]}>
            <InputNumber min={0.0001} max={10_000} step={0.1} addonAfter={lang === 'zh' ? '吨' : 't'} data-testid="sw-batch-weight" />
          </Form.Item>
          <Form.Item name="physicalForm" label={L('形态', 'Form')} rules={[{ required: true }]}>
            <Select style={{ width: 120 }} data-testid="sw-batch-form" options={[['固态', 'Solid'], ['半固态', 'Semi-solid'], ['液态', 'Liquid']].map(([zh, en]) => ({ value: zh, label: L(zh, en) }))} />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="containerType" label={L('贮存方式/容器', 'Held in')} rules={[{ required: true }]}><Input placeholder={L('灰库、渣场、吨袋', 'Ash silo, slag yard, bags')} data-testid="sw-batch-container" /></Form.Item>
          <Form.Item name="containerCount" label={L('数量（个/座）', 'Count')} rules={[{ required: true }]}><InputNumber min={1} max={10_000} /></Form.Item>
        </Space>
        <Form.Item name="storageFacility" label={L('贮存场所', 'Place')}><Input placeholder={L('1号灰库', 'Ash silo no. 1')} data-testid="sw-batch-place" /></Form.Item>
        <Form.Item name="mainComponents" label={L('主要成分（可选）', 'Main components (optional)')}><Input /></Form.Item>
        <Form.Item name="generatedAt" label={L('产生时间', 'Generated')}><DatePicker showTime disabledDate={(d) => d.isAfter(dayjs(), 'day')} /></Form.Item>
        <Button type="primary" htmlType="submit" data-testid="sw-batch-submit">{L('登记', 'Record')}</Button>
      </Form>
    </Modal>
  );
}
