import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Select, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { get, post, qs, type Page } from '../api';
import { tonnes, useI18n } from '../i18n';
import { useSession } from '../session';
import { useFormFailure } from '../hooks';
import { ServerTable } from '../components/ServerTable';
import { RegionSettings } from '../components/RegionSettings';
import { MANIFEST_STATUS } from './Manifests';
import { KITCHEN_PRODUCER_KINDS, KITCHEN_USES } from '../../domain/streams/kitchen';

interface ProducerRow {
  id: string; producerId: string; producerName: string; producerKind: string; collectorId: string; collectorName: string; contractNo: string; validFrom: string; validTo: string;
  dailyKg: number; lastPickup: string | null; daysSince: number | null; gapDays: number; silent: boolean;
}
interface LedgerRow {
  id: string; number: string; status: string; plannedDate: string; wasteCode: string; wasteName: string | null; producerName: string; producerKind: string | null; collectorName: string | null;
  vehiclePlate: string | null; bucketCount: number | null; pickupWeightT: number | null; receivedWeightT: number | null; receiverName: string; treatmentMethod: string | null;
}
interface PickupRow { id: string; number: string; status: string; wasteCode: string; wasteName: string; declaredWeightT: number; plannedDate: string; producerName: string; receiverName: string }
interface Choice { id: string; name: string }

const CLASSES = [{ value: 'KW01', zh: 'KW01 餐厨垃圾', en: 'KW01 Food waste' }, { value: 'KW02', zh: 'KW02 废弃食用油脂', en: 'KW02 Used cooking oil' }];

/**
 * 餐厨垃圾: a restaurant registers its collector and asks for pickups; the collector sees its producers
 * (and who has gone silent) and the pickups waiting; the plant its arriving loads and its ledger; the
 * departments all of it for their area. Pickups are signed on the manifest page, like every stream's.
 */
export default function KitchenPage() {
  const { L, M, lang } = useI18n();
  const { me } = useSession();
  const navigate = useNavigate();
  const caps = me?.organisation?.capabilities ?? [];
  const producer = caps.includes('catering') && me?.user.role === 'enterprise_admin';
  const kind = (v: string | null) => { const k = KITCHEN_PRODUCER_KINDS.find((x) => x.value === v); return k ? M(k) : v ?? ''; };
  const use = (v: string | null) => { const u = KITCHEN_USES.find((x) => x.value === v); return u ? M(u) : v ?? ''; };
  const enterprise = me?.organisation?.kind === 'enterprise';
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={L('餐厨垃圾（收运合同、收运联单、处理台账）', 'Kitchen waste (contracts, pickups, the plant’s ledger)')}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>{L(
          '餐饮服务单位、单位食堂、学校和宾馆登记签约的收运单位后申请收运；每次收运一份联单：产生单位交付，收运单位称重运输，餐厨垃圾处理厂（废弃油脂交废弃油脂利用单位）过磅接收并注明用途。接收端即处理厂台账：来源、数量、去向、用途。',
          'Restaurants, canteens, schools and hotels register their contracted collector, then ask for pickups; each pickup is a manifest: the producer hands over, the collector weighs and carries, the kitchen-waste plant (used oil: a verified oil recycler) weighs it in and records the use. The receiving side is the plant’s ledger: source, quantity, destination and use.')}</Typography.Paragraph>
      </Card>
      {me?.organisation?.kind === 'government' && <RegionSettings prefix="kitchen." title={L('餐厨垃圾设置', 'Kitchen-waste settings')} saved={L('已保存，无收运预警按新天数计算', 'Saved: the no-pickup alarm uses the new gap')} />}
      {producer && <MyContract />}
      {enterprise && (
        <Card title={L('待处理的收运联单', 'Pickups waiting for you')} size="small">
          <ServerTable<PickupRow> queryKey="kitchen-waiting" url="/api/manifests" rowKey="id" onRow={(m) => navigate(`/manifests/${m.id}`)}
            fixedFilters={caps.includes('catering') ? { role: 'producer', status: 'draft' } : caps.includes('kitchen_collector') ? { role: 'transporter', status: 'signed_by_producer' } : { role: 'receiver', status: 'in_transit' }}
            columns={[
              { title: L('联单编号', 'Number'), dataIndex: 'number', render: (n: string) => <span data-testid={`kitchen-waiting-${n}`}>{n}</span> },
              { title: L('状态', 'Status'), dataIndex: 'status', render: (s: string) => <Tag color={MANIFEST_STATUS[s]?.[2]}>{L(MANIFEST_STATUS[s]?.[0] ?? s, MANIFEST_STATUS[s]?.[1] ?? s)}</Tag> },
              { title: L('类别', 'Class'), key: 'w', render: (_v, m) => `${m.wasteCode} ${m.wasteName ?? ''}` },
              { title: L('预估重量', 'Estimate'), dataIndex: 'declaredWeightT', render: (t: number) => tonnes(t, lang) },
              { title: L('产生单位', 'Producer'), dataIndex: 'producerName' },
              { title: L('去向', 'Destination'), dataIndex: 'receiverName' },
              { title: L('收运日期', 'Date'), dataIndex: 'plannedDate' },
            ]} />
        </Card>
      )}
      {!caps.includes('catering') && (
        <Card title={L('签约产生单位及最近收运', 'Producers under contract and their last pickup')} size="small">
          <ServerTable<ProducerRow> queryKey="kitchen-producers" url="/api/kitchen/producers" rowKey="id"
            filters={<>
              <Form.Item name="q"><Input allowClear placeholder={L('单位名称', 'Name')} style={{ width: 180 }} /></Form.Item>
              <Form.Item name="silent" valuePropName="checked"><Checkbox data-testid="kitchen-silent">{L('仅看超期未收运', 'Only those without a pickup')}</Checkbox></Form.Item>
            </>}
            columns={[
              { title: L('产生单位', 'Producer'), dataIndex: 'producerName' },
              { title: L('类型', 'Kind'), dataIndex: 'producerKind', render: kind },
              { title: L('收运单位', 'Collector'), dataIndex: 'collectorName' },
              { title: L('合同编号', 'Contract'), dataIndex: 'contractNo' },
              { title: L('日均产生量', 'Per day'), dataIndex: 'dailyKg', align: 'right', render: (kg: number) => `${kg.toLocaleString('zh-CN')} ${L('千克', 'kg')}` },
              { title: L('最近收运', 'Last pickup'), dataIndex: 'lastPickup', render: (d: string | null) => d ?? L('无', 'none') },
              { title: L('间隔', 'Since'), key: 'since', render: (_v, r) => r.silent
                ? <Tag color="red">{L(`${r.daysSince ?? '—'} 天（超过 ${r.gapDays} 天）`, `${r.daysSince ?? '—'} days (over ${r.gapDays})`)}</Tag>
                : L(`${r.daysSince ?? '—'} 天`, `${r.daysSince ?? '—'} days`) },
            ]} />
        </Card>
      )}
      <Card title={L('餐厨垃圾台账（接收记录）', 'Kitchen-waste ledger (receptions)')} size="small">
        <ServerTable<LedgerRow> queryKey="kitchen-ledger" url="/api/kitchen/ledger" exportUrl="/api/kitchen/ledger.xlsx" rowKey="id" onRow={(m) => navigate(`/manifests/${m.id}`)}
          filters={<>
            <Form.Item name="wasteCode"><Select allowClear placeholder={L('类别', 'Class')} style={{ width: 180 }} options={CLASSES.map((c) => ({ value: c.value, label: M(c) }))} /></Form.Item>
            <Form.Item name="from"><Input placeholder={L('起始日期 YYYY-MM-DD', 'From YYYY-MM-DD')} allowClear style={{ width: 170 }} /></Form.Item>
            <Form.Item name="to"><Input placeholder={L('截止日期 YYYY-MM-DD', 'To YYYY-MM-DD')} allowClear style={{ width: 170 }} /></Form.Item>
          </>}
          columns={[
            { title: L('收运日期', 'Date'), dataIndex: 'plannedDate' },
            { title: L('联单编号', 'Number'), dataIndex: 'number', render: (n: string) => <span data-testid={`kitchen-ledger-${n}`}>{n}</span> },
            { title: L('来源', 'Source'), key: 'src', render: (_v, r) => <>{r.producerName} <Typography.Text type="secondary">{kind(r.producerKind)}</Typography.Text></> },
            { title: L('类别', 'Class'), key: 'w', render: (_v, r) => `${r.wasteCode} ${r.wasteName ?? ''}` },
            { title: L('桶数', 'Buckets'), dataIndex: 'bucketCount', align: 'right' },
            { title: L('收运单位/车辆', 'Collector / truck'), key: 'c', render: (_v, r) => `${r.collectorName ?? ''} ${r.vehiclePlate ?? ''}` },
            { title: L('收运称重', 'At pickup'), dataIndex: 'pickupWeightT', align: 'right', render: (t: number | null) => tonnes(t, lang) },
            { title: L('进场称重（数量）', 'Weighed in (quantity)'), dataIndex: 'receivedWeightT', align: 'right', render: (t: number | null) => tonnes(t, lang) },
            { title: L('去向', 'Destination'), dataIndex: 'receiverName' },
            { title: L('用途', 'Use'), dataIndex: 'treatmentMethod', render: use },
          ]} />
      </Card>
    </Space>
  );
}

/** A producer's contract in force, with the buttons to change it and to ask for a pickup. */
function MyContract() {
  const { L, M } = useI18n();
  const mine = useQuery({ queryKey: ['kitchen-mine'], queryFn: () => get<Page<ProducerRow>>('/api/kitchen/producers') });
  const [registering, setRegistering] = useState(false);
  const [asking, setAsking] = useState(false);
  const contract = mine.data?.items[0];
  return (
    <Card title={L('本单位收运合同', 'Our collection contract')} size="small" extra={<Space>
      <Button onClick={() => setRegistering(true)} data-testid="kitchen-contract">{contract ? L('更换/续签收运单位', 'Change or renew the collector') : L('登记收运单位', 'Register the collector')}</Button>
      <Button type="primary" disabled={!contract} onClick={() => setAsking(true)} data-testid="kitchen-request">{L('申请收运', 'Ask for a pickup')}</Button>
    </Space>}>
      {contract ? (
        <Descriptions size="small" column={{ xs: 1, md: 3 }} data-testid="kitchen-my-contract">
          <Descriptions.Item label={L('收运单位', 'Collector')}>{contract.collectorName}</Descriptions.Item>
          <Descriptions.Item label={L('合同编号', 'Contract')}>{contract.contractNo}</Descriptions.Item>
          <Descriptions.Item label={L('有效期', 'Valid')}>{`${contract.validFrom} — ${contract.validTo}`}</Descriptions.Item>
          <Descriptions.Item label={L('单位类型', 'Kind')}>{M(KITCHEN_PRODUCER_KINDS.find((k) => k.value === contract.producerKind) ?? { zh: contract.producerKind, en: contract.producerKind })}</Descriptions.Item>
          <Descriptions.Item label={L('最近收运', 'Last pickup')}>{contract.lastPickup ?? L('无', 'none')}</Descriptions.Item>
        </Descriptions>
      ) : <Typography.Text type="secondary">{L('尚未登记收运合同：餐厨垃圾只能交给签约的收运单位。', 'No contract yet: kitchen waste goes only to a contracted collector.')}</Typography.Text>}
      {registering && <ContractForm onClose={() => setRegistering(false)} />}
      {asking && contract && <PickupForm collector={contract.collectorName} onClose={() => setAsking(false)} />}
    </Card>
  );
}

function ContractForm({ onClose }: { onClose: () => void }) {
  const { L, M } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const fail = useFormFailure(form);
  const [search, setSearch] = useState('');
  const collectors = useQuery({ queryKey: ['kitchen-collectors', search], queryFn: () => get<Page<Choice>>(`/api/kitchen/collectors${qs({ q: search || undefined, pageSize: 50 })}`) });
  return (
    <Modal open title={L('登记收运合同', 'Register the collection contract')} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden okButtonProps={{ 'data-testid': 'kitchen-contract-submit' } as never}>
      <Form form={form} layout="vertical" initialValues={{ validFrom: dayjs(), validTo: dayjs().add(1, 'year') }} onFinish={async (v) => {
        try {
          await post('/api/kitchen/contracts', { ...v, validFrom: v.validFrom.format('YYYY-MM-DD'), validTo: v.validTo.format('YYYY-MM-DD') });
          message.success(L('收运合同已登记', 'Contract registered'));
          client.invalidateQueries({ queryKey: ['kitchen-mine'] });
          onClose();
        } catch (e) { fail(e); }
      }}>
        <Form.Item name="producerKind" label={L('单位类型', 'Kind')} rules={[{ required: true }]}><Select options={KITCHEN_PRODUCER_KINDS.map((k) => ({ value: k.value, label: M(k) }))} /></Form.Item>
        <Form.Item name="collectorId" label={L('收运单位（已审核的餐厨废弃物收运单位）', 'Collector (a verified kitchen-waste collector)')} rules={[{ required: true }]}>
          <Select showSearch={{ filterOption: false, onSearch: setSearch }} loading={collectors.isFetching} options={(collectors.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))} />
        </Form.Item>
        <Form.Item name="contractNo" label={L('合同编号', 'Contract number')} rules={[{ required: true }]}><Input maxLength={40} /></Form.Item>
        <Space><Form.Item name="validFrom" label={L('生效日期', 'From')} rules={[{ required: true }]}><DatePicker /></Form.Item><Form.Item name="validTo" label={L('到期日期', 'To')} rules={[{ required: true }]}><DatePicker /></Form.Item></Space>
        <Form.Item name="dailyKg" label={L('日均产生量（千克）', 'Per day (kg)')} rules={[{ required: true }]}><InputNumber min={0.1} step={10} style={{ width: '100%' }} /></Form.Item>
      </Form>
    </Modal>
  );
}

function PickupForm({ collector, onClose }: { collector: string; onClose: () => void }) {
  const { L, M } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm();
  const fail = useFormFailure(form);
  const [busy, setBusy] = useState(false);
  const code: string = Form.useWatch('wasteCode', form) ?? 'KW01';
  const receivers = useQuery({ queryKey: ['kitchen-receivers', code], queryFn: () => get<{ items: Choice[] }>(`/api/kitchen/receivers${qs({ wasteCode: code })}`) });
  return (
    <Modal open title={L('申请收运', 'Ask for a pickup')} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden okButtonProps={{ loading: busy, 'data-testid': 'kitchen-request-submit' } as never}>
      <Typography.Paragraph type="secondary">{L(`收运单位：${collector}（按合同）`, `Collector: ${collector} (under contract)`)}</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ wasteCode: 'KW01', plannedDate: dayjs() }} onFinish={async (v) => {
        setBusy(true);
        try {
          const m = await post<{ id: string }>('/api/manifests', { stream: 'kitchen', ...v, plannedDate: v.plannedDate.format('YYYY-MM-DD') });
          message.success(L('收运联单已创建，请签字交付', 'Pickup created: sign it to hand the load over'));
          navigate(`/manifests/${m.id}`);
        } catch (e) { fail(e); } finally { setBusy(false); }
      }}>
        <Form.Item name="wasteCode" label={L('类别', 'Class')} rules={[{ required: true }]}>
          <Select data-testid="kitchen-code" options={CLASSES.map((c) => ({ value: c.value, label: M(c) }))} onChange={() => form.setFieldsValue({ receiverId: undefined })} />
        </Form.Item>
        <Space>
          <Form.Item name="bucketCount" label={L('桶数（标准桶）', 'Buckets')} rules={[{ required: true }]}><InputNumber min={1} max={500} precision={0} data-testid="kitchen-buckets" /></Form.Item>
          <Form.Item name="declaredWeightT" label={L('预估重量（吨）', 'Estimated weight (t)')} rules={[{ required: true }]}><InputNumber min={0.001} max={30} step={0.01} data-testid="kitchen-estimate" /></Form.Item>
        </Space>
        <Form.Item name="plannedDate" label={L('收运日期', 'Pickup date')} rules={[{ required: true }]}><DatePicker /></Form.Item>
        <Form.Item name="receiverId" label={code === 'KW02' ? L('去向：废弃油脂资源化利用单位', 'Destination: used-oil recycler') : L('去向：餐厨垃圾处理厂', 'Destination: kitchen-waste plant')} rules={[{ required: true }]}>
          <Select data-testid="kitchen-receiver" loading={receivers.isFetching} options={(receivers.data?.items ?? []).map((r) => ({ value: r.id, label: r.name }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
