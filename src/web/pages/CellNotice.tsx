import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Form, Input, Progress, Result, Space, Tag, Typography } from 'antd';
import { ApiError, get, post } from '../api';
import { LangSwitch, useI18n } from '../i18n';

// 无废细胞公示 (seed 000 五(三): 向社会公示“无废细胞”创建情况): one cell's public notice for anyone, no login,
// on a phone first. It shows what the department publishes (name, kind, place, the check's points, the
// notice's days) and takes an objection; the contact asked for goes to the department only.

interface Notice {
  id: string; kind: string; kindName: { zh: string; en: string }; name: string; regionName: string; longitude: number | null; latitude: number | null;
  startOn: string; endOn: string; workingDays: number; open: boolean; state: 'in_notice' | 'approved' | 'closed';
  score: { total: number; passScore: number; criteria: { key: string; zh: string; en: string; score: number }[] } | null;
  objections: number;
}

export default function CellNoticePage() {
  const { id } = useParams();
  const { L, M, lang } = useI18n();
  const notice = useQuery({ queryKey: ['public-cell', id], queryFn: () => get<Notice>(`/api/public/cells/${id}`), retry: false });
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const n = notice.data;
  return (
    <div style={{ minHeight: '100vh', background: '#f3f7f4', padding: 12 }}>
      <Card style={{ maxWidth: 720, margin: '0 auto' }} styles={{ body: { padding: 16 } }}
        title={<Space direction="vertical" size={0} style={{ padding: '6px 0', whiteSpace: 'normal' }}>
          <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 12 }}>{L('“无废城市”建设 · 无废细胞公示', 'Zero-Waste City · zero-waste cell notice')}</Typography.Text>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="notice-name">{n?.name ?? L('无废细胞公示', 'Zero-waste cell notice')}</Typography.Title>
        </Space>}
        extra={<LangSwitch />}>
        {notice.error && <Result status="404" title={L('未找到该公示', 'No such notice')} subTitle={notice.error instanceof ApiError ? M(notice.error.text) : ''} />}
        {n && <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Descriptions size="small" column={1} bordered items={[
            { label: L('类型', 'Kind'), children: lang === 'zh' ? n.kindName.zh : n.kindName.en },
            { label: L('所在地', 'Place'), children: n.regionName },
            { label: L('公示期', 'Notice period'), children: <span data-testid="notice-period">{L(`${n.startOn} 至 ${n.endOn}（${n.workingDays}个工作日）`, `${n.startOn} to ${n.endOn} (${n.workingDays} working days)`)}</span> },
            { label: L('状态', 'State'), children: n.state === 'approved' ? <Tag color="green">{L('已命名', 'Named')}</Tag> : n.open ? <Tag color="blue" data-testid="notice-open">{L('公示中，接受异议', 'In notice: objections welcome')}</Tag> : <Tag>{L('公示期已结束', 'The notice has ended')}</Tag> },
          ]} />
          {n.score && <Card size="small" title={L(`现场核查得分：${n.score.total} 分（合格线 ${n.score.passScore} 分）`, `On-site check: ${n.score.total} points (pass: ${n.score.passScore})`)} data-testid="notice-score">
            {n.score.criteria.map((c) => <div key={c.key} style={{ marginBottom: 6 }}>
              <Typography.Text>{lang === 'zh' ? c.zh : c.en}</Typography.Text>
              <Progress percent={Math.min(100, c.score)} format={() => L(`${c.score} 分`, `${c.score} pts`)} size="small" />
            </div>)}
          </Card>}
          <Typography.Paragraph type="secondary" style={{ fontSize: 13, margin: 0 }}>
            {L(`公示期间，任何单位和个人对该单位的创建情况有异议的，可在下方提出。主管部门将逐条核实答复。已收到异议 ${n.objections} 条。`,
              `During the notice anyone may object below; the department checks and answers each objection. Objections received: ${n.objections}.`)}
          </Typography.Paragraph>
          {n.open && !sent && <Card size="small" title={L('提出异议', 'Object')}>
            {error && <Alert type="error" showIcon style={{ marginBottom: 8 }} message={error} />}
            <Form layout="vertical" data-testid="objection-form" onFinish={async (v) => {
              setSending(true); setError(null);
              try {
                await post(`/api/public/cells/${n.id}/objections`, { reason: v.reason, ...(v.contact ? { contact: v.contact } : {}) });
                setSent(true);
                notice.refetch();
              } catch (e) { setError(e instanceof ApiError ? M(e.text) : String(e)); } finally { setSending(false); }
            }}>
              <Form.Item name="reason" label={L('异议理由', 'Your reason')} rules={[{ required: true, min: 5, message: L('请写明理由（至少5个字）', 'Give your reason (5 characters at least)') }]}>
                <Input.TextArea rows={4} maxLength={1000} showCount data-testid="objection-reason" />
              </Form.Item>
              <Form.Item name="contact" label={L('联系方式（选填，仅主管部门可见，不公开）', 'Contact (optional; only the department sees it)')}>
                <Input maxLength={60} inputMode="tel" data-testid="objection-contact" />
              </Form.Item>
              <Button type="primary" htmlType="submit" block size="large" loading={sending} data-testid="objection-submit">{L('提交异议', 'Send')}</Button>
            </Form>
          </Card>}
          {sent && <Alert type="success" showIcon data-testid="objection-sent" message={L('已收到您的异议，主管部门将核实后答复。', 'Received: the department will check and answer.')} />}
        </Space>}
      </Card>
    </div>
  );
}
