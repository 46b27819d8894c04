import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Modal, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { ApiError, api, get, post, qs, type Page } from '../api';
import { shanghai, useI18n } from '../i18n';
import { useSession } from '../session';
import { ARTICLE_KINDS, ARTICLE_STATES, DATASET_LICENCES, datasetSlug, type ArticleKind, type ArticleState } from '../../domain/portal';

// 信息公开 in the office's console: its articles (write, publish, withdraw with a reason) and the datasets it
// publishes as open data. What is published shows on the public portal (/public) at once.

interface Article { id: string; regionCode: string; kind: ArticleKind; title: string; summary: string; issuer: string; documentNo: string; state: ArticleState; publishedOn: string | null; updatedAt: string; withdrawReason?: string | null }
interface ArticleFull extends Article { body: string; attachments: { name: string }[] }
interface Dataset { id: string; regionCode: string; dataset: string; slug: string; title: string; publisher: string; licence: string; frequency: string; publishedAt: string; withdrawnAt: string | null; withdrawReason: string | null }
interface DatasetKind { key: string; title: { zh: string; en: string }; description: { zh: string; en: string } }

const STATE_COLOURS: Record<ArticleState, string> = { draft: 'default', published: 'green', withdrawn: 'red' };

function useFailure() {
  const { message } = App.useApp();
  const { M } = useI18n();
  return (e: unknown) => message.error(e instanceof ApiError ? M(e.text) : String(e));
}

export default function PortalAdminPage() {
  const { L } = useI18n();
  const { me } = useSession();
  const region = me?.region.code ?? '';
  return (
    <Card data-testid="portal-admin" title={L('信息公开', 'Public portal')} extra={<Link to={`/public?region=${region.slice(0, 6)}`} target="_blank">{L('查看公众门户', 'Open the public portal')}</Link>}>
      <Tabs items={[
        { key: 'articles', label: L('政策与动态', 'Articles'), children: <Articles /> },
        { key: 'datasets', label: L('开放数据', 'Open data'), children: <Datasets region={region} /> },
      ]} />
    </Card>
  );
}

function Articles() {
  const { L, lang } = useI18n();
  const fail = useFailure();
  const client = useQueryClient();
  const { modal } = App.useApp();
  const [page, setPage] = useState(1);
  const [state, setState] = useState<ArticleState | undefined>();
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const list = useQuery({ queryKey: ['portal-articles', page, state], queryFn: () => get<Page<Article>>(`/api/portal/articles${qs({ page, pageSize: 20, state })}`) });
  const refresh = () => client.invalidateQueries({ queryKey: ['portal-articles'] });
  const publish = async (a: Article) => { try { await post(`/api/portal/articles/${a.id}/publish`); refresh(); } catch (e) { fail(e); } };
  const withdraw = (a: Article) => {
    let reason = '';
    modal.confirm({
      title: L(`撤回“${a.title}”`, `Withdraw “${a.title}”`),
      content: <Input.TextArea data-testid="withdraw-reason" placeholder={L('撤回原因（公众看不到，记入审计日志）', 'Why (kept in the audit log)')} onChange={(e) => { reason = e.target.value; }} />,
      onOk: async () => { try { await post(`/api/portal/articles/${a.id}/withdraw`, { reason }); refresh(); } catch (e) { fail(e); throw e; } },
    });
  };
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Button type="primary" onClick={() => setEditing('new')} data-testid="article-new">{L('新建稿件', 'New article')}</Button>
        <Select allowClear placeholder={L('状态', 'State')} style={{ width: 140 }} value={state} onChange={(v) => { setState(v); setPage(1); }}
          options={(Object.keys(ARTICLE_STATES) as ArticleState[]).map((s) => ({ value: s, label: ARTICLE_STATES[s][lang] }))} />
      </Space>
      {list.error && <Alert type="error" showIcon message={String(list.error)} />}
      <Table<Article> rowKey="id" size="small" loading={list.isLoading} dataSource={list.data?.items ?? []} scroll={{ x: 900 }} data-testid="article-table"
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showTotal: (t) => L(`共 ${t} 篇`, `${t} in all`) }}
        columns={[
          { title: L('标题', 'Title'), dataIndex: 'title' },
          { title: L('类别', 'Kind'), dataIndex: 'kind', width: 100, render: (k: ArticleKind) => ARTICLE_KINDS.find((x) => x.value === k)?.[lang] },
          { title: L('文号', 'Number'), dataIndex: 'documentNo', width: 160 },
          { title: L('日期', 'Date'), dataIndex: 'publishedOn', width: 110 },
          { title: L('状态', 'State'), dataIndex: 'state', width: 100, render: (s: ArticleState, a) => <Tag color={STATE_COLOURS[s]} title={a.withdrawReason ?? undefined}>{ARTICLE_STATES[s][lang]}</Tag> },
          { title: L('更新', 'Updated'), dataIndex: 'updatedAt', width: 150, render: (d: string) => shanghai(d) },
          {
            title: '', key: 'actions', width: 180, render: (_: unknown, a) => (
              <Space size={4}>
                {a.state !== 'withdrawn' && <Button size="small" onClick={() => setEditing(a.id)}>{L('编辑', 'Edit')}</Button>}
                {a.state === 'draft' && <Button size="small" type="primary" onClick={() => publish(a)} data-testid="article-publish">{L('发布', 'Publish')}</Button>}
                {a.state === 'published' && <Button size="small" danger onClick={() => withdraw(a)} data-testid="article-withdraw">{L('撤回', 'Withdraw')}</Button>}
              </Space>
            ),
          },
        ]} />
      {editing && <ArticleForm id={editing === 'new' ? null : editing} onClose={() => { setEditing(null); refresh(); }} />}
    </>
  );
}

function ArticleForm({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { L, lang } = useI18n();
  const fail = useFailure();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const existing = useQuery({ queryKey: ['portal-article', id], enabled: !!id, queryFn: () => get<ArticleFull>(`/api/portal/articles/${id}`) });
  const kind = Form.useWatch('kind', form) as ArticleKind | undefined;
  const loaded = !id || existing.data;
  const save = async () => {
    const v = await form.validateFields();
    const body = {
      kind: v.kind, title: v.title, summary: v.summary || undefined, body: v.body || undefined, issuer: v.issuer || undefined, documentNo: v.documentNo || undefined,
      attachments: (v.attachments as string | undefined)?.split('\n').map((s) => s.trim()).filter(Boolean).map((name) => ({ name })),
    };
    setBusy(true);
    try {
      if (id) await api('PATCH', `/api/portal/articles/${id}`, body);
      else await post('/api/portal/articles', body);
      onClose();
    } catch (e) { fail(e); } finally { setBusy(false); }
  };
  return (
    <Modal open title={id ? L('编辑稿件', 'Edit the article') : L('新建稿件', 'New article')} onCancel={onClose} onOk={save} confirmLoading={busy} width={720} destroyOnHidden
      okButtonProps={{ 'data-testid': 'article-save' } as React.ComponentProps<typeof Button>} okText={L('保存', 'Save')}>
      {loaded && (
        <Form form={form} layout="vertical" initialValues={existing.data ? { ...existing.data, attachments: existing.data.attachments.map((a) => a.name).join('\n') } : { kind: 'news' }}>
          <Form.Item name="kind" label={L('类别', 'Kind')} rules={[{ required: true }]}>
            <Select data-testid="article-kind" options={ARTICLE_KINDS.map((k) => ({ value: k.value, label: k[lang] }))} />
          </Form.Item>
          <Form.Item name="title" label={L('标题', 'Title')} rules={[{ required: true, min: 2, message: L('标题至少2个字', 'Two characters at least') }]}>
            <Input data-testid="article-title" maxLength={120} />
          </Form.Item>
          {(kind === 'policy' || kind === 'plan') && (
            <Space wrap style={{ width: '100%' }}>
              <Form.Item name="issuer" label={L('发文机关', 'Issued by')} rules={[{ required: true, message: L('政策文件和建设方案须填写发文机关', 'A policy or plan names its issuing body') }]}><Input style={{ width: 300 }} maxLength={100} /></Form.Item>
              <Form.Item name="documentNo" label={L('文号', 'Number')}><Input style={{ width: 220 }} maxLength={60} placeholder="临政字〔2023〕32号" /></Form.Item>
            </Space>
          )}
          <Form.Item name="summary" label={L('摘要', 'Summary')}><Input maxLength={500} /></Form.Item>
          <Form.Item name="body" label={L('正文', 'Text')}><Input.TextArea data-testid="article-body" rows={8} maxLength={50_000} /></Form.Item>
          <Form.Item name="attachments" label={L('附件（每行一个文件名）', 'Attachments (one file name a line)')}><Input.TextArea rows={2} /></Form.Item>
          <Typography.Text type="secondary">{L('保存为草稿；发布后公众即可在门户看到。', 'Saved as a draft; once published, the public sees it on the portal.')}</Typography.Text>
        </Form>
      )}
    </Modal>
  );
}

function Datasets({ region }: { region: string }) {
  const { L, lang } = useI18n();
  const fail = useFailure();
  const client = useQueryClient();
  const { modal } = App.useApp();
  const kinds = useQuery({ queryKey: ['portal-dataset-kinds'], queryFn: () => get<{ items: DatasetKind[] }>('/api/portal/dataset-kinds') });
  const list = useQuery({ queryKey: ['portal-datasets'], queryFn: () => get<Page<Dataset>>('/api/portal/datasets?pageSize=100') });
  const refresh = () => client.invalidateQueries({ queryKey: ['portal-datasets'] });
  const [publisher, setPublisher] = useState('');
  const [licence, setLicence] = useState<string>('CC-BY-4.0');
  const published = (key: string) => list.data?.items.find((d) => d.slug === datasetSlug(region, key));
  const publish = async (key: string) => {
    try { await post('/api/portal/datasets', { dataset: key, publisher, licence }); refresh(); } catch (e) { fail(e); }
  };
  const withdraw = (d: Dataset) => {
    let reason = '';
    modal.confirm({
      title: L(`停止发布“${d.title}”`, `Stop publishing “${d.title}”`),
      content: <Input.TextArea placeholder={L('原因', 'Why')} onChange={(e) => { reason = e.target.value; }} />,
      onOk: async () => { try { await post(`/api/portal/datasets/${d.id}/withdraw`, { reason }); refresh(); } catch (e) { fail(e); throw e; } },
    });
  };
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input style={{ width: 320 }} placeholder={L('发布单位（如：临清市无废城市建设工作领导小组办公室）', 'Publisher')} value={publisher} onChange={(e) => setPublisher(e.target.value)} data-testid="dataset-publisher" />
        <Select style={{ width: 260 }} value={licence} onChange={setLicence} options={DATASET_LICENCES.map((l) => ({ value: l.value, label: l[lang] }))} />
      </Space>
      <Table<DatasetKind> rowKey="key" size="small" loading={kinds.isLoading || list.isLoading} dataSource={kinds.data?.items ?? []} pagination={false} scroll={{ x: 800 }} data-testid="dataset-table"
        columns={[
          { title: L('数据集', 'Dataset'), key: 'title', render: (_: unknown, k) => <Space direction="vertical" size={0}><span>{k.title[lang]}</span><Typography.Text type="secondary" style={{ fontSize: 12 }}>{k.description[lang]}</Typography.Text></Space> },
          { title: L('地址', 'Address'), key: 'slug', width: 260, render: (_: unknown, k) => { const d = published(k.key); return d && !d.withdrawnAt ? <a href={`/api/public/open-data/${d.slug}`} target="_blank" rel="noreferrer">{d.slug}</a> : <Typography.Text type="secondary">{datasetSlug(region, k.key)}</Typography.Text>; } },
          { title: L('状态', 'State'), key: 'state', width: 170, render: (_: unknown, k) => { const d = published(k.key); return !d ? <Tag>{L('未发布', 'Not published')}</Tag> : d.withdrawnAt ? <Tag color="red" title={d.withdrawReason ?? ''}>{L('已撤回', 'Withdrawn')}</Tag> : <Tag color="green">{L(`已发布 ${shanghai(d.publishedAt, false)}`, `Published ${shanghai(d.publishedAt, false)}`)}</Tag>; } },
          { title: '', key: 'actions', width: 120, render: (_: unknown, k) => { const d = published(k.key); return d && !d.withdrawnAt ? <Button size="small" danger onClick={() => withdraw(d)}>{L('停止发布', 'Withdraw')}</Button> : <Button size="small" type="primary" disabled={!publisher.trim()} onClick={() => publish(k.key)} data-testid={`dataset-publish-${k.key}`}>{L('发布', 'Publish')}</Button>; } },
        ]} />
    </>
  );
}
