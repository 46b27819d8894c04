import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, InputNumber, Radio, Segmented, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { ApiError, get, post, qs, type Page } from '../api';
import { tonnes, useI18n } from '../i18n';
import { useFormFailure, useStreams } from '../hooks';
import { StreamStore } from '../components/StreamStore';
import { APPLIANCE_TYPES, INTAKE_SOURCES, RECYCLABLE_CATEGORIES, isScrapMetal, recyclableCategory } from '../../domain/recycling';

// A station's or the sorting centre's clerk (/recycling/station), on a phone at the counter or at a
// desk: record what comes in (电子统计台账), read the ledger by month, category and source with the
// month's totals and an Excel export, send loads from the store on the one manifest form, and file
// the month's declaration prefilled from the ledger.

interface Intake { id: string; receivedOn: string; category: string; wasteCode: string; weightKg: number; itemCount: number | null; source: string; sellerOrgName: string | null; sellerName: string; sellerCertificate: string; amountYuan: number | null; manifestId: string | null; note: string }
interface Month { month: string; totalT: number; items: { category: string; wasteCode: string; weightT: number; itemCount: number; lines: number }[] }
interface Draft { period: string; closesAt: string | null; lines: { wasteCode: string; generatedT: number; receivedT: number; storedEndT: number; transfers: { receiverName: string; quantityT: number }[] }[]; submitted: { version: number; submittedAt: string } | null }

const shanghaiToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const monthBefore = (month: string) => { const d = new Date(`${month}-01T00:00:00Z`); d.setUTCMonth(d.getUTCMonth() - 1); return d.toISOString().slice(0, 7); };

export default function RecyclingStationPage() {
  const { L } = useI18n();
  const [view, setView] = useState<'record' | 'ledger' | 'loads' | 'declare'>('record');
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      <Segmented block value={view} onChange={(v) => setView(v as typeof view)} data-testid="rr-views" options={[
        { value: 'record', label: L('登记回收', 'Record') }, { value: 'ledger', label: L('台账', 'Ledger') },
        { value: 'loads', label: L('转运', 'Loads') }, { value: 'declare', label: L('月度申报', 'Declare') },
      ]} />
      {view === 'record' && <RecordIntake />}
      {view === 'ledger' && <Ledger />}
      {view === 'loads' && <Loads />}
      {view === 'declare' && <Declare />}
    </Space>
  );
}

function RecordIntake() {
  const { L, M } = useI18n();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const fail = useFormFailure(form);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ batchNo: string; weightKg: number; category: string } | null>(null);
  const [search, setSearch] = useState('');
  const category: string = Form.useWatch('category', form) ?? 'paper';
  const source: string = Form.useWatch('source', form) ?? 'walk_in';
  const sellers = useQuery({
    queryKey: ['rr-sellers', source, search], enabled: source === 'enterprise' || source === 'institution',
    queryFn: () => get<Page<{ id: string; name: string }>>(`/api/recycling/sellers${qs({ kind: source === 'institution' ? 'institution' : 'enterprise', q: search || undefined, pageSize: 50 })}`),
  });
  const metal = isScrapMetal(category);
  const piece = recyclableCategory(category)?.measure === 'piece';
  return (
    <Card title={L('登记回收', 'Record intake')} styles={{ body: { padding: 12 } }}>
      {done && <Alert type="success" showIcon style={{ marginBottom: 12 }} data-testid="rr-recorded"
        message={L(`已登记 ${M(recyclableCategory(done.category)!)} ${done.weightKg} kg，入库批次 ${done.batchNo}`, `Recorded ${done.weightKg} kg of ${M(recyclableCategory(done.category)!)}, batch ${done.batchNo}`)} />}
      <Form form={form} layout="vertical" initialValues={{ category: 'paper', source: 'walk_in', units: [{ applianceType: 'tv' }] }} onFinish={async (v) => {
        setBusy(true);
        try {
          const units = v.category === 'ewaste' ? (v.units ?? []).map((u: Record<string, unknown>) => ({ ...u, serial: u.serial || undefined, brand: u.brand || undefined })) : undefined;
          const body = {
            receivedOn: shanghaiToday(), category: v.category, source: v.source, weightKg: v.category === 'ewaste' ? units.reduce((n: number, u: { weightKg: number }) => n + (u.weightKg ?? 0), 0) : v.weightKg,
            itemCount: piece && v.category !== 'ewaste' ? v.itemCount : undefined, unitPriceYuan: v.unitPriceYuan ?? undefined, units,
            sellerOrgId: v.sellerOrgId || undefined, sellerName: v.sellerName || undefined, sellerIdNo: v.sellerIdNo || undefined, sellerAddress: v.sellerAddress || undefined,
            sellerCertificate: v.sellerCertificate || undefined, note: v.note || undefined,
          };
          const r = await post<{ batchNo: string; weightKg: number; category: string }>('/api/recycling/intake', body);
          client.invalidateQueries({ queryKey: ['rr-ledger'] });
          setDone(r);
          form.resetFields(['weightKg', 'itemCount', 'sellerName', 'sellerIdNo', 'sellerAddress', 'sellerCertificate', 'note', 'units']);
        } catch (e) { fail(e); } finally { setBusy(false); }
      }}>
        <Form.Item name="source" label={L('来源', 'From')}>
          <Select data-testid="rr-source" options={INTAKE_SOURCES.filter((s) => s.value !== 'booking' && s.value !== 'load').map((s) => ({ value: s.value, label: M(s) }))} />
        </Form.Item>
        <Form.Item name="category" label={L('品类', 'Category')}>
          <Select data-testid="rr-category" options={RECYCLABLE_CATEGORIES.map((c) => ({ value: c.value, label: `${M(c)}（${c.code}）` }))} />
        </Form.Item>
        {(source === 'enterprise' || source === 'institution') && (
          <Form.Item name="sellerOrgId" label={source === 'institution' ? L('医疗卫生机构', 'Medical institution') : L('出售单位（平台已登记）', 'Selling company (on the platform)')}
            rules={source === 'institution' ? [{ required: true, message: L('请选择医疗卫生机构', 'Choose the institution') }] : []}>
            <Select allowClear showSearch={{ filterOption: false, onSearch: setSearch }} data-testid="rr-seller-org" loading={sellers.isFetching} options={(sellers.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))} />
          </Form.Item>
        )}
        {source === 'institution' && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={L('只接收未被患者血液、体液、排泄物污染的输液瓶（袋），品类为废塑料或废玻璃。', 'Only infusion bottles and bags not contaminated by blood, body fluids or excreta: plastics or glass.')} />}
        {metal && source === 'enterprise' && <>
          <Form.Item name="sellerName" label={L('出售单位名称（未在平台登记时）', 'Seller (if not on the platform)')}><Input maxLength={60} /></Form.Item>
          <Form.Item name="sellerCertificate" label={L('出售单位开具的证明', 'The seller’s certificate')}><Input maxLength={80} data-testid="rr-certificate" /></Form.Item>
        </>}
        {metal && source === 'collector' && <>
          <Form.Item name="sellerName" label={L('出售人姓名', 'Seller’s name')}><Input maxLength={60} data-testid="rr-seller-name" /></Form.Item>
          <Form.Item name="sellerIdNo" label={L('身份证号码', 'Identity number')}><Input maxLength={18} data-testid="rr-seller-id" /></Form.Item>
          <Form.Item name="sellerAddress" label={L('住址', 'Address')}><Input maxLength={120} data-testid="rr-seller-address" /></Form.Item>
        </>}
        {category === 'ewaste' ? (
          <Form.List name="units">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Space key={f.key} wrap align="end" style={{ marginBottom: 4 }}>
                    <Form.Item name={[f.name, 'applianceType']} label={i === 0 ? L('电器', 'Appliance') : undefined}><Select style={{ width: 120 }} options={APPLIANCE_TYPES.map((a) => ({ value: a.value, label: M(a) }))} /></Form.Item>
                    <Form.Item name={[f.name, 'brand']} label={i === 0 ? L('品牌', 'Brand') : undefined}><Input style={{ width: 90 }} maxLength={40} /></Form.Item>
                    <Form.Item name={[f.name, 'serial']} label={i === 0 ? L('编号', 'Serial') : undefined}><Input style={{ width: 140 }} maxLength={60} data-testid={`rr-unit-serial-${i}`} /></Form.Item>
                    <Form.Item name={[f.name, 'weightKg']} label={i === 0 ? L('重量（kg）', 'kg') : undefined} rules={[{ required: true, message: L('请填写重量', 'Weight') }]}><InputNumber min={0.1} style={{ width: 80 }} inputMode="decimal" data-testid={`rr-unit-weight-${i}`} /></Form.Item>
                    {fields.length > 1 && <Button onClick={() => remove(f.name)}>{L('删除', 'Remove')}</Button>}
                  </Space>
                ))}
                <Button onClick={() => add({ applianceType: 'tv' })} style={{ marginBottom: 12 }}>{L('再加一台', 'Add a unit')}</Button>
              </>
            )}
          </Form.List>
        ) : (
          <Space wrap>
            <Form.Item name="weightKg" label={L('重量（千克）', 'Weight (kg)')} rules={[{ required: true, message: L('请填写重量', 'Give the weight') }]}>
              <InputNumber min={0.01} step={0.1} inputMode="decimal" style={{ width: 150 }} data-testid="rr-weight" />
            </Form.Item>
            {piece && <Form.Item name="itemCount" label={L('件数（件）', 'Pieces')}><InputNumber min={1} precision={0} inputMode="numeric" style={{ width: 110 }} /></Form.Item>}
          </Space>
        )}
        <Form.Item name="unitPriceYuan" label={piece ? L('单价（元/件）', 'Price (yuan/piece)') : L('单价（元/千克）', 'Price (yuan/kg)')}>
          <InputNumber min={0} step={0.1} inputMode="decimal" style={{ width: 150 }} data-testid="rr-price" />
        </Form.Item>
        <Form.Item name="note" label={L('备注', 'Note')}><Input maxLength={200} /></Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="rr-submit">{L('确认登记', 'Record')}</Button>
      </Form>
    </Card>
  );
}

function Ledger() {
  const { L, M, lang } = useI18n();
  const [month, setMonth] = useState(shanghaiToday().slice(0, 7));
  const [category, setCategory] = useState<string>();
  const [source, setSource] = useState<string>();
  const [page, setPage] = useState(1);
  const filter = { month, category, source };
  const lines = useQuery({ queryKey: ['rr-ledger', filter, page], queryFn: () => get<Page<Intake>>(`/api/recycling/intake${qs({ ...filter, page, pageSize: 20 })}`) });
  const totals = useQuery({ queryKey: ['rr-ledger', 'month', month], queryFn: () => get<Month>(`/api/recycling/intake/month${qs({ month })}`) });
  const label = (v: string, list: readonly { value: string; zh: string; en: string }[]) => { const x = list.find((i) => i.value === v); return x ? M(x) : v; };
  return (
    <Card title={L('电子统计台账', 'Electronic ledger')} styles={{ body: { padding: 12 } }}
      extra={<Button href={`/api/recycling/intake.xlsx${qs(filter)}`} data-testid="rr-export">{L('导出 Excel', 'Excel')}</Button>}>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input type="month" value={month} onChange={(e) => { setMonth(e.target.value); setPage(1); }} style={{ width: 150 }} data-testid="rr-month" />
        <Select allowClear placeholder={L('品类', 'Category')} value={category} onChange={(v) => { setCategory(v); setPage(1); }} style={{ width: 150 }} options={RECYCLABLE_CATEGORIES.map((c) => ({ value: c.value, label: M(c) }))} />
        <Select allowClear placeholder={L('来源', 'Source')} value={source} onChange={(v) => { setSource(v); setPage(1); }} style={{ width: 150 }} options={INTAKE_SOURCES.map((s) => ({ value: s.value, label: M(s) }))} />
      </Space>
      <Space wrap size={24} style={{ marginBottom: 12 }} data-testid="rr-totals">
        <Statistic title={L(`${month} 合计`, `${month} total`)} value={tonnes(totals.data?.totalT ?? 0, lang)} />
        {(totals.data?.items ?? []).filter((i) => i.lines).map((i) => <Statistic key={i.category} title={label(i.category, RECYCLABLE_CATEGORIES)} value={i.category === 'ewaste' ? L(`${i.itemCount} 台`, `${i.itemCount} units`) : tonnes(i.weightT, lang)} />)}
      </Space>
      <Table<Intake> rowKey="id" size="small" loading={lines.isLoading} dataSource={lines.data?.items ?? []} scroll={{ x: 'max-content' }} data-testid="rr-ledger"
        pagination={{ current: page, pageSize: 20, total: lines.data?.total ?? 0, onChange: setPage, showTotal: (n) => L(`共 ${n} 条`, `${n} lines`) }}
        columns={[
          { title: L('日期', 'Date'), dataIndex: 'receivedOn' },
          { title: L('品类', 'Category'), key: 'c', render: (_v, r) => `${label(r.category, RECYCLABLE_CATEGORIES)}（${r.wasteCode}）` },
          { title: L('重量', 'Weight'), dataIndex: 'weightKg', render: (kg: number, r) => `${kg.toLocaleString('zh-CN')} kg${r.itemCount ? L(` / ${r.itemCount} 件`, ` / ${r.itemCount} pcs`) : ''}` },
          { title: L('来源', 'From'), key: 's', render: (_v, r) => <Tag>{label(r.source, INTAKE_SOURCES)}</Tag> },
          { title: L('出售方', 'Seller'), key: 'seller', render: (_v, r) => [r.sellerOrgName ?? r.sellerName, r.sellerCertificate].filter(Boolean).join(' · ') || '—' },
          { title: L('金额', 'Amount'), dataIndex: 'amountYuan', render: (y: number | null) => (y === null ? '—' : `${y.toLocaleString('zh-CN')} 元`) },
        ]} />
    </Card>
  );
}

function Loads() {
  const { L } = useI18n();
  const streams = useStreams();
  const [key, setKey] = useState('recyclables');
  const stream = streams.data?.items.find((s) => s.key === key);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Radio.Group optionType="button" buttonStyle="solid" value={key} onChange={(e) => setKey(e.target.value)} data-testid="rr-load-stream"
        options={[{ value: 'recyclables', label: L('再生资源', 'Recyclables') }, { value: 'ewaste', label: L('废弃电器电子产品', 'E-waste') }]} />
      <Typography.Text type="secondary">{L('勾选库存批次（同一品类）后创建转移联单：网点交分拣中心，分拣中心交利用企业；电器只交取得处理资格的拆解企业。', 'Tick batches of one category and create a manifest: a station sends to the sorting centre, the centre to a utiliser; appliances only to a licensed dismantler.')}</Typography.Text>
      {stream && <StreamStore key={key} stream={stream} producer tabs={{}} />}
    </Space>
  );
}

function Declare() {
  const { L, M, lang } = useI18n();
  const client = useQueryClient();
  const [period, setPeriod] = useState(monthBefore(shanghaiToday().slice(0, 7)));
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const draft = useQuery({ queryKey: ['rr-declaration', period], queryFn: () => get<Draft>(`/api/declarations/draft${qs({ stream: 'recyclables', periodType: 'month', period })}`) });
  const name = (code: string) => RECYCLABLE_CATEGORIES.find((c) => c.code === code);
  return (
    <Card title={L('月度申报（再生资源回收量）', 'Monthly declaration')} styles={{ body: { padding: 12 } }}>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input type="month" value={period} onChange={(e) => setPeriod(e.target.value)} style={{ width: 150 }} data-testid="rr-declare-month" />
        {draft.data?.submitted && <Tag color="green" data-testid="rr-declared">{L(`已申报（第 ${draft.data.submitted.version} 版）`, `Declared (version ${draft.data.submitted.version})`)}</Tag>}
      </Space>
      <Table size="small" rowKey="wasteCode" pagination={false} loading={draft.isLoading} dataSource={draft.data?.lines ?? []} data-testid="rr-declare-lines" scroll={{ x: 'max-content' }}
        columns={[
          { title: L('品类', 'Category'), dataIndex: 'wasteCode', render: (c: string) => `${c} ${name(c)?.zh ?? ''}` },
          { title: L('回收量', 'Collected'), dataIndex: 'generatedT', render: (t: number) => tonnes(t, lang) },
          { title: L('转运入场', 'Received on loads'), dataIndex: 'receivedT', render: (t: number) => tonnes(t, lang) },
          { title: L('转出', 'Sent on'), key: 'out', render: (_v, l) => tonnes(l.transfers.reduce((n, x) => n + x.quantityT, 0), lang) },
          { title: L('月末库存', 'Held at month end'), dataIndex: 'storedEndT', render: (t: number) => tonnes(t, lang) },
        ]} />
      {failure && <Alert type="error" showIcon style={{ marginTop: 12 }} message={failure} data-testid="rr-declare-error" />}
      <Button type="primary" block size="large" style={{ marginTop: 12 }} loading={busy} data-testid="rr-declare-submit" onClick={async () => {
        setBusy(true); setFailure(null);
        try {
          await post('/api/declarations', { stream: 'recyclables', periodType: 'month', period });
          client.invalidateQueries({ queryKey: ['rr-declaration'] });
        } catch (e) { setFailure(e instanceof ApiError ? M(e.text) : String(e)); } finally { setBusy(false); }
      }}>{L('提交申报', 'Submit')}</Button>
    </Card>
  );
}
