import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { ApiError, api, get, post, qs } from '../api';
import { shanghai, tonnes, useI18n } from '../i18n';
import { useSession } from '../session';
import { shanghaiYear } from '../../domain/labels';

const CLASS: Record<string, [string, string]> = { key: ['重点监管单位', 'Key-supervision unit'], simplified: ['简化管理单位', 'Simplified management'], registered: ['登记管理单位', 'Registration management'] };
const STATUS: Record<string, [string, string, string]> = { not_filed: ['未填报', 'Not filed', 'red'], draft: ['草稿', 'Draft', 'default'], submitted: ['已提交', 'Submitted', 'blue'], approved: ['已备案', 'Approved', 'green'], returned: ['已退回', 'Returned', 'orange'] };
const TABLE_LABEL: Record<string, [string, string]> = { A2: ['A.2 设施信息', 'A.2 Facilities'], A4: ['A.4 贮存情况', 'A.4 Storage'], A5: ['A.5 自行利用/处置', 'A.5 Own utilisation/disposal'], A6: ['A.6 减量化计划和措施', 'A.6 Reduction plan'] };
const thisYear = () => shanghaiYear();

/** 管理计划: the company files its year's plan; the regulator sees who has filed and reviews. */
export default function PlansPage() {
  const { can } = useSession();
  return can('ledger.write') ? <MyPlan /> : <PlanOverview />;
}

interface Plan { status: string; managementClass?: string; requiredTables?: string[]; tables?: Record<string, unknown>; ownFacility?: boolean; reviewComment?: string | null; deadline: string; classReason?: { zh: string; en: string } }

function MyPlan() {
  const { L, M, lang } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [year, setYear] = useState(thisYear());
  const [form] = Form.useForm();
  const plan = useQuery({ queryKey: ['plan', year], queryFn: () => get<Plan>(`/api/plans/mine/${year}`) });
  const p = plan.data;
  const locked = p?.status === 'submitted' || p?.status === 'approved';
  const save = async () => {
    const v = await form.validateFields();
    const tables: Record<string, unknown> = { A3: v.A3 ?? [], A7: v.A7 ?? [] };
    for (const t of ['A2', 'A4', 'A5', 'A6']) if (v[t]) tables[t] = t === 'A6' ? { measures: v[t] } : [{ description: v[t] }];
    const saved = await api<Plan>('PUT', `/api/plans/mine/${year}`, { ownFacility: !!v.ownFacility, tables });
    client.setQueryData(['plan', year], { ...saved, deadline: p?.deadline });
    return saved;
  };
  const run = async (fn: () => Promise<unknown>, ok: string) => { try { await fn(); message.success(ok); client.invalidateQueries({ queryKey: ['plan', year] }); } catch (e) { if (e instanceof ApiError) message.error(M(e.text)); } };
  const t = (p?.tables ?? {}) as Record<string, unknown>;
  const text = (k: string) => { const v = t[k] as { description?: string; measures?: string }[] | { measures?: string } | undefined; return Array.isArray(v) ? v[0]?.description : v?.measures; };
  return (
    <Card title={L('危险废物管理计划', 'Hazardous-waste management plan')} loading={plan.isLoading} extra={<Select value={year} onChange={setYear} options={[thisYear(), thisYear() + 1].map((y) => ({ value: y, label: `${y}${L('年度', '')}` }))} />}>
      {p && <Space direction="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <Tag color={STATUS[p.status]?.[2]} data-testid="plan-status">{STATUS[p.status] ? L(STATUS[p.status][0], STATUS[p.status][1]) : p.status}</Tag>
          {p.managementClass && <Tag color="purple" data-testid="plan-class">{L(CLASS[p.managementClass][0], CLASS[p.managementClass][1])}</Tag>}
          <Typography.Text type="secondary">{L(`截止 ${shanghai(p.deadline, false)} 前提交（3月31日）`, `Due by 31 March`)}</Typography.Text>
        </Space>
        {p.reviewComment && <Alert type={p.status === 'returned' ? 'warning' : 'info'} showIcon message={L('审核意见', 'Review')} description={p.reviewComment} />}
        <Form form={form} layout="vertical" disabled={locked} key={`${year}-${p.status}`} initialValues={{ A3: t.A3 ?? [{}], A7: t.A7 ?? [], ownFacility: p.ownFacility, A2: text('A2'), A4: text('A4'), A5: text('A5'), A6: text('A6') }}>
          <Typography.Title level={5}>{L('A.3 危险废物产生情况', 'A.3 Generation')}</Typography.Title>
          <Form.List name="A3">{(fields, { add, remove }) => <>
            {fields.map((f) => <Space key={f.key} wrap align="baseline">
              <Form.Item name={[f.name, 'wasteCode']} rules={[{ required: true }]}><Input placeholder="900-249-08" style={{ width: 130 }} data-testid={`plan-code-${f.name}`} /></Form.Item>
              <Form.Item name={[f.name, 'internalName']}><Input placeholder={L('单位内部名称', 'Internal name')} /></Form.Item>
              <Form.Item name={[f.name, 'expectedT']} rules={[{ required: true }]}><InputNumber min={0} placeholder={L('预计产生量（吨）', 'Expected t')} style={{ width: 150 }} data-testid={`plan-qty-${f.name}`} /></Form.Item>
              <Form.Item name={[f.name, 'physicalForm']}><Select placeholder={L('形态', 'Form')} style={{ width: 100 }} options={['固态', '半固态', '液态'].map((x) => ({ value: x, label: x }))} /></Form.Item>
              <MinusCircleOutlined onClick={() => remove(f.name)} />
            </Space>)}
            <Button icon={<PlusOutlined />} onClick={() => add({})}>{L('增加一行', 'Add a row')}</Button>
          </>}</Form.List>
          <Form.Item name="ownFacility" valuePropName="checked" style={{ marginTop: 12 }}><Checkbox>{L('具有自行利用/处置设施', 'Has its own utilisation or disposal facility')}</Checkbox></Form.Item>
          <Typography.Title level={5}>{L('A.7 危险废物转移情况', 'A.7 Transfers')}</Typography.Title>
          <Form.List name="A7">{(fields, { add, remove }) => <>
            {fields.map((f) => <Space key={f.key} wrap align="baseline">
              <Form.Item name={[f.name, 'wasteCode']} rules={[{ required: true }]}><Input placeholder="900-249-08" style={{ width: 130 }} data-testid={`plan-a7-code-${f.name}`} /></Form.Item>
              <Form.Item name={[f.name, 'expectedT']} rules={[{ required: true }]}><InputNumber min={0} placeholder={L('预计转移量（吨）', 'Expected t')} style={{ width: 150 }} data-testid={`plan-a7-qty-${f.name}`} /></Form.Item>
              <Form.Item name={[f.name, 'receiver']}><Input placeholder={L('拟接收单位', 'Intended receiver')} style={{ width: 260 }} data-testid={`plan-a7-receiver-${f.name}`} /></Form.Item>
              <MinusCircleOutlined onClick={() => remove(f.name)} />
            </Space>)}
            <Button icon={<PlusOutlined />} onClick={() => add({ type: '省内转移' })} data-testid="plan-a7-add">{L('增加一行', 'Add a row')}</Button>
          </>}</Form.List>
          {(p.requiredTables ?? []).filter((x) => TABLE_LABEL[x]).map((x) => (
            <Form.Item key={x} name={x} label={L(TABLE_LABEL[x][0], TABLE_LABEL[x][1])} style={{ marginTop: 12 }}><Input.TextArea rows={2} /></Form.Item>
          ))}
        </Form>
        {!locked && <Space>
          <Button onClick={() => run(save, L('已保存，管理类别已更新', 'Saved; class updated'))} data-testid="plan-save">{L('保存', 'Save')}</Button>
          <Button type="primary" data-testid="plan-submit" onClick={() => run(async () => { await save(); await post(`/api/plans/mine/${year}/submit`); }, L('已提交', 'Submitted'))}>{L('保存并提交', 'Save and submit')}</Button>
        </Space>}
        {p.managementClass && <Typography.Text type="secondary">{L('本类别须填写：', 'Tables for this class: ')}{(p.requiredTables ?? []).join('、')} · {tonnes(Number((t.A3 as { expectedT?: number }[] | undefined)?.reduce((s, r) => s + (r.expectedT ?? 0), 0) ?? 0), lang)}</Typography.Text>}
      </Space>}
    </Card>
  );
}

interface OverviewRow { organisationId: string; organisationName: string; planId: string | null; status: string; managementClass: string | null; expectedT: number | null; submittedAt: string | null; overdue: boolean }

function PlanOverview() {
  const { L, M, lang } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [year, setYear] = useState(thisYear());
  const [status, setStatus] = useState<string>();
  const [page, setPage] = useState(1);
  const [reviewing, setReviewing] = useState<OverviewRow | null>(null);
  const list = useQuery({ queryKey: ['plans', year, status, page], queryFn: () => get<{ items: OverviewRow[]; total: number }>(`/api/plans${qs({ year, status, page, pageSize: 20 })}`) });
  const review = async (verdict: 'approve' | 'return', comment?: string) => {
    // Says what was done to whom: the approved plan leaves the top of the list, where plans to review stand.
    try {
      await post(`/api/plans/${reviewing!.planId}/${verdict}`, { comment });
      message.success(verdict === 'approve' ? L(`已备案：${reviewing!.organisationName}`, `Approved: ${reviewing!.organisationName}`) : L(`已退回：${reviewing!.organisationName}`, `Returned: ${reviewing!.organisationName}`));
      setReviewing(null); client.invalidateQueries({ queryKey: ['plans'] });
    }
    catch (e) { if (e instanceof ApiError) message.error(M(e.text)); }
  };
  return (
    <Card title={L('管理计划备案情况', 'Management plans filed')} extra={<Space>
      <Select value={year} onChange={setYear} options={[thisYear() - 1, thisYear(), thisYear() + 1].map((y) => ({ value: y, label: String(y) }))} />
      <Select allowClear placeholder={L('状态', 'Status')} style={{ width: 120 }} value={status} onChange={setStatus} options={Object.entries(STATUS).map(([value, [zh, en]]) => ({ value, label: lang === 'zh' ? zh : en }))} />
    </Space>}>
      <Table<OverviewRow> rowKey="organisationId" loading={list.isLoading} dataSource={list.data?.items ?? []} scroll={{ x: 'max-content' }}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage }}
        columns={[
          { title: L('单位', 'Company'), dataIndex: 'organisationName' },
          { title: L('状态', 'Status'), dataIndex: 'status', render: (s: string, r) => <><Tag color={STATUS[s]?.[2]}>{lang === 'zh' ? STATUS[s]?.[0] : STATUS[s]?.[1]}</Tag>{r.overdue && <Tag color="red">{L('逾期', 'Late')}</Tag>}</> },
          { title: L('管理类别', 'Class'), dataIndex: 'managementClass', render: (c: string | null) => (c ? L(CLASS[c][0], CLASS[c][1]) : '') },
          { title: L('预计产生量', 'Expected'), dataIndex: 'expectedT', render: (t: number | null) => tonnes(t, lang) },
          { title: L('提交时间', 'Submitted'), dataIndex: 'submittedAt', render: (d: string | null) => shanghai(d) },
          { title: '', render: (_v, r) => r.status === 'submitted' && <Button size="small" type="primary" data-testid="plan-review" onClick={() => setReviewing(r)}>{L('审核', 'Review')}</Button> },
        ]} />
      <Modal open={!!reviewing} title={reviewing?.organisationName} onCancel={() => setReviewing(null)} footer={null} destroyOnHidden>
        <Form layout="vertical" onFinish={(v) => review('return', v.comment)}>
          <Form.Item name="comment" label={L('意见（退回时必填）', 'Comments (required to return)')}><Input.TextArea /></Form.Item>
          <Space>
            <Button type="primary" onClick={() => review('approve')} data-testid="plan-approve">{L('备案通过', 'Approve')}</Button>
            <Button danger htmlType="submit">{L('退回修改', 'Return')}</Button>
          </Space>
        </Form>
      </Modal>
    </Card>
  );
}
