import { useMemo, useState } from 'react';
import { useParams } from 'react-router-dom';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Popconfirm, Button, Card, Descriptions, Form, Image, Input, InputNumber, Modal, Select, Space, Steps, Table, Tag, Typography } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { ApiError, get, post } from '../api';
import { shanghai, tonnes, useI18n } from '../i18n';
import { useSession } from '../session';
import { MANIFEST_STATUS } from './Manifests';
import type { FieldRule as Rule } from '../hooks';
import { VectorMap } from '../components/VectorMap';
import { trackLayers, type Track } from './Live';
import { containerCountText, hazardText, tonnesText } from '../../domain/format';
import { methodLabel } from '../../domain/treatment-methods';

// References shown by their names (plate, driver, project, site) rather than as ids.
const HIDDEN_REFS = ['vehicleId', 'driverId', 'projectId', 'siteId'];

interface Turn { action: string; step: string; party: string; organisationId: string; leg: number }
interface Detail {
  id: string; number: string; stream: string; status: string; data: Record<string, unknown>; producerId: string; receiverId: string; transporterIds: string[];
  parties: Record<string, { name: string }>; signatures: { step: string; leg: number; organisationId: string; at: string; place: string; weightT: number | null; photos?: string[] }[];
  events: { id: number; kind: string; at: string }[]; revisions: { id: string; status: string; changes: Record<string, unknown>; reason: string; approvalsNeeded: string[]; approvedBy: string[]; requestedByOrg: string }[];
  turn: Turn | null; canSign: boolean; actions: { sign: boolean; cancel: boolean; revise: boolean }; sealed: string[]; discrepancies: { kind: string; expected: unknown; actual: unknown }[]; paper: boolean; declaredWeightT: number;
}

const STEP_LABEL: Record<string, [string, string]> = { emission: ['移出人确认', 'Producer signs'], transport: ['承运人接收', 'Pickup'], handover: ['联运交接', 'Handover'], reception: ['接受人确认', 'Reception'] };
const OUTCOME: Record<string, [string, string]> = { accepted: ['接受', 'Accept'], partially_refused: ['部分拒收', 'Refuse in part'], refused: ['拒收', 'Refuse'] };
const PROGRESS_LABEL: Record<string, [string, string]> = { emission: ['移出人确认', 'Producer'], transport: ['承运人接收', 'Pickup'], in_transit: ['运输中', 'In transit'], reception: ['接受人确认', 'Reception'] };

/** The fields of the step whose turn it is, from the rule table: what is sealed is shown, not editable. */
function stepFields(rules: Rule[], step: string, party: string) {
  return rules.filter((r) => r.owner === party && (r.requiredFrom === step || (r.requiredFrom === null && r.sealedFrom === step) || (step === 'handover' && r.requiredFrom === 'handover')));
}

export default function ManifestDetailPage() {
  const { id } = useParams();
  const { L, M, lang } = useI18n();
  const { me } = useSession();
  const { message } = App.useApp();
  const client = useQueryClient();
  const query = useQuery({ queryKey: ['manifest', id], queryFn: () => get<Detail>(`/api/manifests/${id}`) });
  const rules = useQuery({ queryKey: ['rules', query.data?.stream], queryFn: () => get<{ fields: Rule[]; steps: string[] }>(`/api/manifests/rules/${query.data!.stream}`), enabled: !!query.data });
  const [form] = Form.useForm();
  const [revising, setRevising] = useState(false);
  const reload = () => { client.invalidateQueries({ queryKey: ['manifest', id] }); client.invalidateQueries({ queryKey: ['manifests'] }); };
  if (query.error) return <Alert type="error" showIcon message={query.error instanceof ApiError ? M(query.error.text) : String(query.error)} />;
  const m = query.data;
  if (!m || !rules.data) return <Card loading />;
  const name = (org: string) => m.parties[org]?.name ?? org;
  // A value in words: a list's label (D10 焚烧, not D10), 危险特性 by name, containers counted in their
  // unit, tonnes rounded as a person writes them; a method typed before the list was enforced as written.
  const show = (r: Rule) => {
    const v = m.data[r.field];
    const option = r.options?.find((o) => o.value === v);
    if (r.field === 'receptionOutcome' && OUTCOME[String(v)]) return L(...OUTCOME[String(v)]);
    if (option) return M(option);
    if (r.field === 'hazard') return hazardText(Array.isArray(v) ? v.map(String) : String(v ?? ''), lang);
    if (r.field === 'containerCount') return containerCountText(v as number, String(m.data.packaging ?? ''), lang);
    if (r.field === 'treatmentMethod') return methodLabel(String(v ?? ''), lang);
    if (Array.isArray(v)) return v.join('、');
    if (r.kind === 'weight') return tonnesText(v as number, lang);
    if (typeof v === 'boolean') return v ? L('是', 'yes') : L('否', 'no');
    return String(v ?? '');
  };
  // Fields the platform set from the load are shown above, not offered for editing.
  const fields = m.turn ? stepFields(rules.data.fields, m.turn.step, m.turn.party).filter((r) => !HIDDEN_REFS.includes(r.field) && !r.fixedFrom) : [];
  // One place per field: what the signer fills now is in the form (with its current value), not also in the table above.
  const editing = new Set(m.canSign ? fields.map((r) => r.field) : []);
  const sign = async (values: Record<string, unknown>) => {
    const data = Object.fromEntries(Object.entries(values).filter(([k, v]) => k !== 'place' && v !== undefined && v !== ''));
    try {
      await post(`/api/manifests/${m.id}/sign`, { action: m.turn!.action, data, place: values.place || undefined });
      message.success(L('已签署', 'Signed'));
      form.resetFields();
      reload();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      message.error(M(e.text));
      form.setFields(e.issues.filter((i) => i.path).map((i) => ({ name: i.path, errors: [M(i.message)] })));
    }
  };
  // The stream's own steps (an industrial hand-over has no pickup), with the journey before reception.
  const progress = rules.data.steps.filter((s) => s !== 'handover').flatMap((s) => (s === 'reception' ? ['in_transit', s] : [s]));
  const current = m.status === 'cancelled' ? 0 : ['received', 'partially_refused', 'refused'].includes(m.status) ? progress.length
    : progress.indexOf(m.turn?.step === 'handover' || m.turn?.step === 'reception' ? 'in_transit' : m.turn?.step ?? 'emission');
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={<Space wrap>{L('联单', 'Manifest')} <Typography.Text copyable>{m.number}</Typography.Text><Tag color={MANIFEST_STATUS[m.status]?.[2]} data-testid="manifest-status">{L(MANIFEST_STATUS[m.status]?.[0] ?? m.status, MANIFEST_STATUS[m.status]?.[1] ?? m.status)}</Tag>{m.paper && <Tag>{L('纸质补录', 'Paper')}</Tag>}</Space>}
        extra={<Space><Button href={`/print/manifests/${m.id}`} target="_blank">{L('打印联单', 'Print')}</Button>{m.actions.revise && <Button onClick={() => setRevising(true)} data-testid="manifest-revise">{L('修改申请', 'Request a revision')}</Button>}
          {/* The buttons are what the server says this person may do with this manifest now (its `actions`). */}
          {m.actions.cancel && <Popconfirm title={L('作废这张联单？批次回到贮存，作废后不能恢复。', 'Cancel this manifest? Its batches return to the store; this cannot be undone.')} okText={L('作废', 'Cancel it')} cancelText={L('返回', 'Back')}
            onConfirm={async () => { try { await post(`/api/manifests/${m.id}/sign`, { action: 'cancel' }); message.success(L('联单已作废', 'Manifest cancelled')); reload(); } catch (e) { if (e instanceof ApiError) message.error(M(e.text)); else throw e; } }}>
            <Button danger data-testid="manifest-cancel">{L('作废', 'Cancel')}</Button></Popconfirm>}</Space>}>
        <Steps size="small" current={current} items={progress.map((s) => ({ title: L(...(PROGRESS_LABEL[s] ?? [s, s])) }))} style={{ marginBottom: 16 }} />
        {m.discrepancies.length > 0 && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={L('差异', 'Differences')} description={m.discrepancies.map((d, i) => <div key={i}>{d.kind}: {String(d.expected)} → {String(d.actual)}</div>)} />}
        <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={L('移出人', 'Producer')}>{name(m.producerId)}</Descriptions.Item>
          <Descriptions.Item label={L('接受人', 'Receiver')}>{name(m.receiverId)}</Descriptions.Item>
          {m.transporterIds.length > 0 && <Descriptions.Item label={L('承运人', 'Transporters')}>{m.transporterIds.map(name).join(' → ')}</Descriptions.Item>}
          {m.data.driverName !== undefined && <Descriptions.Item label={L('车辆/驾驶员', 'Vehicle / driver')}>{String(m.data.vehiclePlate ?? '')} · {String(m.data.driverName ?? '')}</Descriptions.Item>}
          {rules.data.fields.filter((r) => m.data[r.field] !== undefined && m.data[r.field] !== null && !HIDDEN_REFS.includes(r.field) && !editing.has(r.field)).map((r) => (
            <Descriptions.Item key={r.field} label={<>{lang === 'zh' ? r.label.zh : r.label.en}{m.sealed.includes(r.field) && <LockOutlined style={{ marginLeft: 4, color: '#999' }} title={L('已签署，不能直接修改', 'Signed: change by revision request')} />}</>}>{show(r)}</Descriptions.Item>
          ))}
        </Descriptions>
      </Card>
      {m.turn && (
        <Card title={L(`待签署：${STEP_LABEL[m.turn.step][0]}（${name(m.turn.organisationId)}）`, `Waiting for: ${STEP_LABEL[m.turn.step][1]} (${name(m.turn.organisationId)})`)}>
          {m.canSign ? (
            <Form form={form} layout="vertical" onFinish={sign} initialValues={{
              // Each field of the step starts from its current value; the step's own weight from the last weight known.
              ...Object.fromEntries(fields.map((r) => [r.field, m.data[r.field]]).filter(([, v]) => v !== undefined && v !== null)),
              ...(m.turn.step === 'reception' ? { receptionOutcome: m.data.receptionOutcome ?? 'accepted', receivedWeightT: m.data.receivedWeightT ?? m.data.pickupWeightT ?? m.declaredWeightT } : {}),
              ...(m.turn.step === 'transport' ? { pickupWeightT: m.data.pickupWeightT ?? m.declaredWeightT } : {}),
            }}>
              {fields.map((r) => (
                <Form.Item key={r.field} name={r.field} label={lang === 'zh' ? r.label.zh : r.label.en} rules={[{ required: r.requiredFrom === m.turn!.step && !r.conditional }]}>
                  {r.field === 'receptionOutcome' ? <Select data-testid="field-receptionOutcome" options={Object.entries(OUTCOME).map(([value, label]) => ({ value, label: L(...label) }))} />
                    : r.kind === 'weight' || r.kind === 'number' ? <InputNumber min={r.range?.min ?? 0} max={r.range?.max} step={r.kind === 'weight' ? 0.001 : r.range?.integer ? 1 : 0.1} precision={r.range?.integer ? 0 : undefined} style={{ width: '100%' }} data-testid={`field-${r.field}`} inputMode={r.range?.integer ? 'numeric' : 'decimal'} />
                    : r.kind === 'boolean' ? <Select allowClear options={[{ value: true, label: L('是', 'Yes') }, { value: false, label: L('否', 'No') }]} />
                    : r.kind === 'list' ? <Select mode="tags" />
                    // A choice from the rule table's list (D10 焚烧, 焚烧 for sludge), searched by code or words; nothing typed freely.
                    : r.options ? <Select data-testid={`field-${r.field}`} showSearch={{ optionFilterProp: 'label' }} allowClear={r.requiredFrom !== m.turn!.step}
                      options={r.options.map((o) => ({ value: o.value, label: M(o) }))} />
                    : <Input data-testid={`field-${r.field}`} />}
                </Form.Item>
              ))}
              <Form.Item name="place" label={L('签署地点', 'Place')}><Input data-testid="field-place" /></Form.Item>
              <Button type="primary" htmlType="submit" size="large" block data-testid="sign-submit">{L('确认签署', 'Sign')}</Button>
            </Form>
          ) : <Typography.Text type="secondary">{L('等待对方签署', 'Waiting for the other party')}</Typography.Text>}
        </Card>
      )}
      <Card title={L('签署记录', 'Signatures')}>
        <Table rowKey={(s) => `${s.step}${s.leg}`} size="small" pagination={false} dataSource={m.signatures} scroll={{ x: 'max-content' }} columns={[
          { title: L('环节', 'Step'), dataIndex: 'step', render: (s: string) => L(...(STEP_LABEL[s] ?? [s, s])) },
          { title: L('单位', 'Organisation'), dataIndex: 'organisationId', render: name },
          { title: L('时间', 'Time'), dataIndex: 'at', render: (d: string) => shanghai(d) },
          { title: L('地点', 'Place'), dataIndex: 'place' },
          { title: L('重量', 'Weight'), dataIndex: 'weightT', render: (t: number | null) => tonnes(t, lang) },
          // Photos taken with the signature (the driver's at pickup).
          ...(m.signatures.some((s) => s.photos?.length) ? [{ title: L('照片', 'Photos'), dataIndex: 'photos', render: (names: string[] | undefined) => (
            <Image.PreviewGroup><Space size={4} wrap>{(names ?? []).map((n, i) => (
              <Image key={n} width={48} height={48} style={{ objectFit: 'cover' }} src={`/api/manifests/${m.id}/photos/${n}`} alt={L(`签署照片 ${i + 1}`, `Signature photo ${i + 1}`)} data-testid="signature-photo" />
            ))}</Space></Image.PreviewGroup>) }] : []),
        ]} />
      </Card>
      {m.signatures.some((s) => s.step === 'transport') && <RouteDriven manifestId={m.id} />}
      {m.revisions.length > 0 && <Card title={L('修改申请', 'Revision requests')}>
        {m.revisions.map((r) => (
          <div key={r.id} style={{ marginBottom: 8 }} data-testid="revision-row">
            <Tag>{r.status}</Tag> {name(r.requestedByOrg)}：{r.reason} <code>{JSON.stringify(r.changes)}</code>
            {r.status === 'pending' && me?.organisation && r.approvalsNeeded.includes(me.organisation.id) && !r.approvedBy.includes(me.organisation.id) && <Space style={{ marginLeft: 8 }}>
              <Button size="small" type="primary" data-testid="revision-approve" onClick={async () => { try { await post(`/api/manifests/${m.id}/revisions/${r.id}/approve`); reload(); } catch (e) { if (e instanceof ApiError) message.error(M(e.text)); } }}>{L('同意', 'Approve')}</Button>
              <Button size="small" danger onClick={async () => { try { await post(`/api/manifests/${m.id}/revisions/${r.id}/refuse`); reload(); } catch (e) { if (e instanceof ApiError) message.error(M(e.text)); } }}>{L('不同意', 'Refuse')}</Button>
            </Space>}
          </div>
        ))}
      </Card>}
      <Modal open={revising} title={L('修改申请（其他已签署方同意后生效）', 'Revision request (applies once the other signers approve)')} onCancel={() => setRevising(false)} footer={null} destroyOnHidden>
        <Form layout="vertical" onFinish={async (v) => {
          const rule = rules.data!.fields.find((r) => r.field === v.field)!;
          const value = rule.kind === 'weight' || rule.kind === 'number' ? Number(v.value) : v.value;
          try { await post(`/api/manifests/${m.id}/revisions`, { changes: { [v.field]: value }, reason: v.reason }); setRevising(false); reload(); message.success(L('已提交', 'Submitted')); }
          catch (e) { if (e instanceof ApiError) message.error(M(e.text)); }
        }}>
          <Form.Item name="field" label={L('字段', 'Field')} rules={[{ required: true }]}><Select data-testid="revision-field" options={rules.data.fields.filter((r) => m.sealed.includes(r.field)).map((r) => ({ value: r.field, label: lang === 'zh' ? r.label.zh : r.label.en }))} /></Form.Item>
          <Form.Item name="value" label={L('更正为', 'Correct to')} rules={[{ required: true }]}><Input data-testid="revision-value" /></Form.Item>
          <Form.Item name="reason" label={L('原因', 'Reason')} rules={[{ required: true, min: 2 }]}><Input.TextArea data-testid="revision-reason" /></Form.Item>
          <Button type="primary" htmlType="submit" data-testid="revision-submit">{L('提交', 'Submit')}</Button>
        </Form>
      </Modal>
    </Space>
  );
}

/** 运输轨迹: the route the vehicle actually drove, from pickup to reception, over the straight corridor. */
function RouteDriven({ manifestId }: { manifestId: string }) {
  const { L } = useI18n();
  const track = useQuery({ queryKey: ['track', manifestId], queryFn: () => get<Track>(`/api/manifests/${manifestId}/track`) });
  const t = track.data;
  const layers = useMemo(() => (t ? trackLayers(t, { from: L('起点', 'From'), to: L('终点', 'To') }) : { points: [], lines: [] }), [t, L]);
  if (!t) return null;
  const first = t.points[0], last = t.points[t.points.length - 1];
  return (
    <Card title={L('运输轨迹', 'Route driven')} extra={t.points.length ? <Typography.Text type="secondary" data-testid="track-summary">{L(`${t.points.length} 个定位点，${shanghai(first.at)} 至 ${shanghai(last.at)}`, `${t.points.length} positions, ${shanghai(first.at)} to ${shanghai(last.at)}`)}</Typography.Text> : null}>
      {t.points.length === 0 ? <Typography.Text type="secondary">{L('接收以来没有车辆定位', 'No vehicle position since pickup')}</Typography.Text>
        : <VectorMap points={layers.points} lines={layers.lines} height={360} testId="track-map" />}
    </Card>
  );
}
