import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Form, Input, Radio, Result, Select, Space, Spin, Typography } from 'antd';
import { ApiError, get, post } from '../api';
import { LangSwitch, useI18n } from '../i18n';
import type { AnswerValue, SurveyQuestion } from '../../domain/surveys';

// 问卷 (/s/:id): the public answering page, phone first (390 px), no login. Opening it sets the device
// cookie (one answer per device); a phone number is optional and kept only as a hash. Below the form,
// the QR code of this page's link, for printing on a notice board.

interface PublicSurvey { id: string; title: string; intro: string; regionName: string; closesOn: string | null; open: boolean; questions: Omit<SurveyQuestion, 'quotas'>[] }

export default function SurveyAnswerPage() {
  const { id = '' } = useParams();
  const { L, M } = useI18n();
  const [form] = Form.useForm();
  const [done, setDone] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const survey = useQuery({ queryKey: ['public-survey', id], queryFn: () => get<PublicSurvey>(`/api/public/surveys/${id}`) });
  const s = survey.data;
  const submit = async (v: Record<string, unknown>) => {
    if (!s) return;
    setFailure(null);
    setSending(true);
    const answers: AnswerValue[] = s.questions.map((q) => {
      const x = v[q.key];
      if (x === undefined || x === '' || (Array.isArray(x) && !x.length)) return null;
      return x as AnswerValue;
    });
    try {
      await post(`/api/public/surveys/${id}/answers`, { answers, ...(v.phone ? { phone: v.phone } : {}) });
      setDone(true);
      window.scrollTo(0, 0);
    } catch (e) {
      if (e instanceof ApiError) {
        setFailure(M(e.text));
        const at = /^answers\.(\d+)/.exec(e.path ?? '');
        if (at) form.setFields([{ name: s.questions[Number(at[1])].key, errors: [M(e.text)] }]);
        if (e.path === 'phone') form.setFields([{ name: 'phone', errors: [M(e.text)] }]);
      }
    } finally { setSending(false); }
  };
  return (
    <div style={{ minHeight: '100vh', background: '#f3f7f5', padding: '12px 10px 32px' }}>
      <div style={{ maxWidth: 560, margin: '0 auto' }} data-testid="survey-answer">
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 8 }}>
          <Typography.Text type="secondary">{L('无废城市 · 问卷调查', 'Zero-waste city · survey')}</Typography.Text>
          <LangSwitch />
        </div>
        {survey.isLoading && <Spin style={{ display: 'block', margin: 40 }} />}
        {survey.error && <Alert type="error" showIcon message={survey.error instanceof ApiError ? M(survey.error.text) : String(survey.error)} />}
        {s && done && <Card><Result status="success" title={L('提交成功，感谢您的参与！', 'Thank you: your answer is in')} subTitle={L('每台手机限填一次。', 'One answer per phone.')} data-testid="survey-done" /></Card>}
        {s && !done && <Card styles={{ body: { padding: 14 } }}>
          <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="survey-answer-title">{s.title}</Typography.Title>
          <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>{s.regionName}{s.closesOn ? L(` · 截止 ${s.closesOn}`, ` · closes ${s.closesOn}`) : ''}</Typography.Paragraph>
          {s.intro && <Typography.Paragraph>{s.intro}</Typography.Paragraph>}
          {!s.open && <Alert type="warning" showIcon message={L('该问卷已结束，不再收集答卷。', 'This survey is closed.')} data-testid="survey-closed" />}
          {s.open && <Form form={form} layout="vertical" onFinish={submit} requiredMark>
            {s.questions.map((q, i) => (
              <Form.Item key={q.key} name={q.key} label={<span style={{ whiteSpace: 'normal' }}>{`${i + 1}. ${q.title}`}{q.kind === 'multiple' && q.maxChoices ? L(`（最多选${q.maxChoices}项）`, ` (up to ${q.maxChoices})`) : ''}</span>}
                rules={[{ required: q.required, message: L('请回答此题', 'Please answer this question') },
                  ...(q.kind === 'multiple' && q.maxChoices ? [{ validator: async (_: unknown, v: string[] | undefined) => { if ((v ?? []).length > q.maxChoices!) throw new Error(L(`最多选${q.maxChoices}项`, `Up to ${q.maxChoices}`)); } }] : [])]}
                data-testid={`answer-${q.key}`}>
                {q.kind === 'town' ? <Select showSearch optionFilterProp="label" placeholder={L('请选择', 'Choose')} options={(q.options ?? []).map((o) => ({ value: o.key, label: o.label }))} data-testid={`answer-${q.key}-select`} />
                  : q.kind === 'single' ? <Radio.Group style={{ display: 'flex', flexDirection: 'column', gap: 10 }}>{(q.options ?? []).map((o) => <Radio key={o.key} value={o.key}>{o.label}</Radio>)}</Radio.Group>
                  : q.kind === 'multiple' ? <Checkbox.Group style={{ display: 'flex', flexDirection: 'column', gap: 10 }}>{(q.options ?? []).map((o) => <Checkbox key={o.key} value={o.key}>{o.label}</Checkbox>)}</Checkbox.Group>
                  : q.kind === 'scale' ? <ScaleInput low={q.lowLabel} high={q.highLabel} />
                  : <Input.TextArea rows={3} maxLength={500} showCount />}
              </Form.Item>
            ))}
            <Form.Item name="phone" label={L('手机号（选填，仅用于防止重复填写，不会公开）', 'Mobile number (optional: only to prevent a second answer; never shown)')}>
              <Input inputMode="tel" maxLength={20} placeholder="138 0000 0000" data-testid="answer-phone" />
            </Form.Item>
            {failure && <Alert type="error" showIcon message={failure} style={{ marginBottom: 12 }} data-testid="survey-failure" />}
            <Button type="primary" htmlType="submit" block size="large" loading={sending} data-testid="survey-submit">{L('提交', 'Submit')}</Button>
          </Form>}
        </Card>}
        {s && <div style={{ textAlign: 'center', marginTop: 20 }}>
          <img src={`/api/public/surveys/${s.id}/qr.svg`} alt={L('本问卷二维码', 'This survey’s QR code')} width={140} height={140} data-testid="survey-answer-qr" />
          <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{L('扫码填写 · 可打印张贴', 'Scan to answer · print it')}</Typography.Text></div>
        </div>}
      </div>
    </div>
  );
}

/** A 1–5 scale as five large buttons, with the words at its ends. */
function ScaleInput({ value, onChange, low, high }: { value?: number; onChange?: (v: number) => void; low?: string; high?: string }) {
  return <Space direction="vertical" style={{ width: '100%' }} size={4}>
    <Radio.Group value={value} onChange={(e) => onChange?.(e.target.value)} optionType="button" buttonStyle="solid" style={{ display: 'flex' }}>
      {[1, 2, 3, 4, 5].map((n) => <Radio.Button key={n} value={n} style={{ flex: 1, textAlign: 'center', height: 44, lineHeight: '42px' }} data-testid={`scale-${n}`}>{n}</Radio.Button>)}
    </Radio.Group>
    <div style={{ display: 'flex', justifyContent: 'space-between', fontSize: 12, color: '#888' }}><span>1 {low}</span><span>5 {high}</span></div>
  </Space>;
}
