import { useState } from 'react';
import { App, Button, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Timeline, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { post } from '../api';
import { useFormFailure } from '../hooks';
import { shanghai, tonnes, useI18n } from '../i18n';
import { LICENCE_STATES, type LicenceState } from '../../domain/licences';

// 经营许可证 of a receiver on its organisation page: each record with its state and history; the holder
// adds and corrects (更正: a new record replacing the old), the holder or the authority ends (终止).

export interface LicenceRecord {
  id: string; number: string; validFrom: string; validTo: string; wasteCodes: string[]; annualCapacityT: number;
  state: LicenceState; endedOn: string | null; supersedesId: string | null; supersededById: string | null;
  history: { event: 'added' | 'corrected' | 'ended' | 'superseded'; at: string; by: string | null; on: string | null; reason: string | null; licenceNo: string | null }[];
}

const STATE_COLOURS: Record<LicenceState, string> = { valid: 'green', upcoming: 'blue', expired: 'orange', ended: 'red', superseded: 'default' };

interface LicenceForm { number: string; validFrom: Dayjs; validTo: Dayjs; wasteCodes: string[]; annualCapacityT: number; reason?: string }

const day = (d: Dayjs) => d.format('YYYY-MM-DD');

export function OrganisationLicences({ organisationId, licences, canAdd, permissions, onChange }: {
  organisationId: string; licences: LicenceRecord[]; canAdd: boolean; permissions: string[]; onChange: () => void;
}) {
  const { L, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<LicenceForm>();
  const [endForm] = Form.useForm<{ endedOn: Dayjs; reason: string }>();
  const formFailure = useFormFailure(form);
  const endFailure = useFormFailure(endForm);
  // 'new' adds a licence; a record means correcting it.
  const [editing, setEditing] = useState<'new' | LicenceRecord | null>(null);
  const [ending, setEnding] = useState<LicenceRecord | null>(null);
  const open = (l: LicenceRecord) => l.state !== 'ended' && l.state !== 'superseded';

  const save = async (v: LicenceForm) => {
    const body = { number: v.number, validFrom: v.validFrom && day(v.validFrom), validTo: v.validTo && day(v.validTo), wasteCodes: v.wasteCodes, annualCapacityT: v.annualCapacityT };
    try {
      if (editing === 'new') await post(`/api/organisations/${organisationId}/licences`, body);
      else await post(`/api/organisations/${organisationId}/licences/${editing!.id}/corrections`, { ...body, reason: v.reason });
      message.success(editing === 'new' ? L('已登记', 'Added') : L('已更正：原记录保留在历史中', 'Corrected: the old record stays in the history'));
      setEditing(null);
      onChange();
    } catch (e) { formFailure(e); }
  };

  const end = async (v: { endedOn: Dayjs; reason: string }) => {
    try {
      await post(`/api/organisations/${organisationId}/licences/${ending!.id}/end`, { endedOn: v.endedOn && day(v.endedOn), reason: v.reason });
      message.success(L('许可证已终止', 'Licence ended'));
      setEnding(null);
      onChange();
    } catch (e) { endFailure(e); }
  };

  const history = (l: LicenceRecord) => (
    <Timeline style={{ marginTop: 8 }} data-testid="licence-history" items={l.history.map((h) => ({
      color: h.event === 'ended' ? 'red' : h.event === 'superseded' ? 'gray' : 'blue',
      children: <Space direction="vertical" size={0}>
        <span>{shanghai(h.at)} {h.by ?? ''} · {{
          added: L('登记', 'Added'),
          corrected: L(`更正（取代原记录 ${h.licenceNo}）`, `Corrected (replaces the record ${h.licenceNo})`),
          ended: L(`终止，自 ${h.on} 起不再有效`, `Ended: no longer valid from ${h.on}`),
          superseded: L(`被更正为新记录 ${h.licenceNo}，自 ${h.on} 起不再有效`, `Corrected by a new record ${h.licenceNo}: no longer valid from ${h.on}`),
        }[h.event]}</span>
        {h.reason && <Typography.Text type="secondary">{L('原因：', 'Reason: ')}{h.reason}</Typography.Text>}
      </Space>,
    }))} />
  );

  return <>
    {canAdd && <Button onClick={() => { form.resetFields(); setEditing('new'); }} style={{ marginBottom: 8 }} data-testid="licence-add">{L('登记许可证', 'Add licence')}</Button>}
    <Table rowKey="id" size="small" pagination={false} dataSource={licences} scroll={{ x: 'max-content' }}
      expandable={{ expandedRowRender: history, expandRowByClick: false }}
      columns={[
        { title: L('许可证编号', 'Number'), dataIndex: 'number' },
        { title: L('有效期', 'Valid'), render: (_v, l) => `${l.validFrom} ~ ${l.validTo}` },
        { title: L('许可代码', 'Codes'), dataIndex: 'wasteCodes', render: (c: string[]) => <div style={{ maxWidth: 340 }}>{c.map((x) => <Tag key={x}>{x}</Tag>)}</div> },
        { title: L('年许可能力', 'Annual capacity'), dataIndex: 'annualCapacityT', render: (t: number) => tonnes(t, lang) },
        { title: L('状态', 'State'), render: (_v, l) => <Space size={4}>
          <Tag color={STATE_COLOURS[l.state]} data-testid="licence-state">{LICENCE_STATES[l.state][lang]}</Tag>
          {l.endedOn && <Typography.Text type="secondary">{L(`自 ${l.endedOn} 起`, `from ${l.endedOn}`)}</Typography.Text>}
        </Space> },
        { title: L('操作', 'Actions'), render: (_v, l) => open(l) && <Space>
          {permissions.includes('correct') && <Button size="small" data-testid="licence-correct" onClick={() => {
            form.setFieldsValue({ number: l.number, validFrom: dayjs(l.validFrom), validTo: dayjs(l.validTo), wasteCodes: l.wasteCodes, annualCapacityT: l.annualCapacityT, reason: undefined });
            setEditing(l);
          }}>{L('更正', 'Correct')}</Button>}
          {permissions.includes('end') && <Button size="small" danger data-testid="licence-end" onClick={() => { endForm.resetFields(); setEnding(l); }}>{L('终止', 'End')}</Button>}
        </Space> },
      ]} />
    <Modal open={!!editing} forceRender title={editing === 'new' ? L('登记经营许可证', 'Add a licence') : L(`更正许可证 ${editing?.number ?? ''}`, `Correct licence ${editing?.number ?? ''}`)}
      onCancel={() => setEditing(null)} footer={null}>
      {editing && editing !== 'new' && <Typography.Paragraph type="secondary">
        {L('更正会新建一条许可证记录取代原记录；原记录不删除，自更正后的生效日期（最迟今天）起不再有效。', 'A correction is a new record that replaces this one; the old record is kept and stops counting from the corrected start date (today at the latest).')}
      </Typography.Paragraph>}
      <Form form={form} layout="vertical" onFinish={save}>
        <Form.Item name="number" label={L('许可证编号', 'Number')} rules={[{ required: true }]}><Input data-testid="licence-number" /></Form.Item>
        <Space style={{ display: 'flex' }} align="start">
          <Form.Item name="validFrom" label={L('有效期自', 'Valid from')} rules={[{ required: true }]}><DatePicker data-testid="licence-valid-from" /></Form.Item>
          <Form.Item name="validTo" label={L('有效期至', 'Valid to')} rules={[{ required: true }]}><DatePicker data-testid="licence-valid-to" /></Form.Item>
        </Space>
        <Form.Item name="wasteCodes" label={L('许可废物代码（如 900-041-49 或 HW08）', 'Permitted codes (such as 900-041-49 or HW08)')} rules={[{ required: true }]}>
          <Select mode="tags" tokenSeparators={[',', ' ', '，']} data-testid="licence-codes" />
        </Form.Item>
        <Form.Item name="annualCapacityT" label={L('年许可能力（吨，最多三位小数）', 'Annual capacity (t, at most 3 decimals)')} rules={[{ required: true }]}>
          <InputNumber style={{ width: '100%' }} data-testid="licence-capacity" />
        </Form.Item>
        {editing !== 'new' && <Form.Item name="reason" label={L('更正原因', 'Why it is corrected')} rules={[{ required: true }]}><Input.TextArea rows={2} data-testid="licence-reason" /></Form.Item>}
        <Button type="primary" htmlType="submit" data-testid="licence-save">{editing === 'new' ? L('保存', 'Save') : L('保存更正', 'Save the correction')}</Button>
      </Form>
    </Modal>
    <Modal open={!!ending} forceRender title={L(`终止许可证 ${ending?.number ?? ''}`, `End licence ${ending?.number ?? ''}`)} onCancel={() => setEnding(null)} footer={null}>
      <Typography.Paragraph type="secondary">
        {L('终止（注销、吊销）后，许可证自终止日期起不再有效，记录和历史保留。', 'An ended licence (cancelled or revoked) no longer counts from the end date; the record and its history stay.')}
      </Typography.Paragraph>
      <Form form={endForm} layout="vertical" onFinish={end} initialValues={{ endedOn: dayjs() }}>
        <Form.Item name="endedOn" label={L('终止日期（自该日起不再有效）', 'End date (no longer valid from that day)')} rules={[{ required: true }]}>
          <DatePicker data-testid="licence-ended-on" disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="reason" label={L('终止原因', 'Reason')} rules={[{ required: true }]}><Input.TextArea rows={2} data-testid="licence-end-reason" /></Form.Item>
        <Button danger type="primary" htmlType="submit" data-testid="licence-end-confirm">{L('确认终止', 'End the licence')}</Button>
      </Form>
    </Modal>
  </>;
}
