import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Select, Space, Statistic, Table, Timeline, Typography } from 'antd';
import { ApiError, get, post, qs, type Page } from '../api';
import { shanghai, useI18n } from '../i18n';
import { useSession } from '../session';
import { UploadButton } from '../components/UploadButton';

interface ProjectRow {
  id: string; no: number; name: string; owner: string; content: string; place: string; period: string; category: string;
  investmentText: string; investmentWanYuan: number | null; funding: string; progress: string; latestUpdate: string | null; latestUpdateAt: string | null;
}
interface ProjectPage extends Page<ProjectRow> { investmentWanYuan: number; categories: string[] }
interface ProjectDetail extends ProjectRow { updates: { id: string; period: string; text: string; investedWanYuan: number | null; reportedAt: string }[] }

const wan = (n: number | null) => (n === null ? '—' : `${n.toLocaleString('zh-CN', { maximumFractionDigits: 2 })} 万元`);

/** 项目清单: the plan's projects, their investment (its total feeds the investment indicator) and progress notes. */
export default function ProjectsPage() {
  const { L } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const { may } = useSession();
  const office = may('projects.import');
  const [filter, setFilter] = useState<{ q?: string; category?: string }>({});
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string | null>(null);
  const list = useQuery({ queryKey: ['projects', filter, page], queryFn: () => get<ProjectPage>(`/api/projects${qs({ ...filter, page, pageSize: 20 })}`) });
  return (
    <Card title={L('项目清单', 'Projects')} extra={<Space wrap>
      <Input.Search placeholder={L('项目或建设单位', 'Project or owner')} allowClear onSearch={(q) => { setPage(1); setFilter((f) => ({ ...f, q })); }} style={{ width: 200 }} />
      <Select allowClear placeholder={L('类别', 'Category')} style={{ width: 180 }} value={filter.category} onChange={(category) => { setPage(1); setFilter((f) => ({ ...f, category })); }}
        options={(list.data?.categories ?? []).map((c) => ({ value: c, label: c }))} />
      <Button href={`/api/projects/export.xlsx${qs(filter)}`}>{L('导出项目清单', 'Export')}</Button>
      {office && <UploadButton url="/api/projects/import" label={L('导入项目清单', 'Import a project list')} onDone={(r) => { const x = r as { inserted: number; skipped: number }; message.success(L(`已导入 ${x.inserted} 个项目，跳过 ${x.skipped} 个已有序号`, `${x.inserted} imported, ${x.skipped} already there`)); client.invalidateQueries({ queryKey: ['projects'] }); }} />}
    </Space>}>
      <Space size={48} style={{ marginBottom: 16 }}>
        <Statistic title={L('项目数', 'Projects')} value={list.data?.total ?? 0} suffix={L('个', '')} />
        <Statistic title={L('计划总投资', 'Planned investment')} value={list.data?.investmentWanYuan ?? 0} precision={2} suffix="万元" data-testid="project-investment" />
      </Space>
      <Table<ProjectRow> rowKey="id" loading={list.isLoading} dataSource={list.data?.items ?? []} scroll={{ x: 'max-content' }} data-testid="project-table"
        onRow={(p) => ({ onClick: () => setOpen(p.id), style: { cursor: 'pointer' } })}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showTotal: (t) => L(`共 ${t} 个`, `${t} in all`) }}
        columns={[
          { title: L('序号', 'No.'), dataIndex: 'no' },
          { title: L('类别', 'Category'), dataIndex: 'category' },
          { title: L('项目名称', 'Project'), dataIndex: 'name', render: (t: string) => <span style={{ display: 'inline-block', maxWidth: 320, whiteSpace: 'normal' }}>{t}</span> },
          { title: L('建设单位', 'Owner'), dataIndex: 'owner', render: (t: string) => <span style={{ display: 'inline-block', maxWidth: 200, whiteSpace: 'normal' }}>{t}</span> },
          { title: L('建设期限', 'Period'), dataIndex: 'period' },
          { title: L('总投资', 'Investment'), dataIndex: 'investmentWanYuan', align: 'right', render: wan },
          { title: L('最新进展', 'Latest progress'), render: (_: unknown, p) => <span style={{ display: 'inline-block', maxWidth: 280, whiteSpace: 'normal' }}>{p.latestUpdate ?? p.progress}</span> },
        ]} />
      {open && <ProjectModal id={open} onClose={() => setOpen(null)} />}
    </Card>
  );
}

function ProjectModal({ id, onClose }: { id: string; onClose: () => void }) {
  const { L, M } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const project = useQuery({ queryKey: ['project', id], queryFn: () => get<ProjectDetail>(`/api/projects/${id}`) });
  const p = project.data;
  const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
  return (
    <Modal open title={p?.name} onCancel={onClose} footer={null} width={760} destroyOnHidden>
      {p && <Space direction="vertical" style={{ width: '100%' }}>
        <Descriptions size="small" column={2} bordered items={[
          { label: L('建设单位', 'Owner'), children: p.owner }, { label: L('建设地点', 'Place'), children: p.place },
          { label: L('建设期限', 'Period'), children: p.period }, { label: L('总投资', 'Investment'), children: `${wan(p.investmentWanYuan)}${p.investmentText && p.investmentText !== String(p.investmentWanYuan) ? `（原文：${p.investmentText}）` : ''}` },
          { label: L('资金来源', 'Funding'), children: p.funding }, { label: L('类别', 'Category'), children: p.category },
          { label: L('建设内容', 'Content'), children: p.content, span: 2 },
        ]} />
        <Typography.Title level={5}>{L('进展记录', 'Progress')}</Typography.Title>
        {p.updates.length === 0 && <Typography.Text type="secondary">{p.progress || L('尚无进展记录', 'No progress filed yet')}</Typography.Text>}
        <Timeline items={p.updates.map((u) => ({ children: <span data-testid="project-update">{u.period} · {u.text}{u.investedWanYuan !== null ? ` · ${L('累计完成投资', 'invested')} ${wan(u.investedWanYuan)}` : ''} <Typography.Text type="secondary">{shanghai(u.reportedAt)}</Typography.Text></span> }))} />
        <Form layout="vertical" initialValues={{ period: month }} onFinish={async (v) => {
          try {
            await post(`/api/projects/${id}/progress`, v);
            message.success(L('已报送', 'Filed'));
            client.invalidateQueries({ queryKey: ['project', id] });
            client.invalidateQueries({ queryKey: ['projects'] });
          } catch (e) { if (e instanceof ApiError) message.error(M(e.text)); }
        }}>
          <Space wrap>
            <Form.Item name="period" label={L('月份', 'Month')} rules={[{ required: true, pattern: /^\d{4}-(0[1-9]|1[0-2])$/ }]}><Input style={{ width: 110 }} /></Form.Item>
            <Form.Item name="investedWanYuan" label={L('累计完成投资（万元）', 'Invested so far (万元)')}><InputNumber min={0} style={{ width: 160 }} data-testid="project-invested" /></Form.Item>
          </Space>
          <Form.Item name="text" label={L('本月进展', 'Progress this month')} rules={[{ required: true, min: 2 }]}><Input.TextArea rows={3} data-testid="project-text" /></Form.Item>
          <Button type="primary" htmlType="submit" data-testid="project-submit">{L('报送进展', 'File progress')}</Button>
        </Form>
      </Space>}
    </Modal>
  );
}
