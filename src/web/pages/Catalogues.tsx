import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Select, Space, Table, Tabs, Tag, Checkbox } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { get, qs } from '../api';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { UploadButton } from '../components/UploadButton';
import { HAZARD_CHARACTERISTICS } from '../../domain/enums';

interface Catalogue { catalogue: string; zh: string; en: string; versions: { id: string; label: string; isCurrent: boolean; entryCount: number; importedAt: string }[] }
interface Entry { code: string; name: string; category: string; categoryName: string; industry: string; description: string; hazard: string[] }
interface EntryPage { items: Entry[]; total: number; version: { id: string; label: string }; categories: { category: string; categoryName: string }[] }

function CatalogueTab({ c }: { c: Catalogue }) {
  const { L, M, lang } = useI18n();
  const { can } = useSession();
  const { modal } = App.useApp();
  const client = useQueryClient();
  const [filter, setFilter] = useState<Record<string, string>>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [versionId, setVersionId] = useState<string | undefined>(c.versions.find((v) => v.isCurrent)?.id);
  const [label, setLabel] = useState('');
  const [makeCurrent, setMakeCurrent] = useState(true);
  const params = { ...filter, versionId };
  const query = useQuery({ queryKey: ['catalogue', c.catalogue, params, page, pageSize], queryFn: () => get<EntryPage>(`/api/catalogues/${c.catalogue}/entries${qs({ ...params, page, pageSize })}`), enabled: c.versions.length > 0 });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select style={{ width: 260 }} value={versionId} onChange={setVersionId} options={c.versions.map((v) => ({ value: v.id, label: `${v.label}${v.isCurrent ? L('（现行）', ' (current)') : ''} · ${v.entryCount}` }))} />
        <Form layout="inline" onFinish={(v) => { setPage(1); setFilter(Object.fromEntries(Object.entries(v).filter(([, x]) => x)) as Record<string, string>); }}>
          <Form.Item name="q"><Input placeholder={L('代码或名称', 'Code or name')} allowClear data-testid="catalogue-search" /></Form.Item>
          <Form.Item name="category"><Select allowClear placeholder={L('类别', 'Category')} style={{ width: 220 }} options={(query.data?.categories ?? []).map((x) => ({ value: x.category, label: `${x.category} ${x.categoryName}` }))} /></Form.Item>
          <Button htmlType="submit" type="primary">{L('查询', 'Search')}</Button>
        </Form>
        <Button icon={<DownloadOutlined />} href={`/api/catalogues/${c.catalogue}/entries/export.xlsx${qs(params)}`}>{L('导出Excel', 'Export to Excel')}</Button>
        {can('catalogues.import') && <Space>
          <Input placeholder={L('新版本名称', 'New version label')} value={label} onChange={(e) => setLabel(e.target.value)} style={{ width: 160 }} />
          <Checkbox checked={makeCurrent} onChange={(e) => setMakeCurrent(e.target.checked)}>{L('设为现行', 'Make current')}</Checkbox>
          <UploadButton url={`/api/catalogues/${c.catalogue}/import`} fields={{ label, makeCurrent: String(makeCurrent) }} label={L('导入新版本', 'Import a version')} onDone={(r) => {
            const res = r as { entryCount: number; problems: { message: { zh: string; en: string } }[] };
            modal.info({ title: L(`已导入 ${res.entryCount} 条`, `${res.entryCount} entries imported`), content: res.problems.slice(0, 20).map((p, i) => <div key={i}>{M(p.message)}</div>) });
            client.invalidateQueries({ queryKey: ['catalogues'] });
          }} />
        </Space>}
      </Space>
      <Table<Entry> rowKey="code" size="small" loading={query.isLoading} dataSource={query.data?.items ?? []} scroll={{ x: 'max-content' }}
        pagination={{ current: page, pageSize, total: query.data?.total ?? 0, showSizeChanger: true, onChange: (p, s) => { setPage(p); setPageSize(s); } }}
        columns={[
          { title: L('类别', 'Category'), dataIndex: 'category', render: (x: string, e) => (x ? `${x} ${e.categoryName}` : '') },
          { title: L('行业来源', 'Industry'), dataIndex: 'industry' },
          { title: L('代码', 'Code'), dataIndex: 'code' },
          { title: L('名称/描述', 'Name'), dataIndex: 'name', render: (n: string, e) => <span style={{ whiteSpace: 'normal', display: 'inline-block', maxWidth: 520 }}>{e.description || n}</span> },
          { title: L('危险特性', 'Hazard'), dataIndex: 'hazard', render: (h: string[]) => h.map((x) => <Tag key={x} color="volcano">{HAZARD_CHARACTERISTICS.label(x, lang)}（{x}）</Tag>) },
        ]} />
    </Space>
  );
}

export default function CataloguesPage() {
  const { L, lang } = useI18n();
  const query = useQuery({ queryKey: ['catalogues'], queryFn: () => get<Catalogue[]>('/api/catalogues') });
  return (
    <Card title={L('废物名录', 'Waste catalogues')} loading={query.isLoading}>
      <Tabs items={(query.data ?? []).map((c) => ({ key: c.catalogue, label: lang === 'zh' ? c.zh : c.en, children: <CatalogueTab c={c} /> }))} />
    </Card>
  );
}
