import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Descriptions, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { get, post, qs, type Page } from '../api';
import { tonnes, useI18n } from '../i18n';
import { useSession } from '../session';
import { useFormFailure } from '../hooks';
import { ServerTable } from '../components/ServerTable';
import { MANIFEST_STATUS } from './Manifests';
import { DESTINATION_KINDS, EXEMPTION, PACKAGE_MATERIALS, PACKAGE_TYPES, TRANSPORT_MEASURES } from '../../domain/agri/pesticide';
import { MANAGED_AS } from '../../domain/streams/pesticide';

// 农药包装废弃物 (/agri/pesticide): the dealer's books (sales, take-backs with deposit codes, fertiliser
// sales), the town station's receipts, store and loads, and the bureau's view: the recovery rate by
// town, the loads (those managed as hazardous waste flagged), the designated utilisers and the use of
// pesticides and fertilisers against the base year. The station keeper's phone page is separate.

interface SaleRow { id: string; soldOn: string; dealerName: string; productName: string; registrationNo: string; activeIngredient: string; contentPct: number; packageType: string; packageMaterial: string; packageSize: string; packageCount: number; productKg: number; codes: number }
interface ReturnRow { id: string; returnedOn: string; dealerName: string; returnedBy: string; bottleCount: number; bagCount: number; drumCount: number; weightKg: number; refundYuan: number; codes: string[] }
interface ReceiptRow { id: string; receiptNo: string; receivedOn: string; stationName: string; sourceKind: 'dealer' | 'farmer'; dealerName: string | null; farmerName: string; bottleCount: number; bagCount: number; drumCount: number; weightKg: number }
interface LoadRow { id: string; number: string; status: string; plannedDate: string; stationName: string; receiverName: string; managedAs: string | null; destinationKind: string | null; breaches: string[]; packageCount: number | null; declaredWeightT: number; receivedWeightT: number | null }
interface DealerRow { id: string; name: string; regionCode: string; sold: number; productKg: number; returned: number; handedOver: number }
interface RecoveryRow { town: string; name: string | null; sold: number; soldKg: number; received: number; receivedKg: number; rateByCount: number | null; rateByWeight: number | null }
interface Destination { id: string; name: string; kind: string; managedAs: 'exempt' | 'hazardous' }
interface UseFigure { tonnes: number | null; source: 'sales' | 'statistics' | null; sourceNote: { zh: string; en: string }; salesT: number; activeT: number | null; reporting: number; registered: number }

const pct = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)}%`);
const n = (v: number) => v.toLocaleString('zh-CN');
const kgText = (v: number) => `${Number(v).toLocaleString('zh-CN', { maximumFractionDigits: 2 })} kg`;
const thisYear = () => Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));

export default function AgriPesticidePage() {
  const { L } = useI18n();
  const { me } = useSession();
  const caps = me?.organisation?.capabilities ?? [];
  const role = me?.user.role ?? '';
  // The bureau's view for those who regulate the stream; ecology sees only the loads (those flagged).
  const government = role === 'platform_admin' || role === 'office' || (role === 'regulator' && ['agriculture', 'general'].includes(me?.user.domain ?? ''));
  const ecology = role === 'regulator' && me?.user.domain === 'ecology';
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={L('农药包装废弃物回收与化肥农药使用', 'Pesticide packaging recovery, fertiliser and pesticide use')}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>{L(
          '农药经营门店登记销售和“谁销售谁回收”的回收量（累计回收不超过累计销售）；各镇街收储站接收门店交来和农户直接交回的包装废弃物并出具凭证，经转移联单交农业农村部门确定的利用单位或生活垃圾焚烧厂、填埋场。符合《危险废物豁免管理清单》第28项条件的按豁免管理，否则按危险废物（900-003-04）管理。',
          'Dealers record sales and what they take back (never more than they sold); each town station receives packages from dealers and farmers with a receipt and sends loads on a manifest to a utiliser the bureau designated or to a household-waste incinerator or landfill. Loads that keep the conditions of item 28 of the exemption list are exempt; others are managed as hazardous waste 900-003-04.')}</Typography.Paragraph>
      </Card>
      {caps.includes('agri_dealer') && <DealerBooks />}
      {caps.includes('collection_station') && <StationDesk />}
      {government && <BureauView />}
      {(government || ecology || caps.some((c) => ['collection_station', 'recycler', 'receiver', 'transporter'].includes(c))) && <Loads />}
    </Space>
  );
}

/** The dealer's year at a glance and its books, with the forms to add to them. */
function DealerBooks() {
  const { L, M } = useI18n();
  const mine = useQuery({ queryKey: ['pesticide-dealer'], queryFn: () => get<Page<DealerRow>>('/api/pesticide/dealers') });
  const [form, setForm] = useState<'sale' | 'return' | 'fertiliser' | null>(null);
  const me = mine.data?.items[0];
  const typeLabel = (v: string) => M(PACKAGE_TYPES.find((t) => t.value === v) ?? { zh: v, en: v });
  return (
    <Card title={L('本店农药经营台账', 'Our pesticide books')} size="small" extra={<Space wrap>
      <Button onClick={() => setForm('sale')} data-testid="pesticide-sale">{L('登记农药销售', 'Record a sale')}</Button>
      <Button type="primary" onClick={() => setForm('return')} data-testid="pesticide-return">{L('登记回收', 'Record a take-back')}</Button>
      <Button onClick={() => setForm('fertiliser')} data-testid="fertiliser-sale">{L('登记化肥销售', 'Record a fertiliser sale')}</Button>
    </Space>}>
      {me && <Descriptions size="small" column={{ xs: 1, md: 4 }} data-testid="pesticide-my-year">
        <Descriptions.Item label={L('今年销售包装', 'Packages sold this year')}>{n(me.sold)} {L('个', '')}</Descriptions.Item>
        <Descriptions.Item label={L('今年回收', 'Taken back')}>{n(me.returned)} {L('个', '')}</Descriptions.Item>
        <Descriptions.Item label={L('已交收储站', 'Handed to the station')}>{n(me.handedOver)} {L('个', '')}</Descriptions.Item>
        <Descriptions.Item label={L('农药销售量', 'Pesticide sold')}>{tonnes(Math.round(me.productKg) / 1000, 'zh')}</Descriptions.Item>
      </Descriptions>}
      <ServerTable<ReturnRow> queryKey="pesticide-returns" url="/api/pesticide/returns" rowKey="id" columns={[
        { title: L('回收日期', 'Date'), dataIndex: 'returnedOn' },
        { title: L('交回人', 'From'), dataIndex: 'returnedBy' },
        { title: L('瓶/袋/桶（个）', 'Bottles / bags / drums'), key: 'c', render: (_v, r) => <span data-testid={`pesticide-return-${r.id}`}>{`${r.bottleCount} / ${r.bagCount} / ${r.drumCount}`}</span> },
        { title: L('重量', 'Weight'), dataIndex: 'weightKg', align: 'right', render: kgText },
        { title: L('退押金', 'Refund'), dataIndex: 'refundYuan', align: 'right', render: (y: number) => (y ? `${y.toFixed(2)} 元` : '') },
        { title: L('扫码', 'Codes'), dataIndex: 'codes', render: (c: string[]) => c.join('、') },
      ]} />
      <ServerTable<SaleRow> queryKey="pesticide-sales" url="/api/pesticide/sales" rowKey="id" columns={[
        { title: L('销售日期', 'Date'), dataIndex: 'soldOn' },
        { title: L('产品', 'Product'), dataIndex: 'productName' },
        { title: L('登记证号', 'Registration'), dataIndex: 'registrationNo' },
        { title: L('有效成分', 'Active ingredient'), key: 'a', render: (_v, r) => `${r.activeIngredient} ${r.contentPct}%` },
        { title: L('包装', 'Package'), key: 'p', render: (_v, r) => `${typeLabel(r.packageType)} · ${M(PACKAGE_MATERIALS.find((m) => m.value === r.packageMaterial) ?? { zh: r.packageMaterial, en: r.packageMaterial })} · ${r.packageSize}` },
        { title: L('数量', 'Count'), dataIndex: 'packageCount', align: 'right', render: (c: number) => `${n(c)} ${L('个', '')}` },
        { title: L('产品重量', 'Product'), dataIndex: 'productKg', align: 'right', render: kgText },
        { title: L('押金码', 'Coded'), dataIndex: 'codes', align: 'right' },
      ]} />
      {form === 'sale' && <SaleForm onClose={() => setForm(null)} />}
      {form === 'return' && <ReturnForm onClose={() => setForm(null)} />}
      {form === 'fertiliser' && <FertiliserForm onClose={() => setForm(null)} />}
    </Card>
  );
}

function useSaved(onClose: () => void, keys: string[]) {
  const client = useQueryClient();
  const { message } = App.useApp();
  return (text: string) => { message.success(text); for (const k of keys) client.invalidateQueries({ queryKey: [k] }); onClose(); };
}

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

function SaleForm({ onClose }: { onClose: () => void }) {
  const { L, M } = useI18n();
  const [form] = Form.useForm();
  const fail = useFormFailure(form);
  const saved = useSaved(onClose, ['pesticide-sales', 'pesticide-dealer']);
  return (
    <Modal open title={L('登记农药销售', 'Record a pesticide sale')} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden okButtonProps={{ 'data-testid': 'pesticide-sale-submit' } as never}>
      <Form form={form} layout="vertical" initialValues={{ soldOn: today(), packageType: 'bottle', packageMaterial: 'plastic' }} onFinish={async (v) => {
        const codes = String(v.packageCodes ?? '').split(/[\s,，、]+/).filter(Boolean);
        try { await post('/api/pesticide/sales', { ...v, packageCodes: codes.length ? codes : undefined }); saved(L('销售已登记', 'Sale recorded')); } catch (e) { fail(e); }
      }}>
        <Form.Item name="soldOn" label={L('销售日期', 'Date')} rules={[{ required: true }]}><Input placeholder="YYYY-MM-DD" /></Form.Item>
        <Form.Item name="productName" label={L('产品名称', 'Product')} rules={[{ required: true }]}><Input maxLength={80} /></Form.Item>
        <Form.Item name="registrationNo" label={L('农药登记证号（如 PD20130987）', 'Registration number (PD20130987)')} rules={[{ required: true }]}><Input maxLength={20} data-testid="pesticide-reg" /></Form.Item>
        <Space wrap>
          <Form.Item name="activeIngredient" label={L('有效成分', 'Active ingredient')} rules={[{ required: true }]}><Input maxLength={80} /></Form.Item>
          <Form.Item name="contentPct" label={L('含量（%）', 'Content (%)')} rules={[{ required: true }]}><InputNumber min={0.001} max={100} /></Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="packageType" label={L('包装类型', 'Package')}><Select style={{ width: 100 }} options={PACKAGE_TYPES.map((t) => ({ value: t.value, label: M(t) }))} /></Form.Item>
          <Form.Item name="packageMaterial" label={L('材质', 'Material')}><Select style={{ width: 140 }} options={PACKAGE_MATERIALS.map((t) => ({ value: t.value, label: M(t) }))} /></Form.Item>
          <Form.Item name="packageSize" label={L('规格', 'Size')} rules={[{ required: true }]}><Input maxLength={20} placeholder="100毫升" style={{ width: 110 }} /></Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="packageCount" label={L('数量（个）', 'Packages')} rules={[{ required: true }]}><InputNumber min={1} precision={0} /></Form.Item>
          <Form.Item name="productKg" label={L('产品重量（千克）', 'Product (kg)')} rules={[{ required: true }]}><InputNumber min={0.001} /></Form.Item>
          <Form.Item name="packageWeightG" label={L('单个包装空重（克）', 'Empty package (g)')} rules={[{ required: true }]}><InputNumber min={0.1} /></Form.Item>
        </Space>
        <Form.Item name="depositYuan" label={L('押金（元/个，可选）', 'Deposit (yuan each, optional)')}><InputNumber min={0} max={1000} /></Form.Item>
        <Form.Item name="packageCodes" label={L('押金包装二维码（扫码或逐行输入，可选）', 'Deposit package codes (scan, one a line; optional)')}><Input.TextArea rows={2} /></Form.Item>
      </Form>
    </Modal>
  );
}

function ReturnForm({ onClose }: { onClose: () => void }) {
  const { L } = useI18n();
  const [form] = Form.useForm();
  const fail = useFormFailure(form);
  const saved = useSaved(onClose, ['pesticide-returns', 'pesticide-dealer']);
  return (
    <Modal open title={L('登记回收（谁销售谁回收）', 'Record a take-back')} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden okButtonProps={{ 'data-testid': 'pesticide-return-submit' } as never}>
      <Form form={form} layout="vertical" initialValues={{ returnedOn: today(), bottleCount: 0, bagCount: 0, drumCount: 0 }} onFinish={async (v) => {
        const codes = String(v.packageCodes ?? '').split(/[\s,，、]+/).filter(Boolean);
        try { await post('/api/pesticide/returns', { ...v, returnedBy: v.returnedBy || undefined, packageCodes: codes.length ? codes : undefined }); saved(L('回收已登记', 'Take-back recorded')); } catch (e) { fail(e); }
      }}>
        <Form.Item name="returnedOn" label={L('回收日期', 'Date')} rules={[{ required: true }]}><Input placeholder="YYYY-MM-DD" /></Form.Item>
        <Form.Item name="returnedBy" label={L('交回农户（可选）', 'Farmer (optional)')}><Input maxLength={40} /></Form.Item>
        <Space wrap>
          <Form.Item name="bottleCount" label={L('瓶（个）', 'Bottles')}><InputNumber min={0} precision={0} data-testid="return-bottles" /></Form.Item>
          <Form.Item name="bagCount" label={L('袋（个）', 'Bags')}><InputNumber min={0} precision={0} data-testid="return-bags" /></Form.Item>
          <Form.Item name="drumCount" label={L('桶（个）', 'Drums')}><InputNumber min={0} precision={0} data-testid="return-drums" /></Form.Item>
        </Space>
        <Form.Item name="weightKg" label={L('重量（千克）', 'Weight (kg)')} rules={[{ required: true }]}><InputNumber min={0.01} data-testid="return-weight" /></Form.Item>
        <Form.Item name="packageCodes" label={L('扫描押金包装二维码（可选，退押金）', 'Scan deposit codes (optional, refunded)')}><Input.TextArea rows={2} /></Form.Item>
      </Form>
    </Modal>
  );
}

function FertiliserForm({ onClose }: { onClose: () => void }) {
  const { L } = useI18n();
  const [form] = Form.useForm();
  const fail = useFormFailure(form);
  const saved = useSaved(onClose, ['fertiliser-sales']);
  const v = Form.useWatch([], form) as { nPct?: number; p2o5Pct?: number; k2oPct?: number; productKg?: number } | undefined;
  const pure = v?.productKg ? (v.productKg * ((v.nPct ?? 0) + (v.p2o5Pct ?? 0) + (v.k2oPct ?? 0))) / 100 : 0;
  return (
    <Modal open title={L('登记化肥销售', 'Record a fertiliser sale')} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ soldOn: today(), nPct: 0, p2o5Pct: 0, k2oPct: 0 }} onFinish={async (values) => {
        try { await post('/api/farm-inputs/fertiliser-sales', values); saved(L('化肥销售已登记', 'Fertiliser sale recorded')); } catch (e) { fail(e); }
      }}>
        <Form.Item name="soldOn" label={L('销售日期', 'Date')} rules={[{ required: true }]}><Input placeholder="YYYY-MM-DD" /></Form.Item>
        <Form.Item name="productName" label={L('产品名称', 'Product')} rules={[{ required: true }]}><Input maxLength={80} /></Form.Item>
        <Form.Item name="registrationNo" label={L('肥料登记证号（可选）', 'Registration (optional)')}><Input maxLength={40} /></Form.Item>
        <Space wrap>
          <Form.Item name="nPct" label="N（%）"><InputNumber min={0} max={100} /></Form.Item>
          <Form.Item name="p2o5Pct" label="P₂O₅（%）"><InputNumber min={0} max={100} /></Form.Item>
          <Form.Item name="k2oPct" label="K₂O（%）"><InputNumber min={0} max={100} /></Form.Item>
        </Space>
        <Form.Item name="productKg" label={L('销售量（千克）', 'Quantity (kg)')} rules={[{ required: true }]}><InputNumber min={0.01} style={{ width: '100%' }} /></Form.Item>
        <Typography.Text type="secondary">{L(`折纯量约 ${pure.toFixed(1)} 千克`, `About ${pure.toFixed(1)} kg of pure nutrient`)}</Typography.Text>
      </Form>
    </Modal>
  );
}

/** The station's receipts (with their slips) and its store, with the form to send a load. */
function StationDesk() {
  const { L } = useI18n();
  const navigate = useNavigate();
  const [sending, setSending] = useState(false);
  return (
    <Card title={L('收储站：接收记录与转移', 'Station: receipts and loads')} size="small" extra={<Space wrap>
      <Button onClick={() => navigate('/agri/pesticide/station')} data-testid="pesticide-station-phone">{L('接收包装物（手机页）', 'Receive packages (phone page)')}</Button>
      <Button type="primary" onClick={() => setSending(true)} data-testid="pesticide-send">{L('开具转移联单', 'Send a load')}</Button>
    </Space>}>
      <Receipts />
      {sending && <LoadForm onClose={() => setSending(false)} />}
    </Card>
  );
}

function Receipts() {
  const { L } = useI18n();
  return (
    <ServerTable<ReceiptRow> queryKey="pesticide-receipts" url="/api/pesticide/receipts" rowKey="id" columns={[
      { title: L('凭证号', 'Receipt'), dataIndex: 'receiptNo', render: (no: string, r) => <a href={`/print/pesticide-receipts/${r.id}`} target="_blank" rel="noreferrer" data-testid={`pesticide-receipt-${no}`}>{no}</a> },
      { title: L('日期', 'Date'), dataIndex: 'receivedOn' },
      { title: L('收储站', 'Station'), dataIndex: 'stationName' },
      { title: L('交来方', 'From'), key: 'f', render: (_v, r) => (r.sourceKind === 'dealer' ? `${L('门店', 'Dealer')} ${r.dealerName}` : `${L('农户', 'Farmer')} ${r.farmerName}`) },
      { title: L('瓶/袋/桶（个）', 'Bottles / bags / drums'), key: 'c', render: (_v, r) => `${n(r.bottleCount)} / ${n(r.bagCount)} / ${n(r.drumCount)}` },
      { title: L('重量', 'Weight'), dataIndex: 'weightKg', align: 'right', render: kgText },
    ]} />
  );
}

function LoadForm({ onClose }: { onClose: () => void }) {
  const { L, M } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm();
  const fail = useFormFailure(form);
  const store = useQuery({ queryKey: ['pesticide-store'], queryFn: () => get<Page<{ id: string; batchNo: string; quantityT: number; inStoreT?: number }>>('/api/ledger/store?stream=pesticide&pageSize=100') });
  const destinations = useQuery({ queryKey: ['pesticide-destinations'], queryFn: () => get<{ items: Destination[] }>('/api/pesticide/destinations') });
  const transporters = useQuery({ queryKey: ['pesticide-transporters'], queryFn: () => get<Page<{ id: string; name: string }>>(`/api/manifests/transporters${qs({ pageSize: 50 })}`) });
  const receiverId: string | undefined = Form.useWatch('receiverId', form);
  const measures: string[] = Form.useWatch('transportMeasures', form) ?? [];
  const chosen = destinations.data?.items.find((d) => d.id === receiverId);
  const breaks = chosen && (chosen.managedAs === 'hazardous' || TRANSPORT_MEASURES.some((m) => !measures.includes(m.value)));
  return (
    <Modal open width={640} title={L('开具农药包装废弃物转移联单', 'Send a load of pesticide packaging')} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden okButtonProps={{ 'data-testid': 'pesticide-send-submit' } as never}>
      <Form form={form} layout="vertical" initialValues={{ plannedDate: today(), transportMeasures: TRANSPORT_MEASURES.map((m) => m.value) }} onFinish={async (v) => {
        try {
          const m = await post<{ id: string }>('/api/manifests', { stream: 'pesticide', batchIds: v.batchIds, receiverId: v.receiverId, transporterIds: [v.transporterId], plannedDate: v.plannedDate, transportMeasures: v.transportMeasures });
          navigate(`/manifests/${m.id}`);
        } catch (e) { fail(e); }
      }}>
        <Form.Item name="batchIds" label={L('库存批次', 'Batches in store')} rules={[{ required: true }]}>
          <Select mode="multiple" data-testid="pesticide-batches" options={(store.data?.items ?? []).map((b) => ({ value: b.id, label: `${b.batchNo}（${tonnes(b.inStoreT ?? b.quantityT, 'zh')}）` }))} />
        </Form.Item>
        <Form.Item name="receiverId" label={L('去向', 'Destination')} rules={[{ required: true }]}>
          <Select data-testid="pesticide-destination" options={(destinations.data?.items ?? []).map((d) => ({ value: d.id, label: `${d.name}（${M(DESTINATION_KINDS.find((k) => k.value === d.kind)!)}）` }))}
            onChange={(id: string) => { const d = destinations.data?.items.find((x) => x.id === id); if (d && d.kind === 'designated_utiliser') form.setFieldsValue({ transporterId: d.id }); }} />
        </Form.Item>
        <Form.Item name="transporterId" label={L('承运单位', 'Carrier')} rules={[{ required: true }]}>
          <Select data-testid="pesticide-carrier" options={[...(chosen ? [{ value: chosen.id, label: `${chosen.name}（${L('自行运输', 'fetches it')}）` }] : []), ...(transporters.data?.items ?? []).filter((t) => t.id !== chosen?.id).map((t) => ({ value: t.id, label: t.name }))]} />
        </Form.Item>
        <Form.Item name="transportMeasures" label={L('承运车辆措施（《办法》要求）', 'Carrier’s measures (as the Measures require)')}>
          <Checkbox.Group options={TRANSPORT_MEASURES.map((m) => ({ value: m.value, label: M(m) }))} />
        </Form.Item>
        <Form.Item name="plannedDate" label={L('转移日期', 'Date')} rules={[{ required: true }]}><Input placeholder="YYYY-MM-DD" /></Form.Item>
        {chosen && <Tag color={breaks ? 'red' : 'green'} data-testid="pesticide-managed-as">{M(MANAGED_AS.find((x) => x.value === (breaks ? 'hazardous' : 'exempt'))!)}</Tag>}
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{M(EXEMPTION.source)}</Typography.Paragraph>
      </Form>
    </Modal>
  );
}

/** Loads of the stream with how each is managed; those managed as hazardous waste in red. */
function Loads() {
  const { L, M, lang } = useI18n();
  const navigate = useNavigate();
  return (
    <Card title={L('转移记录（按危险废物管理的标红）', 'Loads (those managed as hazardous waste in red)')} size="small">
      <ServerTable<LoadRow> queryKey="pesticide-loads" url="/api/pesticide/loads" rowKey="id" onRow={(m) => navigate(`/manifests/${m.id}`)}
        filters={<Form.Item name="managedAs"><Select allowClear placeholder={L('管理方式', 'Managed as')} style={{ width: 220 }} data-testid="pesticide-loads-managed" options={MANAGED_AS.map((x) => ({ value: x.value, label: M(x) }))} /></Form.Item>}
        columns={[
          { title: L('联单编号', 'Number'), dataIndex: 'number', render: (no: string) => <span data-testid={`pesticide-load-${no}`}>{no}</span> },
          { title: L('日期', 'Date'), dataIndex: 'plannedDate' },
          { title: L('状态', 'Status'), dataIndex: 'status', render: (s: string) => <Tag color={MANIFEST_STATUS[s]?.[2]}>{L(MANIFEST_STATUS[s]?.[0] ?? s, MANIFEST_STATUS[s]?.[1] ?? s)}</Tag> },
          { title: L('收储站', 'Station'), dataIndex: 'stationName' },
          { title: L('去向', 'Destination'), dataIndex: 'receiverName' },
          { title: L('管理方式', 'Managed as'), key: 'm', render: (_v, r) => (r.managedAs === 'hazardous'
            ? <Tag color="red">{L(`按危险废物管理（不符合：${r.breaches.map((b) => EXEMPTION.conditions.find((c) => c.key === b)?.zh.split('：')[0] ?? b).join('、')}）`, `Hazardous (breaks: ${r.breaches.join(', ')})`)}</Tag>
            : <Tag color="green">{L('豁免', 'Exempt')}</Tag>) },
          { title: L('包装物', 'Packages'), dataIndex: 'packageCount', align: 'right', render: (c: number | null) => (c === null ? '' : `${n(c)} ${L('个', '')}`) },
          { title: L('接收量', 'Received'), dataIndex: 'receivedWeightT', align: 'right', render: (t: number | null) => tonnes(t, lang) },
        ]} />
    </Card>
  );
}

/** The bureau's view: recovery by town, use against the base year, dealers and the designated utilisers. */
function BureauView() {
  const { L, M } = useI18n();
  const [year, setYear] = useState(thisYear());
  const recovery = useQuery({ queryKey: ['pesticide-recovery', year], queryFn: () => get<{ items: RecoveryRow[]; total: Omit<RecoveryRow, 'town' | 'name'> }>(`/api/pesticide/recovery${qs({ year })}`) });
  const use = useQuery({ queryKey: ['farm-inputs-use', year], queryFn: () => get<{ baseYear: number; sownAreaMu: number | null; items: { kind: string; current: UseFigure; base: UseFigure }[] }>(`/api/farm-inputs/use${qs({ year })}`) });
  const t = recovery.data?.total;
  return (
    <>
      <Card title={L('农药包装废弃物回收率（按镇街，收储站接收 ÷ 门店销售）', 'Recovery rate by town (received at the stations ÷ sold by dealers)')} size="small"
        extra={<Select value={year} onChange={setYear} style={{ width: 110 }} options={[thisYear(), thisYear() - 1].map((y) => ({ value: y, label: `${y}${L('年', '')}` }))} />}>
        {t && <Typography.Paragraph data-testid="pesticide-recovery-total"><b>{L(`合计：按个数 ${pct(t.rateByCount)}，按重量 ${pct(t.rateByWeight)}`, `Total: ${pct(t.rateByCount)} by count, ${pct(t.rateByWeight)} by weight`)}</b>
          {L(`（接收 ${n(t.received)} 个 / 销售 ${n(t.sold)} 个）`, ` (${n(t.received)} received / ${n(t.sold)} sold)`)}</Typography.Paragraph>}
        <Table<RecoveryRow> size="small" rowKey="town" loading={recovery.isLoading} dataSource={recovery.data?.items ?? []} pagination={false} scroll={{ x: true }} columns={[
          { title: L('镇街', 'Town'), key: 'n', render: (_v, r) => `${r.name ?? ''} ${r.town}` },
          { title: L('销售（个）', 'Sold'), dataIndex: 'sold', align: 'right', render: n },
          { title: L('接收（个）', 'Received'), dataIndex: 'received', align: 'right', render: n },
          { title: L('按个数', 'By count'), dataIndex: 'rateByCount', align: 'right', render: (v: number | null) => <Tag color={v !== null && v >= 80 ? 'green' : 'orange'}>{pct(v)}</Tag> },
          { title: L('销售包装重量', 'Packaging sold'), dataIndex: 'soldKg', align: 'right', render: kgText },
          { title: L('接收重量', 'Received'), dataIndex: 'receivedKg', align: 'right', render: kgText },
          { title: L('按重量', 'By weight'), dataIndex: 'rateByWeight', align: 'right', render: pct },
        ]} />
      </Card>
      <Card title={L('化肥农药使用量（较基准年）', 'Fertiliser and pesticide use (against the base year)')} size="small">
        {use.data && <Descriptions size="small" column={1} bordered data-testid="farm-inputs-use">
          {use.data.items.map((i) => (
            <Descriptions.Item key={i.kind} label={i.kind === 'pesticide' ? L('化学农药（实物吨）', 'Pesticides (product t)') : L('化学肥料（折纯吨）', 'Fertilisers (pure-nutrient t)')}>
              {`${year}: ${i.current.tonnes === null ? '—' : tonnes(i.current.tonnes, 'zh')}（${M(i.current.sourceNote)}）`}<br />
              {`${use.data!.baseYear}: ${i.base.tonnes === null ? '—' : tonnes(i.base.tonnes, 'zh')}（${M(i.base.sourceNote)}）`}
              {i.current.tonnes !== null && i.base.tonnes ? <Tag color="blue" style={{ marginLeft: 8 }}>{L(`下降 ${(((i.base.tonnes - i.current.tonnes) / i.base.tonnes) * 100).toFixed(1)}%`, `down ${(((i.base.tonnes - i.current.tonnes) / i.base.tonnes) * 100).toFixed(1)} %`)}</Tag> : null}
              {i.current.activeT !== null && <Typography.Text type="secondary">{L(`；有效成分 ${tonnes(i.current.activeT, 'zh')}`, `; active ingredient ${i.current.activeT} t`)}</Typography.Text>}
            </Descriptions.Item>
          ))}
        </Descriptions>}
      </Card>
      <Card title={L('农药经营门店（本年）', 'Dealers (this year)')} size="small">
        <ServerTable<DealerRow> queryKey="pesticide-dealers" url="/api/pesticide/dealers" rowKey="id" columns={[
          { title: L('门店', 'Dealer'), dataIndex: 'name' },
          { title: L('所在镇街', 'Town'), dataIndex: 'regionCode' },
          { title: L('销售包装（个）', 'Sold'), dataIndex: 'sold', align: 'right', render: n },
          { title: L('回收（个）', 'Taken back'), dataIndex: 'returned', align: 'right', render: n },
          { title: L('交站（个）', 'Handed over'), dataIndex: 'handedOver', align: 'right', render: n },
          { title: L('农药销售量', 'Pesticide sold'), dataIndex: 'productKg', align: 'right', render: (kg: number) => tonnes(Math.round(kg) / 1000, 'zh') },
        ]} />
      </Card>
      <Card title={L('资源化利用单位名单（农业农村部门确定）', 'Designated utilisers (by the agriculture bureau)')} size="small">
        <ServerTable<{ id: string; organisationName: string; decisionNo: string; note: string }> queryKey="pesticide-utilisers" url="/api/pesticide/utilisers" rowKey="id" columns={[
          { title: L('单位', 'Organisation'), dataIndex: 'organisationName' },
          { title: L('确定文号', 'Decision'), dataIndex: 'decisionNo' },
          { title: L('说明', 'Note'), dataIndex: 'note' },
        ]} />
      </Card>
      <Card title={L('收储站接收记录', 'Station receipts')} size="small"><Receipts /></Card>
    </>
  );
}
