import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, DatePicker, Descriptions, Drawer, Empty, Form, Input, InputNumber, Modal, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { DeleteOutlined, DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { ApiError, api, get, post, qs, type Page } from '../api';
import { shanghai, useI18n } from '../i18n';
import { useSession } from '../session';
import { KIND_LABELS, STATUS_LABELS, SURVEY_FORMULAS, type BindingRule, type QuestionKind, type SurveyQuestion, type SurveyStatus } from '../../domain/surveys';

// 问卷调查 (the office's page): its surveys; the builder for a draft (choices, 1–5 scales, text, the
// respondent's town with quotas); publish, close, a new version; the link and QR code to print; results
// with n and the 95 % margins, per town; the raw answers (paged, Excel); the binding of a question to
// rows 43–45 of the plan, whose computed value the indicators page then shows.

interface Row { id: string; regionName: string; title: string; status: SurveyStatus; closesOn: string | null; questionCount: number; responses: number; createdAt: string; publishedAt: string | null }
interface Binding { id: string; questionKey: string; indicatorId: string; formula: string; rule: BindingRule; indicatorNo: number; indicatorName: string; planTitle: string }
interface Detail {
  id: string; title: string; intro: string; status: SurveyStatus; closesOn: string | null; regionName: string; responses: number; link: string; follows: string | null;
  questions: SurveyQuestion[]; bindings: Binding[]; publishedAt: string | null; closedAt: string | null;
}
interface OptionResult { key: string; label: string; count: number; share: number | null; margin: number | null }
interface QuestionResult { key: string; kind: QuestionKind; title: string; answered: number; mean: number | null; options: OptionResult[]; byTown: { regionCode: string; name: string; answered: number; mean: number | null; options: OptionResult[] }[] }
interface Results { n: number; method: { zh: string; en: string }; questions: QuestionResult[]; towns: { regionCode: string; name: string; responses: number; quota: number | null }[] }
interface Raw { id: string; submittedAt: string; regionName: string; answers: Record<string, string | string[] | number | null> }
interface Bindable { id: string; no: number; name: string; formula: string; planTitle: string }

const STATUS_COLOR: Record<SurveyStatus, string> = { draft: 'default', published: 'green', closed: 'blue' };
const pct = (v: number | null) => (v === null ? '—' : `${v.toLocaleString('zh-CN', { maximumFractionDigits: 1 })}%`);

export default function SurveysPage() {
  const { L, M } = useI18n();
  const { me, may } = useSession();
  const [params, setParams] = useSearchParams();
  const [status, setStatus] = useState<SurveyStatus | undefined>();
  const [page, setPage] = useState(1);
  const [building, setBuilding] = useState<Detail | 'new' | null>(null);
  const open = params.get('id');
  const list = useQuery({ queryKey: ['surveys', status, page], queryFn: () => get<Page<Row>>(`/api/surveys${qs({ status, page, pageSize: 20 })}`) });
  const manager = may('surveys.manage');
  return (
    <Card title={L('问卷调查', 'Surveys')} extra={manager && <Button type="primary" icon={<PlusOutlined />} onClick={() => setBuilding('new')} data-testid="survey-new">{L('新建问卷', 'New survey')}</Button>}>
      <Typography.Paragraph type="secondary">
        {L('依据实施方案“五、（一）至（三）”：开展“无废城市”宣传教育、参与度和满意度调查。问卷发布后通过链接和二维码填写，无需登录，每台手机（设备）和每个手机号限填一次；可按镇（街道）设置样本配额。将题目绑定到指标体系第43–45项后，指标值由答卷自动计算。',
          'Plan 五(一)–(三): surveys of publicity reach, participation and satisfaction. A published survey is answered by link and QR code without logging in, once per phone (device) and per number, with quotas per town. Bound to rows 43–45 of the plan, those rows are computed from the answers.')}
      </Typography.Paragraph>
      <Space style={{ marginBottom: 12 }}>
        <Select allowClear placeholder={L('状态', 'Status')} style={{ width: 140 }} value={status} onChange={(v) => { setStatus(v); setPage(1); }}
          options={(Object.keys(STATUS_LABELS) as SurveyStatus[]).map((s) => ({ value: s, label: M(STATUS_LABELS[s]) }))} />
      </Space>
      {list.error && <Alert type="error" showIcon message={list.error instanceof ApiError ? M(list.error.text) : String(list.error)} />}
      <Table<Row> rowKey="id" loading={list.isLoading} dataSource={list.data?.items ?? []} data-testid="survey-table" scroll={{ x: 'max-content' }}
        onRow={(r) => ({ onClick: () => setParams({ id: r.id }), style: { cursor: 'pointer' } })}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showTotal: (t) => L(`共 ${t} 份`, `${t} in all`) }}
        columns={[
          { title: L('问卷', 'Survey'), dataIndex: 'title' },
          { title: L('地区', 'Region'), dataIndex: 'regionName' },
          { title: L('状态', 'Status'), dataIndex: 'status', render: (s: SurveyStatus) => <Tag color={STATUS_COLOR[s]}>{M(STATUS_LABELS[s])}</Tag> },
          { title: L('题数', 'Questions'), dataIndex: 'questionCount', align: 'right', render: (n: number) => L(`${n} 题`, String(n)) },
          { title: L('答卷', 'Answers'), dataIndex: 'responses', align: 'right', render: (n: number) => L(`${n.toLocaleString('zh-CN')} 份`, n.toLocaleString('en')) },
          { title: L('截止日期', 'Closes'), dataIndex: 'closesOn', render: (d: string | null) => d ?? L('未设', '—') },
          { title: L('发布时间', 'Published'), dataIndex: 'publishedAt', render: (d: string | null) => (d ? shanghai(d) : '—') },
        ]} />
      {open && <SurveyDrawer id={open} manager={manager} onClose={() => setParams({})} onEdit={setBuilding} onOpen={(id) => setParams({ id })} />}
      {building && <Builder survey={building === 'new' ? null : building} onClose={() => setBuilding(null)} onSaved={(id) => { setBuilding(null); setParams({ id }); }} />}
    </Card>
  );
}

interface DraftQuestion { kind: QuestionKind; title: string; required: boolean; options?: string[]; maxChoices?: number; quotas?: { town: string; n: number }[] }

function Builder({ survey, onClose, onSaved }: { survey: Detail | null; onClose: () => void; onSaved: (id: string) => void }) {
  const { L, M } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const { me } = useSession();
  const [form] = Form.useForm();
  const towns = useQuery({ queryKey: ['survey-towns', me?.region.code], queryFn: () => get<{ items: { code: string; name: string }[] }>(`/api/regions?parent=${me?.region.code}`).catch(() => ({ items: [] })) });
  const initial = survey ? {
    title: survey.title, intro: survey.intro, closesOn: survey.closesOn ? dayjs(survey.closesOn) : undefined,
    questions: survey.questions.map((q): DraftQuestion => ({ kind: q.kind, title: q.title, required: q.required, maxChoices: q.maxChoices,
      options: q.kind === 'town' ? undefined : q.options?.map((o) => o.label), quotas: Object.entries(q.quotas ?? {}).map(([town, n]) => ({ town, n })) })),
  } : { questions: [{ kind: 'town', title: '您居住在哪个镇（街道）？', required: true }, { kind: 'scale', title: '您对“无废城市”建设成效的总体满意程度', required: true }] };
  const save = async (v: { title: string; intro?: string; closesOn?: dayjs.Dayjs; questions: DraftQuestion[] }) => {
    const body = {
      title: v.title, intro: v.intro || undefined, closesOn: v.closesOn ? v.closesOn.format('YYYY-MM-DD') : null,
      questions: v.questions.map((q) => ({
        kind: q.kind, title: q.title, required: !!q.required,
        ...(q.kind === 'single' || q.kind === 'multiple' ? { options: (q.options ?? []).filter(Boolean) } : {}),
        ...(q.kind === 'multiple' && q.maxChoices ? { maxChoices: q.maxChoices } : {}),
        ...(q.kind === 'town' && q.quotas?.length ? { quotas: Object.fromEntries(q.quotas.filter((x) => x?.town && x.n).map((x) => [x.town, x.n])) } : {}),
      })),
    };
    try {
      const saved = survey ? await api<{ id: string }>('PUT', `/api/surveys/${survey.id}`, body) : await post<{ id: string }>('/api/surveys', body);
      message.success(L('已保存草稿', 'Draft saved'));
      client.invalidateQueries({ queryKey: ['surveys'] });
      client.invalidateQueries({ queryKey: ['survey', saved.id] });
      onSaved(saved.id);
    } catch (e) {
      if (e instanceof ApiError) message.error(`${M(e.text)}${e.path ? `（${e.path}）` : ''}`);
    }
  };
  return (
    <Modal open width={760} title={survey ? L('修改草稿', 'Edit the draft') : L('新建问卷', 'New survey')} onCancel={onClose} onOk={() => form.submit()} okText={L('保存草稿', 'Save the draft')} okButtonProps={{ 'data-testid': 'survey-save' } as Record<string, string>}>
      <Form form={form} layout="vertical" initialValues={initial} onFinish={save} data-testid="survey-builder">
        <Form.Item name="title" label={L('问卷标题', 'Title')} rules={[{ required: true, min: 2 }]}><Input maxLength={100} data-testid="survey-title" /></Form.Item>
        <Form.Item name="intro" label={L('说明', 'Introduction')}><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
        <Form.Item name="closesOn" label={L('截止日期（可空）', 'Closes on (optional)')}><DatePicker /></Form.Item>
        <Form.List name="questions">
          {(fields, { add, remove }) => <>
            {fields.map((f, i) => (
              <Card key={f.key} size="small" style={{ marginBottom: 8 }} title={L(`第 ${i + 1} 题`, `Question ${i + 1}`)} extra={<Button size="small" icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={L('删除', 'Remove')} />}>
                <Space wrap align="start">
                  <Form.Item name={[f.name, 'kind']} label={L('题型', 'Kind')} rules={[{ required: true }]} style={{ width: 160 }}>
                    <Select data-testid={`q-kind-${i}`} options={(Object.keys(KIND_LABELS) as QuestionKind[]).map((k) => ({ value: k, label: M(KIND_LABELS[k]) }))} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'required']} valuePropName="checked" label={L('必答', 'Required')}><Checkbox /></Form.Item>
                </Space>
                <Form.Item name={[f.name, 'title']} label={L('题目', 'Question')} rules={[{ required: true, min: 2 }]}><Input maxLength={200} data-testid={`q-title-${i}`} /></Form.Item>
                <Form.Item noStyle shouldUpdate>
                  {() => {
                    const kind = form.getFieldValue(['questions', f.name, 'kind']) as QuestionKind;
                    if (kind === 'single' || kind === 'multiple') return <>
                      <Form.Item name={[f.name, 'options']} label={L('选项（每行一个）', 'Options (one a line)')} getValueFromEvent={(e) => String(e.target.value).split('\n')} getValueProps={(v) => ({ value: (v ?? []).join('\n') })}>
                        <Input.TextArea rows={4} data-testid={`q-options-${i}`} />
                      </Form.Item>
                      {kind === 'multiple' && <Form.Item name={[f.name, 'maxChoices']} label={L('最多可选（项）', 'At most (options)')}><InputNumber min={1} max={20} precision={0} /></Form.Item>}
                    </>;
                    if (kind === 'town') return <Form.List name={[f.name, 'quotas']}>
                      {(qf, qa) => <>
                        <Typography.Text type="secondary">{L('选项为本地区的各镇（街道）；可按镇（街道）设置样本配额（份），满额后不再收集该镇答卷。', 'The options are the towns of your region; a quota (answers) per town stops that town’s answers once full.')}</Typography.Text>
                        {qf.map((x) => <Space key={x.key} style={{ display: 'flex', marginTop: 4 }}>
                          <Form.Item name={[x.name, 'town']} noStyle><Select style={{ width: 180 }} showSearch optionFilterProp="label" options={(towns.data?.items ?? []).map((t) => ({ value: t.code, label: t.name }))} /></Form.Item>
                          <Form.Item name={[x.name, 'n']} noStyle><InputNumber min={1} precision={0} addonAfter={L('份', 'answers')} /></Form.Item>
                          <Button size="small" icon={<DeleteOutlined />} onClick={() => qa.remove(x.name)} />
                        </Space>)}
                        <Button size="small" type="dashed" style={{ marginTop: 4 }} onClick={() => qa.add()}>{L('添加配额', 'Add a quota')}</Button>
                      </>}
                    </Form.List>;
                    return null;
                  }}
                </Form.Item>
              </Card>
            ))}
            <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ kind: 'single', required: true, title: '' })} data-testid="q-add">{L('添加题目', 'Add a question')}</Button>
          </>}
        </Form.List>
      </Form>
    </Modal>
  );
}

function SurveyDrawer({ id, manager, onClose, onEdit, onOpen }: { id: string; manager: boolean; onClose: () => void; onEdit: (d: Detail) => void; onOpen: (id: string) => void }) {
  const { L, M } = useI18n();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const detail = useQuery({ queryKey: ['survey', id], queryFn: () => get<Detail>(`/api/surveys/${id}`) });
  const d = detail.data;
  const act = async (path: string, done: string, confirm?: string) => {
    const run = async () => {
      try {
        const r = await post<{ id: string }>(`/api/surveys/${id}/${path}`);
        message.success(done);
        client.invalidateQueries({ queryKey: ['surveys'] });
        client.invalidateQueries({ queryKey: ['survey', id] });
        if (path === 'copy') onOpen(r.id);
      } catch (e) { if (e instanceof ApiError) message.error(M(e.text)); }
    };
    if (confirm) modal.confirm({ title: confirm, onOk: run }); else await run();
  };
  const link = d ? `${window.location.origin}${d.link}` : '';
  return (
    <Drawer open width={Math.min(1000, window.innerWidth)} onClose={onClose} title={d?.title ?? L('问卷', 'Survey')} data-testid="survey-drawer"
      extra={d && manager && <Space wrap>
        {d.status === 'draft' && <Button onClick={() => onEdit(d)} data-testid="survey-edit">{L('修改', 'Edit')}</Button>}
        {d.status === 'draft' && <Button type="primary" data-testid="survey-publish" onClick={() => act('publish', L('已发布', 'Published'), L('发布后题目不能再修改，确定发布？', 'Once published its questions are frozen. Publish?'))}>{L('发布', 'Publish')}</Button>}
        {d.status === 'published' && <Button danger data-testid="survey-close" onClick={() => act('close', L('已结束', 'Closed'), L('结束后不再收集答卷，确定结束？', 'A closed survey takes no more answers. Close it?'))}>{L('结束', 'Close')}</Button>}
        {d.status !== 'draft' && <Button onClick={() => act('copy', L('已建立新版本草稿', 'New version drafted'))} data-testid="survey-copy">{L('新版本', 'New version')}</Button>}
      </Space>}>
      {detail.error && <Alert type="error" showIcon message={detail.error instanceof ApiError ? M(detail.error.text) : String(detail.error)} />}
      {d && <Tabs items={[
        { key: 'about', label: L('问卷', 'Survey'), children: <>
          <Descriptions size="small" column={1} bordered items={[
            { label: L('状态', 'Status'), children: <Tag color={STATUS_COLOR[d.status]} data-testid="survey-status">{M(STATUS_LABELS[d.status])}</Tag> },
            { label: L('地区', 'Region'), children: d.regionName },
            { label: L('答卷', 'Answers'), children: L(`${d.responses} 份`, String(d.responses)) },
            { label: L('截止日期', 'Closes'), children: d.closesOn ?? L('未设', '—') },
            ...(d.status !== 'draft' ? [{ label: L('填写链接', 'Link'), children: <Typography.Text copyable data-testid="survey-link">{link}</Typography.Text> }] : []),
          ]} />
          {d.status !== 'draft' && <div style={{ marginTop: 12, textAlign: 'center' }}>
            <img src={`/api/public/surveys/${d.id}/qr.svg`} alt={L('问卷二维码', 'The survey’s QR code')} width={180} height={180} data-testid="survey-qr" />
            <div><Typography.Text type="secondary">{L('扫码填写，可打印张贴', 'Scan to answer; print it for a notice board')}</Typography.Text></div>
          </div>}
          {d.intro && <Typography.Paragraph style={{ marginTop: 12 }}>{d.intro}</Typography.Paragraph>}
          <Table rowKey="key" size="small" pagination={false} dataSource={d.questions} columns={[
            { title: '#', key: 'n', width: 40, render: (_: unknown, __: SurveyQuestion, i: number) => i + 1 },
            { title: L('题目', 'Question'), dataIndex: 'title', render: (t: string, q) => <>{t}{q.required && <Typography.Text type="danger"> *</Typography.Text>}</> },
            { title: L('题型', 'Kind'), dataIndex: 'kind', render: (k: QuestionKind, q) => <>{M(KIND_LABELS[k])}{q.maxChoices ? L(`（最多${q.maxChoices}项）`, ` (≤ ${q.maxChoices})`) : ''}</> },
            { title: L('选项', 'Options'), key: 'o', render: (_: unknown, q) => (q.kind === 'town' ? L(`${q.options?.length ?? 0} 个镇（街道）${Object.keys(q.quotas ?? {}).length ? `，${Object.keys(q.quotas ?? {}).length} 个设配额` : ''}`, `${q.options?.length ?? 0} towns`) : (q.options ?? []).map((o) => o.label).join(' / ')) },
          ]} />
        </> },
        ...(d.status !== 'draft' ? [
          { key: 'results', label: L('结果', 'Results'), children: <ResultsView id={d.id} /> },
          { key: 'raw', label: L('答卷', 'Answers'), children: <RawAnswers survey={d} /> },
          { key: 'bind', label: L('指标绑定', 'Indicators'), children: <Bindings survey={d} manager={manager} /> },
        ] : []),
      ]} />}
    </Drawer>
  );
}

function ResultsView({ id }: { id: string }) {
  const { L, M } = useI18n();
  const results = useQuery({ queryKey: ['survey-results', id], queryFn: () => get<Results>(`/api/surveys/${id}/results`) });
  const [town, setTown] = useState<string | undefined>();
  const r = results.data;
  if (!r) return results.isLoading ? null : <Empty />;
  return <div data-testid="survey-results">
    <Typography.Paragraph>
      <Typography.Text strong data-testid="survey-n">{L(`样本量 n = ${r.n} 份`, `n = ${r.n} answers`)}</Typography.Text>
      <br /><Typography.Text type="secondary">{M(r.method)}</Typography.Text>
    </Typography.Paragraph>
    {r.towns.length > 0 && <Select allowClear placeholder={L('全部镇（街道）', 'Every town')} style={{ width: 200, marginBottom: 12 }} value={town} onChange={setTown}
      options={r.towns.map((t) => ({ value: t.regionCode, label: `${t.name}（${t.responses}${t.quota ? `/${t.quota}` : ''}）` }))} />}
    {r.questions.map((q, i) => {
      const view = town ? q.byTown.find((b) => b.regionCode === town) : q;
      return <Card key={q.key} size="small" style={{ marginBottom: 8 }} title={`${i + 1}. ${q.title}`} data-testid={`result-${q.key}`}
        extra={<Typography.Text type="secondary">{L(`n = ${view?.answered ?? 0}`, `n = ${view?.answered ?? 0}`)}{view?.mean != null ? L(`，平均 ${view.mean} 分`, `, mean ${view.mean}`) : ''}</Typography.Text>}>
        {q.kind === 'text' ? <Typography.Text type="secondary">{L('文字题：见“答卷”', 'Text: see the answers')}</Typography.Text>
          : q.kind === 'town' ? <Table size="small" rowKey="regionCode" pagination={false} dataSource={r.towns} columns={[
            { title: L('镇（街道）', 'Town'), dataIndex: 'name' },
            { title: L('答卷（份）', 'Answers'), dataIndex: 'responses', align: 'right' },
            { title: L('配额（份）', 'Quota'), dataIndex: 'quota', align: 'right', render: (v: number | null) => v ?? '—' },
          ]} />
          : <Table size="small" rowKey="key" pagination={false} dataSource={view?.options ?? []} columns={[
            { title: q.kind === 'scale' ? L('分值', 'Score') : L('选项', 'Option'), dataIndex: 'label' },
            { title: L('人数（份）', 'Count'), dataIndex: 'count', align: 'right' },
            { title: L('比例', 'Share'), dataIndex: 'share', align: 'right', render: (v: number | null) => pct(v) },
            { title: L('95%误差', '95 % margin'), dataIndex: 'margin', align: 'right', render: (v: number | null) => (v === null ? '—' : L(`±${v.toFixed(1)} 个百分点`, `±${v.toFixed(1)} pts`)) },
          ]} />}
      </Card>;
    })}
  </div>;
}

function RawAnswers({ survey }: { survey: Detail }) {
  const { L } = useI18n();
  const [page, setPage] = useState(1);
  const raw = useQuery({ queryKey: ['survey-raw', survey.id, page], queryFn: () => get<Page<Raw>>(`/api/surveys/${survey.id}/responses${qs({ page, pageSize: 20 })}`) });
  const label = (q: SurveyQuestion, v: Raw['answers'][string]) => {
    if (v === null || v === undefined) return '';
    const of = (k: string) => q.options?.find((o) => o.key === k)?.label ?? k;
    return Array.isArray(v) ? v.map(of).join('；') : typeof v === 'number' ? String(v) : q.kind === 'text' ? v : of(v);
  };
  return <>
    <Space style={{ marginBottom: 8 }}><Button icon={<DownloadOutlined />} href={`/api/surveys/${survey.id}/responses.xlsx`} data-testid="survey-export">{L('导出Excel（不含手机号和设备）', 'Excel (no phone, no device)')}</Button></Space>
    <Table<Raw> rowKey="id" size="small" loading={raw.isLoading} dataSource={raw.data?.items ?? []} scroll={{ x: 'max-content' }}
      pagination={{ current: page, pageSize: 20, total: raw.data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (t) => L(`共 ${t} 份`, `${t} in all`) }}
      columns={[
        { title: L('提交时间', 'Submitted'), dataIndex: 'submittedAt', render: (d: string) => shanghai(d) },
        { title: L('所在地', 'Place'), dataIndex: 'regionName' },
        ...survey.questions.filter((q) => q.kind !== 'town').map((q) => ({ title: q.title.length > 12 ? `${q.title.slice(0, 12)}…` : q.title, key: q.key, render: (_: unknown, r: Raw) => label(q, r.answers[q.key]) })),
      ]} />
  </>;
}

function Bindings({ survey, manager }: { survey: Detail; manager: boolean }) {
  const { L, M } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const rows = useQuery({ queryKey: ['survey-indicators'], queryFn: () => get<{ items: Bindable[] }>('/api/surveys/indicators'), enabled: manager });
  const questionKey = Form.useWatch('questionKey', form) as string | undefined;
  const question = survey.questions.find((q) => q.key === questionKey);
  const ruleText = (b: Binding) => {
    if (b.rule.kind === 'scale_at_least') return L(`${b.rule.min} 分及以上`, `${b.rule.min} or above`);
    const q = survey.questions.find((x) => x.key === b.questionKey);
    const options = b.rule.options;
    return options.map((o) => q?.options?.find((x) => x.key === o)?.label ?? o).join('、');
  };
  const bind = async (v: { questionKey: string; indicatorId: string; min?: number; options?: string[] }) => {
    const q = survey.questions.find((x) => x.key === v.questionKey);
    const rule = q?.kind === 'scale' ? { kind: 'scale_at_least', min: v.min ?? 4 } : { kind: 'options', options: v.options ?? [] };
    try {
      await post(`/api/surveys/${survey.id}/bindings`, { questionKey: v.questionKey, indicatorId: v.indicatorId, rule });
      message.success(L('已绑定：该指标的计算值已按答卷更新', 'Bound: the row is now computed from the answers'));
      client.invalidateQueries({ queryKey: ['survey', survey.id] });
      client.invalidateQueries({ queryKey: ['indicator-computation'] });
      form.resetFields();
    } catch (e) { if (e instanceof ApiError) message.error(M(e.text)); }
  };
  const end = async (b: Binding) => {
    try { await post(`/api/surveys/${survey.id}/bindings/${b.id}/end`); client.invalidateQueries({ queryKey: ['survey', survey.id] }); } catch (e) { if (e instanceof ApiError) message.error(M(e.text)); }
  };
  return <>
    <Table<Binding> rowKey="id" size="small" pagination={false} dataSource={survey.bindings} data-testid="survey-bindings" locale={{ emptyText: L('尚未绑定指标', 'Not bound to any row yet') }}
      columns={[
        { title: L('指标', 'Row'), key: 'i', render: (_: unknown, b) => <>{b.indicatorNo}. {b.indicatorName}<br /><Typography.Text type="secondary" style={{ fontSize: 12 }}>{b.planTitle}</Typography.Text></> },
        { title: L('题目', 'Question'), dataIndex: 'questionKey', render: (k: string) => survey.questions.find((q) => q.key === k)?.title ?? k },
        { title: L('计为正面', 'Counted as positive'), key: 'r', render: (_: unknown, b) => ruleText(b) },
        { title: L('当前计算值', 'Computed now'), key: 'c', render: (_: unknown, b) => <BoundValue indicatorId={b.indicatorId} no={b.indicatorNo} /> },
        ...(manager ? [{ title: '', key: 'x', render: (_: unknown, b: Binding) => <Button size="small" onClick={() => end(b)}>{L('解除', 'Unbind')}</Button> }] : []),
      ]} />
    {manager && <Form form={form} layout="vertical" style={{ marginTop: 16, maxWidth: 560 }} onFinish={bind} data-testid="survey-bind-form" initialValues={{ min: 4 }}>
      <Typography.Title level={5}>{L('绑定题目到指标', 'Bind a question to a row')}</Typography.Title>
      <Form.Item name="indicatorId" label={L('指标', 'Row of the plan')} rules={[{ required: true }]}>
        <Select data-testid="bind-indicator" options={(rows.data?.items ?? []).map((r) => ({ value: r.id, label: `${r.no}. ${r.name}（${M(SURVEY_FORMULAS[r.formula as keyof typeof SURVEY_FORMULAS] ?? { zh: r.formula, en: r.formula })}）` }))} />
      </Form.Item>
      <Form.Item name="questionKey" label={L('题目', 'Question')} rules={[{ required: true }]}>
        <Select data-testid="bind-question" options={survey.questions.filter((q) => q.kind === 'scale' || q.kind === 'single' || q.kind === 'multiple').map((q) => ({ value: q.key, label: `${q.title}（${M(KIND_LABELS[q.kind])}）` }))} />
      </Form.Item>
      {question?.kind === 'scale' && <Form.Item name="min" label={L('达到该分值及以上计为正面', 'Positive at or above')}><InputNumber min={1} max={5} precision={0} addonAfter={L('分', 'points')} data-testid="bind-min" /></Form.Item>}
      {(question?.kind === 'single' || question?.kind === 'multiple') && <Form.Item name="options" label={L('计为正面的选项', 'Options counted as positive')} rules={[{ required: true }]}>
        <Checkbox.Group options={(question.options ?? []).map((o) => ({ value: o.key, label: o.label }))} />
      </Form.Item>}
      <Button type="primary" htmlType="submit" data-testid="bind-submit">{L('绑定', 'Bind')}</Button>
    </Form>}
  </>;
}

interface Computation { value: number | null; missing: { zh: string; en: string } | null; inputs: { key: string; value: number | null }[] }

/** The bound row's value as the indicators page computes it, with n and the margin. */
function BoundValue({ indicatorId, no }: { indicatorId: string; no: number }) {
  const { L, M } = useI18n();
  const c = useQuery({ queryKey: ['indicator-computation', indicatorId], queryFn: () => get<Computation>(`/api/indicators/${indicatorId}/computation`) });
  if (!c.data) return null;
  const n = c.data.inputs.find((i) => i.key === 'answered')?.value;
  const margin = c.data.inputs.find((i) => i.key === 'margin')?.value;
  return <span data-testid={`bound-value-${no}`}>{c.data.value === null ? <Typography.Text type="secondary">{c.data.missing ? M(c.data.missing) : '—'}</Typography.Text>
    : <>{pct(c.data.value)}<br /><Typography.Text type="secondary" style={{ fontSize: 12 }}>{L(`n = ${n}，±${margin} 个百分点`, `n = ${n}, ±${margin} pts`)}</Typography.Text></>}</span>;
}
