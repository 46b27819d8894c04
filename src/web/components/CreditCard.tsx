import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { ApiError, get, post } from '../api';
import { useI18n } from '../i18n';
import { useFormFailure } from '../hooks';
import { creditEventKind } from '../../domain/credit';

// 企业环境信用 on an enterprise's file and on its own page: today's score and grade, every event with its
// reason, validity and repair, the blacklist and the annual ratings. The enterprise asks for repair of an
// event in force from here. Shown only to those the server lets read it (an official of the area, the
// enterprise itself): anyone else gets nothing.

export interface CreditEventView {
  id: string; kind: string; points: number; reason: string; reasonEn: string; link: string | null; decisionNo: string | null; legalBasis: string | null;
  occurredOn: string; validFrom: string; validUntil: string; endedOn: string | null; endCause: string | null; endReason: string | null; inForce: boolean; recordedAt: string;
  repair: { id: string; status: 'pending' | 'approved' | 'rejected'; rectification: string; evidence: string; requestedAt: string; decisionReason: string | null; decidedAt: string | null } | null;
}
export interface CreditProfile {
  organisationId: string; name: string; asOf: string; solidWaste: boolean; scheme: number; schemeLabel: { zh: string; en: string }; baseScore: number; score: number;
  grade: { value: string; zh: string; en: string; colour: string; label: { zh: string; en: string } }; blacklisted: boolean;
  events: CreditEventView[];
  blacklist: { id: string; reason: string; decisionNo: string; listedFrom: string; listedUntil: string | null; liftedOn: string | null; liftReason: string | null; current: boolean }[];
  ratings: { year: number; score: number; grade: string; blacklisted: boolean; ratedAt: string }[];
  mayRequestRepair: boolean;
}

const REPAIR = { pending: { zh: '修复审核中', en: 'Repair under review', color: 'processing' }, approved: { zh: '已修复', en: 'Repaired', color: 'success' }, rejected: { zh: '修复未通过', en: 'Repair refused', color: 'error' } } as const;

export function GradeTag({ grade, testId }: { grade: CreditProfile['grade']; testId?: string }) {
  const { L } = useI18n();
  return <Tag color={grade.colour} data-testid={testId}>{L(`${grade.zh}（${grade.label.zh}）`, `${grade.en} (${grade.label.en})`)}</Tag>;
}

export function CreditCard({ organisationId }: { organisationId: string }) {
  const { L, lang } = useI18n();
  const query = useQuery({
    queryKey: ['credit-profile', organisationId],
    queryFn: () => get<CreditProfile>(`/api/credit/enterprises/${organisationId}`),
    retry: (n, e) => !(e instanceof ApiError && [403, 404].includes(e.status)) && n < 2,
  });
  const [repairing, setRepairing] = useState<CreditEventView | null>(null);
  const c = query.data;
  if (query.error || !c) return null;
  const kindLabel = (k: string) => { const x = creditEventKind(k); return x ? (lang === 'zh' ? x.zh : x.en) : k; };
  return (
    <Card title={L('企业环境信用', 'Environmental credit')} data-testid="credit-card"
      extra={<Typography.Text type="secondary">{L(`评价方案：${c.schemeLabel.zh}；基础分 ${c.baseScore} 分；截至 ${c.asOf}`, `Scheme: ${c.schemeLabel.en}; base ${c.baseScore}; as of ${c.asOf}`)}</Typography.Text>}>
      <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered>
        <Descriptions.Item label={L('信用评分', 'Score')}><span data-testid="credit-score">{c.score}</span> {L('分', 'points')}</Descriptions.Item>
        <Descriptions.Item label={L('信用等级', 'Grade')}><GradeTag grade={c.grade} testId="credit-grade" /></Descriptions.Item>
        <Descriptions.Item label={L('黑名单', 'Blacklist')}>{c.blacklisted ? <Tag color="red" data-testid="credit-blacklisted">{L('已列入', 'Listed')}</Tag> : L('未列入', 'Not listed')}</Descriptions.Item>
        {c.ratings.length > 0 && <Descriptions.Item label={L('年度评价', 'Annual ratings')} span={3}>
          <Space wrap>{c.ratings.map((r) => <Tag key={r.year}>{L(`${r.year}年：${r.score} 分`, `${r.year}: ${r.score}`)} · {r.grade}</Tag>)}</Space>
        </Descriptions.Item>}
      </Descriptions>
      {c.blacklist.filter((b) => b.current).map((b) => (
        <Typography.Paragraph key={b.id} type="danger" style={{ marginTop: 8 }}>{L(`黑名单（${b.decisionNo}，自 ${b.listedFrom}${b.listedUntil ? ` 至 ${b.listedUntil}` : ''}）：${b.reason}`, `Blacklisted (${b.decisionNo}, from ${b.listedFrom}${b.listedUntil ? ` to ${b.listedUntil}` : ''}): ${b.reason}`)}</Typography.Paragraph>
      ))}
      <Table<CreditEventView> rowKey="id" size="small" style={{ marginTop: 12 }} dataSource={c.events} data-testid="credit-events" scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 10, showSizeChanger: false, showTotal: (t) => L(`共 ${t} 条信用事件`, `${t} events`) }}
        columns={[
          { title: L('日期', 'Day'), dataIndex: 'occurredOn', width: 110 },
          { title: L('类型', 'Kind'), dataIndex: 'kind', width: 140, render: (k: string) => kindLabel(k) },
          { title: L('分值', 'Points'), dataIndex: 'points', width: 80, render: (p: number) => <Typography.Text type={p < 0 ? 'danger' : 'success'}>{p > 0 ? `+${p}` : p}</Typography.Text> },
          { title: L('事由', 'Reason'), dataIndex: 'reason', render: (r: string, e) => <span data-testid="credit-event-reason">{lang === 'en' && e.reasonEn ? e.reasonEn : r}{e.decisionNo && <Typography.Text type="secondary"><br />{L(`决定书：${e.decisionNo}；依据：${e.legalBasis}`, `Decision ${e.decisionNo}; basis: ${e.legalBasis}`)}</Typography.Text>}</span> },
          { title: L('有效期至', 'Counts until'), dataIndex: 'validUntil', width: 150, render: (v: string, e) => (e.endedOn ? L(`${e.endCause === 'repair' ? '已修复' : '已更正'}（${e.endedOn}）`, `${e.endCause === 'repair' ? 'repaired' : 'corrected'} (${e.endedOn})`) : e.inForce ? v : L(`已过期（${v}）`, `expired (${v})`)) },
          { title: L('信用修复', 'Repair'), key: 'repair', width: 160, render: (_: unknown, e) => (e.repair
            ? <Tag color={REPAIR[e.repair.status].color} title={e.repair.decisionReason ?? ''}>{L(REPAIR[e.repair.status].zh, REPAIR[e.repair.status].en)}</Tag>
            : c.mayRequestRepair && e.inForce && e.points < 0 ? <Button size="small" onClick={() => setRepairing(e)} data-testid="credit-repair-open">{L('申请信用修复', 'Ask for repair')}</Button> : null) },
        ]} />
      {repairing && <RepairModal event={repairing} organisationId={organisationId} onClose={() => setRepairing(null)} />}
      {c.events.length === 0 && <Typography.Text type="secondary">{L('暂无信用事件', 'No events')}</Typography.Text>}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>{L('评分 = 基础分 + 有效期内的信用事件分值；列入黑名单的企业评为最低等级。', 'Score = base + the points of the events in force; a blacklisted enterprise takes the lowest grade.')}</Typography.Paragraph>
    </Card>
  );
}

function RepairModal({ event, organisationId, onClose }: { event: CreditEventView; organisationId: string; onClose: () => void }) {
  const { L } = useI18n();
  const [form] = Form.useForm();
  const fail = useFormFailure(form);
  const { message } = App.useApp();
  const client = useQueryClient();
  return (
    <Modal open title={L('申请信用修复', 'Ask for credit repair')} onCancel={onClose} footer={null} destroyOnHidden>
      <Typography.Paragraph>{event.reason}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={async (v) => {
        try {
          await post('/api/credit/repairs', { eventId: event.id, ...v });
          message.success(L('已提交，等待生态环境部门审核', 'Sent: the ecology bureau will review it'));
          await client.invalidateQueries({ queryKey: ['credit-profile', organisationId] });
          onClose();
        } catch (e) { fail(e); }
      }}>
        <Form.Item name="rectification" label={L('整改情况', 'What was put right')} rules={[{ required: true, min: 2 }]}><Input.TextArea rows={3} data-testid="repair-rectification" /></Form.Item>
        <Form.Item name="evidence" label={L('证明材料', 'Evidence')} rules={[{ required: true, min: 2 }]}><Input.TextArea rows={2} data-testid="repair-evidence" /></Form.Item>
        <Button type="primary" htmlType="submit" data-testid="repair-submit">{L('提交申请', 'Send')}</Button>
      </Form>
    </Modal>
  );
}
