import { useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Select, Table, type ButtonProps, type FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { get, post, qs, type Message, type Page } from '../api';
import { tonnes, useI18n } from '../i18n';
import { useFormFailure, useRules, useStreams, type JsonProperty, type RuleTable } from '../hooks';

/** A batch in store as the form shows it: the caller's selected rows. */
export interface LoadBatch { id: string; batchNo: string; wasteCode: string; internalName: string; inStoreT: number }

interface LicensedReceiver { id: string; name: string; licenceNo: string; remainingT: number }
interface VerifiedReceiver { id: string; name: string; industry: string | null }
interface Transporter { id: string; name: string; vehicles: { id: string; plate: string; loadT: number; dgPermitNo: string | null }[]; drivers: { id: string; name: string; hasAccount: boolean }[] }

// The parties of a load: the engine's common request properties, each with its own picker.
const PARTIES = ['batchIds', 'receiverId', 'transporterIds', 'vehicleId', 'driverId'];

// Labels of request properties that are not manifest fields (the rule table labels fields, not requests),
// used where the stream's rule table has no row of the same name.
const OWN_LABELS: Record<string, Message> = {
  receiverId: { zh: '接受单位', en: 'Receiver' },
  transporterIds: { zh: '承运单位', en: 'Transporter' },
  vehicleId: { zh: '运输车辆', en: 'Vehicle' },
  driverId: { zh: '驾驶员', en: 'Driver' },
  plannedDate: { zh: '计划转移日期', en: 'Planned date' },
  dangerousGoodsClass: { zh: '危险货物类别/项别/编号', en: 'Dangerous-goods class and UN number' },
  emergencyMeasures: { zh: '突发环境事件防范措施', en: 'Emergency measures' },
  packaging: { zh: '包装方式', en: 'Packaging' },
  producerContact: { zh: '移出人联系人及电话', en: 'Producer contact' },
  vehiclePlate: { zh: '运输车辆号牌', en: 'Vehicle plate' },
  purpose: { zh: '委托目的', en: 'Purpose' },
  // 危险废物转移管理办法 第二十条: a paper manifest used while the system was down is entered afterwards.
  paper: { zh: '补录纸质联单（系统故障期间已使用纸质联单转移）', en: 'Enter a paper manifest (used while the system was down)' },
  paperNumber: { zh: '纸质联单编号', en: 'Paper manifest number' },
  transferredAt: { zh: '实际转移时间', en: 'Transferred at' },
};

// Hints for optional properties the server fills in when left empty.
const PLACEHOLDERS: Record<string, Message> = {
  dangerousGoodsClass: { zh: '第9类 UN3082', en: 'Class 9 UN3082' },
  packaging: { zh: '留空则用批次的容器类型', en: 'Empty: the batches’ container type' },
  producerContact: { zh: '留空则用本单位联系人', en: 'Empty: your organisation’s contact' },
  vehiclePlate: { zh: '鲁P8K123', en: '鲁P8K123' },
};

// The short test ids browser tests know each property by (hazardous: manifest-dg, industrial: sw-handover-plate …).
const TEST_IDS: Record<string, string> = {
  receiverId: 'receiver', transporterIds: 'transporter', vehicleId: 'vehicle', driverId: 'driver', plannedDate: 'date',
  dangerousGoodsClass: 'dg', emergencyMeasures: 'emergency', vehiclePlate: 'plate', producerContact: 'contact',
};

const isDateTime = (p: JsonProperty) => p.format === 'date-time' || !!p.anyOf?.some((a) => a.format === 'date-time');

/** A form value as the create body takes it: days as YYYY-MM-DD, instants as ISO text, empty text left out. */
function bodyValue(p: JsonProperty, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (dayjs.isDayjs(value)) return isDateTime(p) ? value.toISOString() : value.format('YYYY-MM-DD');
  if (typeof value === 'string') return value.trim() || undefined;
  if (p.type === 'object' && p.properties && typeof value === 'object') {
    return Object.fromEntries(Object.entries(p.properties).map(([k, sub]) => [k, bodyValue(sub, (value as Record<string, unknown>)[k])]).filter(([, v]) => v !== undefined));
  }
  return value;
}

/**
 * 创建联单: one form for every stream whose load comes out of the store, rendered from the body
 * POST /api/manifests takes for the stream (the `create` JSON Schema of GET /api/manifests/rules/:stream),
 * labelled by the stream's rule table. The caller gives the batches chosen in its store; the form
 * picks the receiver, the transporter with its vehicle and driver where the stream carries them,
 * and whatever else the stream asks, then opens the new manifest.
 */
export function ManifestForm({ stream, batches, testIdPrefix = 'manifest', onClose, onCreated }: {
  stream: string; batches: LoadBatch[]; testIdPrefix?: string; onClose: () => void; onCreated?: (id: string) => void;
}) {
  const { L, M, lang } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const fail = useFormFailure(form);
  const [busy, setBusy] = useState(false);
  const rules = useRules(stream);
  const definition = useStreams().data?.items.find((s) => s.key === stream);
  const total = batches.reduce((n, b) => n + b.inStoreT, 0);
  const first = batches[0];
  const create = rules.data?.create;
  const submit = async (values: Record<string, unknown>) => {
    const body: Record<string, unknown> = { stream, batchIds: batches.map((b) => b.id) };
    for (const [name, p] of Object.entries(create!.properties)) {
      if (name === 'batchIds') continue;
      // One transporter is chosen here: the first, whose vehicle and driver carry the load.
      if (name === 'transporterIds') { if (values.transporterIds) body.transporterIds = [values.transporterIds]; continue; }
      if (p.type === 'object' && !values[`${name}.on`]) continue;
      const v = bodyValue(p, values[name]);
      if (v !== undefined) body[name] = v;
    }
    setBusy(true);
    try {
      const m = await post<{ id: string }>('/api/manifests', body);
      message.success(L('联单已创建，请确认签署', 'Manifest created: sign it to send the load'));
      client.invalidateQueries({ queryKey: ['store'] });
      onCreated?.(m.id);
      navigate(`/manifests/${m.id}`);
    } catch (e) { fail(e); } finally { setBusy(false); }
  };
  return (
    <Modal open width={680} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden loading={!create || !definition}
      okButtonProps={{ loading: busy, 'data-testid': `${testIdPrefix}-submit` } as ButtonProps}
      title={L(`创建转移联单：${first?.wasteCode ?? ''} ${first?.internalName ?? ''}，${tonnes(total, 'zh')}`, `New manifest: ${first?.wasteCode ?? ''} ${first?.internalName ?? ''}, ${tonnes(total, 'en')}`)}>
      <Table<LoadBatch> rowKey="id" size="small" pagination={false} dataSource={batches} style={{ marginBottom: 16 }} data-testid={`${testIdPrefix}-batches`}
        columns={[
          { title: L('批次编码', 'Batch'), dataIndex: 'batchNo' },
          { title: L('废物', 'Waste'), key: 'w', render: (_v, b) => `${b.wasteCode} ${b.internalName}` },
          { title: L('转移量', 'Weight'), dataIndex: 'inStoreT', align: 'right', render: (t: number) => tonnes(t, lang) },
        ]}
        summary={() => batches.length > 1 ? <Table.Summary.Row><Table.Summary.Cell index={0} colSpan={2}>{L('合计', 'Total')}</Table.Summary.Cell><Table.Summary.Cell index={2} align="right">{tonnes(total, lang)}</Table.Summary.Cell></Table.Summary.Row> : null} />
      {create && definition && rules.data && (
        <Form form={form} layout="vertical" initialValues={{ plannedDate: dayjs() }} onFinish={submit}>
          <CreateFields form={form} rules={rules.data} licensed={definition.receivers === 'licensed'} wasteCode={first?.wasteCode} total={total} testId={(name) => `${testIdPrefix}-${TEST_IDS[name] ?? name}`} label={(name) => M(rules.data!.fields.find((f) => f.field === name)?.label ?? OWN_LABELS[name] ?? { zh: name, en: name })} />
        </Form>
      )}
    </Modal>
  );
}

/** The create schema's properties as form items: the day first (licensed receivers depend on it), the parties, then the rest in the schema's order. */
function CreateFields({ form, rules, licensed, wasteCode, total, testId, label }: {
  form: FormInstance; rules: RuleTable; licensed: boolean; wasteCode: string | undefined; total: number; testId: (name: string) => string; label: (name: string) => string;
}) {
  const { L, M, lang } = useI18n();
  const { properties, required = [] } = rules.create;
  const must = (name: string) => required.includes(name);
  const [transporter, setTransporter] = useState<Transporter>();
  const [receiverSearch, setReceiverSearch] = useState('');
  const [transporterSearch, setTransporterSearch] = useState('');
  const date: Dayjs | undefined = Form.useWatch('plannedDate', form);
  const vehicleId: string | undefined = Form.useWatch('vehicleId', form);
  const day = date?.format('YYYY-MM-DD');
  // 经营许可证 name codes of the 危险废物名录: a receiver of those must be licensed for the code, with capacity
  // left on the day. Other streams go to verified disposal, utilisation or recycling companies.
  const licensedReceivers = useQuery({
    queryKey: ['receivers', wasteCode, day], enabled: licensed && !!wasteCode && !!day,
    queryFn: () => get<{ items: LicensedReceiver[] }>(`/api/manifests/receivers${qs({ wasteCode, date: day })}`),
  });
  const verifiedReceivers = useQuery({
    queryKey: ['sw-receivers', receiverSearch], enabled: !licensed,
    queryFn: () => get<Page<VerifiedReceiver>>(`/api/ledger/industrial-receivers${qs({ q: receiverSearch || undefined, pageSize: 50 })}`),
  });
  const transporters = useQuery({
    queryKey: ['transporters', transporterSearch], enabled: 'transporterIds' in properties,
    queryFn: () => get<Page<Transporter>>(`/api/manifests/transporters${qs({ q: transporterSearch || undefined, pageSize: 100 })}`),
  });
  // A load that travels as dangerous goods goes only on a vehicle with a 危险货物道路运输许可 (the server refuses others).
  const dangerousGoods = 'dangerousGoodsClass' in properties;
  const vehicles = (transporter?.vehicles ?? []).filter((v) => !dangerousGoods || v.dgPermitNo);
  const vehicle = vehicles.find((v) => v.id === vehicleId);
  const overloaded = !!vehicle && vehicle.loadT < total;
  const item = (name: string, input: ReactNode, extra: { help?: string; warn?: boolean } = {}) => (
    <Form.Item key={name} name={name} label={label(name)} rules={[{ required: must(name) }]} validateStatus={extra.warn ? 'warning' : undefined} help={extra.help}>{input}</Form.Item>
  );

  const fields: ReactNode[] = [];
  if (properties.plannedDate) fields.push(item('plannedDate', <DatePicker data-testid={testId('plannedDate')} />));
  if (properties.receiverId) {
    fields.push(licensed
      ? <Form.Item key="receiverId" name="receiverId" label={L(`${label('receiverId')}（持有 ${wasteCode ?? ''} 经营许可且有余量）`, `${label('receiverId')} (licensed for ${wasteCode ?? ''}, with capacity left)`)} rules={[{ required: must('receiverId') }]}>
          <Select data-testid={testId('receiverId')} showSearch={{ optionFilterProp: 'label' }} loading={licensedReceivers.isFetching}
            options={(licensedReceivers.data?.items ?? []).map((r) => ({ value: r.id, disabled: r.remainingT < total, label: `${r.name} · ${r.licenceNo} · ${L('余量', 'left')} ${tonnes(r.remainingT, lang)}` }))} />
        </Form.Item>
      : <Form.Item key="receiverId" name="receiverId" label={L(`${label('receiverId')}（利用处置单位）`, `${label('receiverId')} (utiliser or disposer)`)} rules={[{ required: must('receiverId') }]}>
          <Select data-testid={testId('receiverId')} showSearch={{ filterOption: false, onSearch: setReceiverSearch }} loading={verifiedReceivers.isFetching} placeholder={L('输入单位名称搜索', 'Type to search by name')}
            options={(verifiedReceivers.data?.items ?? []).map((r) => ({ value: r.id, label: r.industry ? `${r.name}（${r.industry}）` : r.name }))} />
        </Form.Item>);
  }
  if (properties.transporterIds) {
    fields.push(item('transporterIds',
      <Select data-testid={testId('transporterIds')} allowClear={!must('transporterIds')} showSearch={{ filterOption: false, onSearch: setTransporterSearch }} loading={transporters.isFetching}
        onChange={(id: string | undefined) => { setTransporter(transporters.data?.items.find((t) => t.id === id)); form.setFieldsValue({ vehicleId: undefined, driverId: undefined }); }}
        options={[...(transporter && !transporters.data?.items.some((t) => t.id === transporter.id) ? [transporter] : []), ...(transporters.data?.items ?? [])].map((t) => ({ value: t.id, label: t.name }))} />));
  }
  if (properties.vehicleId) {
    fields.push(item('vehicleId',
      <Select data-testid={testId('vehicleId')} disabled={!transporter} placeholder={transporter ? undefined : L('先选承运单位', 'Choose the transporter first')}
        options={vehicles.map((v) => ({ value: v.id, label: `${v.plate} · ${L('核载', 'load')} ${tonnes(v.loadT, lang)}${v.loadT < total ? L('（不足）', ' (too small)') : ''}` }))} />,
      overloaded ? { warn: true, help: L(`核定载质量 ${tonnes(vehicle.loadT, 'zh')}，小于本次转移量 ${tonnes(total, 'zh')}：请换车或分批转移`, `Rated load ${tonnes(vehicle.loadT, 'en')} is below this load of ${tonnes(total, 'en')}: choose another vehicle or split the load`) }
        : dangerousGoods && transporter && !vehicles.length ? { warn: true, help: L('该承运单位没有持危险货物道路运输许可的车辆', 'This transporter has no vehicle with a dangerous-goods permit') } : {}));
  }
  if (properties.driverId) {
    fields.push(item('driverId', <Select data-testid={testId('driverId')} disabled={!transporter} options={(transporter?.drivers ?? []).map((d) => ({ value: d.id, label: d.name }))} />));
  }
  for (const [name, p] of Object.entries(properties)) {
    if (PARTIES.includes(name) || name === 'plannedDate') continue;
    if (p.type === 'object' && p.properties) fields.push(<OptionalSection key={name} name={name} property={p} label={label} testId={testId} />);
    else fields.push(<ValueItem key={name} name={name} property={p} required={must(name)} label={label(name)} testId={testId(name)}
      options={rules.fields.find((f) => f.field === name)?.options?.map((o) => ({ value: o.value, label: M(o) }))} placeholder={PLACEHOLDERS[name] && M(PLACEHOLDERS[name])} />);
  }
  return <>{fields}</>;
}

/** An optional part of the body (a paper manifest entered afterwards): ticked, its own properties are asked for. */
function OptionalSection({ name, property, label, testId }: { name: string; property: JsonProperty; label: (name: string) => string; testId: (name: string) => string }) {
  return (
    <>
      <Form.Item name={`${name}.on`} valuePropName="checked" style={{ marginBottom: 8 }}><Checkbox data-testid={testId(name)}>{label(name)}</Checkbox></Form.Item>
      <Form.Item noStyle shouldUpdate={(a, b) => a[`${name}.on`] !== b[`${name}.on`]}>
        {({ getFieldValue }) => getFieldValue(`${name}.on`) && Object.entries(property.properties!).map(([sub, p]) => (
          <ValueItem key={sub} name={[name, sub]} property={p} required={!!property.required?.includes(sub)} label={label(sub)} testId={testId(`${name}-${sub}`)} />
        ))}
      </Form.Item>
    </>
  );
}

/** One property by its JSON Schema: a day or instant as a date picker, an enum as a select, a number, or text (long text as a text area). */
function ValueItem({ name, property: p, required, label, testId, options, placeholder }: {
  name: string | string[]; property: JsonProperty; required: boolean; label: string; testId: string; options?: { value: string; label: string }[]; placeholder?: string;
}) {
  const rules = [{ required }, ...(p.type === 'string' && p.minLength ? [{ min: p.minLength }] : [])];
  const input = p.enum ? <Select data-testid={testId} allowClear={!required} options={p.enum.map((v) => options?.find((o) => o.value === v) ?? { value: v, label: v })} />
    : p.format === 'date' ? <DatePicker data-testid={testId} />
    : isDateTime(p) ? <DatePicker showTime data-testid={testId} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
    : p.type === 'number' || p.type === 'integer' ? <InputNumber data-testid={testId} style={{ width: '100%' }} />
    : p.type === 'boolean' ? <Checkbox data-testid={testId} />
    : (p.maxLength ?? 0) > 200 ? <Input.TextArea data-testid={testId} maxLength={p.maxLength} placeholder={placeholder} autoSize={{ minRows: 2 }} />
    : <Input data-testid={testId} maxLength={p.maxLength} placeholder={placeholder} />;
  return <Form.Item name={name} label={label} rules={rules} valuePropName={p.type === 'boolean' ? 'checked' : 'value'}>{input}</Form.Item>;
}
