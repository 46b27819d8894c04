import { useMemo, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Form, Grid, Input, InputNumber, List, Modal, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { ApiError, api, get, post, qs } from '../api';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { RegionPicker } from '../components/RegionPicker';
import { UploadButton } from '../components/UploadButton';
import { ImportPreview, type Mapping } from '../components/IndicatorImport';
import { DownOutlined, UpOutlined } from '@ant-design/icons';
import { IndicatorComputation } from '../components/IndicatorComputation';
import { shanghaiYear } from '../../domain/labels';
import { formatValue, indicatorUnit } from '../../domain/format';
import { counts, filterChoices, viewRows, SOURCE_LABELS, STATUS_ORDER, type RowFilter, type RowSort, type Source } from '../../domain/indicators/view';
import { splitUnits } from '../../domain/tasks/units';

interface Plan { id: string; title: string; regionCode: string; baselineYear: number; years: number[]; indicatorCount: number }
export interface Row { id: string; no: number; level1: string; level2: string; name: string; mark: string | null; unit: string; baselineText: string; targets: { year: number; text: string }[]; lead: string; responsible: string; formula: string | null; formulaLabel: { zh: string; en: string } | null; source: Source; qualitative: boolean;
  latest: { year: number; value: number; numerator: number | null; denominator: number | null; origin: string } | null; status: string; explanation: { reason: { zh: string; en: string }; expected?: number; ratio?: number } }

export const STATUS: Record<string, [string, string, string]> = {
  achieved: ['已达标', 'Achieved', 'green'], on_track: ['按进度推进', 'On track', 'blue'], at_risk: ['存在风险', 'At risk', 'orange'],
  off_track: ['进度滞后', 'Off track', 'red'], no_data: ['暂无数据', 'No data', 'default'], awaiting_assessment: ['待评估', 'Awaiting assessment', 'purple'],
};

/** 指标体系: the jurisdiction's table with each indicator's latest value, its source and status. */
export default function IndicatorsPage() {
  const { L, M, lang } = useI18n();
  const { me, may } = useSession();
  const { message } = App.useApp();
  const client = useQueryClient();
  const phone = !Grid.useBreakpoint().md;
  const plans = useQuery({ queryKey: ['indicator-plans'], queryFn: () => get<{ items: Plan[] }>('/api/indicators/plans') });
  const [planId, setPlanId] = useState<string>();
  const current = planId ?? plans.data?.items[0]?.id;
  const year = shanghaiYear();
  const [asOf, setAsOf] = useState(year);
  const status = useQuery({ queryKey: ['indicator-status', current, asOf], queryFn: () => get<{ plan: Plan; regionCode: string; rows: Row[] }>(`/api/indicators/plans/${current}${qs({ year: asOf })}`), enabled: !!current });
  const [importing, setImporting] = useState<{ filename: string; headers: string[]; rows: string[][]; mapping: Mapping[] } | null>(null);
  const [reporting, setReporting] = useState<Row | null>(null);
  const [computing, setComputing] = useState<Row | null>(null);
  const [filter, setFilter] = useState<RowFilter>({});
  const [sort, setSort] = useState<RowSort>({ by: 'no', order: 'ascend' });
  const [more, setMore] = useState(false);
  const rows = useMemo(() => status.data?.rows ?? [], [status.data]);
  const shown = useMemo(() => viewRows(rows, filter, sort), [rows, filter, sort]);
  const actions: RowActions = { onCompute: setComputing, onReport: setReporting };
  return (
    <Card title={L('指标体系', 'Indicators')} styles={{ body: { padding: phone ? 12 : undefined } }}>
      <Flex wrap gap={8} style={{ marginBottom: 12 }}>
        <Select style={{ width: phone ? '100%' : 320 }} value={current} onChange={(id) => { setPlanId(id); setFilter({}); }} options={(plans.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.title}（${p.indicatorCount}）` }))} placeholder={L('选择指标体系', 'Choose a plan')} />
        <Select value={asOf} onChange={setAsOf} options={[year - 2, year - 1, year].map((y) => ({ value: y, label: `${y}` }))} />
        {phone && <Button onClick={() => setMore(!more)} icon={more ? <UpOutlined /> : <DownOutlined />} iconPlacement="end">{L('导出与导入', 'Export and import')}</Button>}
      </Flex>
      {/* On a phone the exports and imports wait behind one button, so the indicators come first. */}
      <Flex wrap gap={8} style={{ marginBottom: 12, display: phone && !more ? 'none' : undefined }}>
        {current && <Button href={`/api/indicators/plans/${current}/export.xlsx${qs({ year: asOf })}`}>{L('导出Excel（附件格式）', 'Export (annex layout)')}</Button>}
        {current && may('indicators.reportValues') && <Tooltip title={L('表头：序号、区划代码、年份、月份、数值、分子、分母、说明；全部行校验通过才写入', 'Header: 序号, 区划代码, 年份, 月份, 数值, 分子, 分母, 说明; saved only when every row checks out')}>
          <span><UploadButton url={`/api/indicators/plans/${current}/values/import`} label={L('批量填报（Excel）', 'Report values (Excel)')}
            onDone={(r) => { const x = r as { inserted: number; status: string }; message.success(L(`已导入 ${x.inserted} 条${x.status === 'approved' ? '' : '，待无废办审核'}`, `${x.inserted} values imported${x.status === 'approved' ? '' : ', awaiting the office'}`)); client.invalidateQueries({ queryKey: ['indicator-status'] }); }} /></span>
        </Tooltip>}
        {current && <Button href={`/api/indicators/plans/${current}/assessment.xlsx${qs({ year: asOf })}`} data-testid="assessment-report">{L(`${asOf}年度评估报告`, `${asOf} assessment report`)}</Button>}
        {may('indicators.import') && <>
          <input id="indicator-file" type="file" accept=".xlsx,.csv" hidden onChange={async (e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (!file) return;
            const form = new FormData();
            form.append('file', file);
            try { setImporting(await api('POST', '/api/indicators/preview', form)); } catch (err) { if (err instanceof ApiError) message.error(M(err.text)); }
          }} />
          <Button type="primary" onClick={() => document.getElementById('indicator-file')?.click()} data-testid="indicator-import">{L('导入指标表（Excel）', 'Import a table (Excel)')}</Button>
        </>}
      </Flex>
      {!plans.isLoading && !plans.data?.items.length && <Alert type="info" showIcon message={L('尚未导入指标体系', 'No indicator plan imported yet')} />}
      {status.error && <Alert type="error" showIcon message={status.error instanceof ApiError ? M(status.error.text) : String(status.error)} />}
      {status.data && <>
        <Summary rows={rows} filter={filter} onFilter={setFilter} />
        <Filters rows={rows} filter={filter} onFilter={setFilter} sort={sort} onSort={setSort} phone={phone} shown={shown.length} />
        {phone
          ? <IndicatorCards rows={shown} actions={actions} />
          : <IndicatorTable rows={shown} plan={status.data.plan} sort={sort} onSort={setSort} actions={actions} />}
      </>}
      {computing && status.data && <IndicatorComputation indicatorId={computing.id} regionCode={status.data.regionCode} year={asOf} unit={indicatorUnit(computing)} onClose={() => setComputing(null)} />}
      <ImportPreview preview={importing} onClose={() => setImporting(null)} onDone={(id) => { setImporting(null); setPlanId(id); client.invalidateQueries({ queryKey: ['indicator-plans'] }); }} />
      <Modal open={!!reporting} title={reporting?.name} onCancel={() => setReporting(null)} footer={null} destroyOnHidden>
        <Form layout="vertical" initialValues={{ year: asOf, regionCode: me?.region.code }} onFinish={async (v) => {
          try {
            const r = await post<{ status: string }>(`/api/indicators/${reporting!.id}/values`, { ...v, evidence: v.evidence ? [{ name: v.evidence }] : [] });
            message.success(r.status === 'approved' ? L('已填报并生效', 'Reported and approved') : L('已填报，待无废办审核', 'Reported; awaiting the office'));
            setReporting(null); client.invalidateQueries({ queryKey: ['indicator-status'] });
          } catch (e) { if (e instanceof ApiError) message.error(M(e.text)); }
        }}>
          <Form.Item name="regionCode" label={L('区划', 'Region')} rules={[{ required: true }]}><RegionPicker /></Form.Item>
          <Form.Item name="year" label={L('年份', 'Year')} rules={[{ required: true }]}><InputNumber min={2000} max={2100} /></Form.Item>
          {reporting?.qualitative ? <>
            <Form.Item name="verdict" label={L('评估结论', 'Verdict')} rules={[{ required: true }]}><Select data-testid="indicator-verdict" options={['achieved', 'on_track', 'at_risk', 'off_track'].map((v) => ({ value: v, label: lang === 'zh' ? STATUS[v][0] : STATUS[v][1] }))} /></Form.Item>
            <Form.Item name="note" label={L('评估依据', 'Reason')} rules={[{ required: true, min: 2 }]}><Input.TextArea rows={3} data-testid="indicator-verdict-note" /></Form.Item>
          </> : <>
            <Form.Item name="value" label={`${L('数值', 'Value')}（${reporting?.unit ?? ''}）`} rules={[{ required: true }]}><InputNumber style={{ width: '100%' }} /></Form.Item>
            <Space><Form.Item name="numerator" label={L('分子', 'Numerator')}><InputNumber /></Form.Item><Form.Item name="denominator" label={L('分母', 'Denominator')}><InputNumber /></Form.Item></Space>
          </>}
          <Form.Item name="evidence" label={L('佐证材料名称', 'Evidence')}><Input /></Form.Item>
          <Button type="primary" htmlType="submit">{L('提交', 'Submit')}</Button>
        </Form>
      </Modal>
    </Card>
  );
}

export interface RowActions { onCompute: (r: Row) => void; onReport: (r: Row) => void }

const SOURCE_COLOR: Record<Source, string> = { computed: 'geekblue', reported: 'default', qualitative: 'purple' };

function StatusTag({ status }: { status: string }) {
  const { lang } = useI18n();
  return <Tag color={STATUS[status]?.[2]} data-testid="indicator-status">{lang === 'zh' ? STATUS[status]?.[0] : STATUS[status]?.[1]}</Tag>;
}

function SourceTag({ row }: { row: Row }) {
  const { M } = useI18n();
  const tag = <Tag color={SOURCE_COLOR[row.source]} bordered={false} data-testid="indicator-source">{M(SOURCE_LABELS[row.source])}</Tag>;
  return row.formulaLabel ? <Tooltip title={M(row.formulaLabel)}>{tag}</Tooltip> : tag;
}

/**
 * The latest value in the indicator's unit. A computed one opens how it was computed (its inputs and
 * records); a reported one says so and offers the report form, and a row whose target is in words offers
 * the verdict form, computed or not.
 */
function ValueCell({ row, actions }: { row: Row; actions: RowActions }) {
  const { L, lang } = useI18n();
  const unit = indicatorUnit(row);
  const text = row.latest ? formatValue(row.latest.value, unit, lang) : '';
  const computed = row.latest?.origin === 'computed';
  return (
    <Space direction="vertical" size={0}>
      {row.source === 'computed'
        ? <a onClick={() => actions.onCompute(row)} data-testid="indicator-value" data-no={row.no} style={{ fontWeight: 600 }}>{text || L('查看计算', 'How it is computed')}</a>
        : <span data-testid="indicator-value" data-no={row.no} style={{ fontWeight: text ? 600 : undefined }}>{text || '—'}</span>}
      {row.latest && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{row.latest.year}{L('年', '')} · {computed ? L('平台计算', 'computed') : L('部门填报', 'reported')}</Typography.Text>}
      {(row.source !== 'computed' || row.qualitative) && <a onClick={() => actions.onReport(row)} style={{ fontSize: 12 }} data-testid="indicator-report">{row.qualitative ? L('填报评估', 'Assess') : L('填报', 'Report')}</a>}
    </Space>
  );
}

/** How many rows the platform computes, departments report and people assess; and how many in each status. Each count filters. */
function Summary({ rows, filter, onFilter }: { rows: Row[]; filter: RowFilter; onFilter: (f: RowFilter) => void }) {
  const { L, M, lang } = useI18n();
  const c = counts(rows);
  return (
    <Space wrap size={[8, 8]} style={{ marginBottom: 12 }} data-testid="indicator-counts">
      {(Object.keys(SOURCE_LABELS) as Source[]).map((s) => (
        <Tag.CheckableTag key={s} checked={filter.source === s} onChange={(on) => onFilter({ ...filter, source: on ? s : undefined })} data-testid={`indicator-count-${s}`}>
          {M(SOURCE_LABELS[s])} <b>{c.bySource[s]}</b>
        </Tag.CheckableTag>
      ))}
      <Typography.Text type="secondary">|</Typography.Text>
      {STATUS_ORDER.filter((s) => c.byStatus[s]).map((s) => (
        <Tag.CheckableTag key={s} checked={!!filter.statuses?.includes(s)} data-testid={`indicator-count-${s}`}
          onChange={(on) => onFilter({ ...filter, statuses: on ? [...(filter.statuses ?? []), s] : filter.statuses?.filter((x) => x !== s) })}>
          {lang === 'zh' ? STATUS[s][0] : STATUS[s][1]} <b>{c.byStatus[s]}</b>
        </Tag.CheckableTag>
      ))}
      <Typography.Text type="secondary">{L(`共 ${rows.length} 项`, `${rows.length} in all`)}</Typography.Text>
    </Space>
  );
}

const SORTS: { by: RowSort['by']; zh: string; en: string }[] = [
  { by: 'no', zh: '序号', en: 'No.' }, { by: 'status', zh: '状态（滞后在前）', en: 'Status (behind first)' },
  { by: 'level1', zh: '一级指标', en: 'Area' }, { by: 'responsible', zh: '责任单位', en: 'Responsible' },
];

function Filters({ rows, filter, onFilter, sort, onSort, phone, shown }: { rows: Row[]; filter: RowFilter; onFilter: (f: RowFilter) => void; sort: RowSort; onSort: (s: RowSort) => void; phone: boolean; shown: number }) {
  const { L, lang } = useI18n();
  const choices = useMemo(() => filterChoices(rows), [rows]);
  // On a phone two controls share a line; the search box has one to itself.
  const wide = (w: number) => ({ width: phone ? 'calc(50% - 4px)' : w });
  const active = Object.values(filter).some((v) => (Array.isArray(v) ? v.length : v));
  return (
    <Flex wrap gap={8} style={{ marginBottom: 12 }} data-testid="indicator-filters">
      <Input.Search allowClear placeholder={L('指标名称或序号', 'Name or number')} style={{ width: phone ? '100%' : 200 }} value={filter.text} onChange={(e) => onFilter({ ...filter, text: e.target.value })} data-testid="indicator-search" />
      <Select mode="multiple" allowClear placeholder={L('状态', 'Status')} style={wide(220)} value={filter.statuses ?? []} onChange={(v) => onFilter({ ...filter, statuses: v })} data-testid="indicator-filter-status"
        options={STATUS_ORDER.map((s) => ({ value: s, label: lang === 'zh' ? STATUS[s][0] : STATUS[s][1] }))} />
      <Select allowClear placeholder={L('一级指标', 'Area')} style={wide(180)} value={filter.level1} onChange={(v) => onFilter({ ...filter, level1: v })} data-testid="indicator-filter-level1"
        options={choices.level1.map((l) => ({ value: l, label: l }))} />
      <Select allowClear showSearch placeholder={L('责任单位', 'Responsible department')} style={wide(240)} value={filter.department} onChange={(v) => onFilter({ ...filter, department: v })} data-testid="indicator-filter-department"
        options={choices.departments.map((d) => ({ value: d.name, label: `${d.name}（${d.count}）` }))} />
      {phone && <Select style={wide(0)} value={`${sort.by}:${sort.order}`} onChange={(v) => { const [by, order] = v.split(':'); onSort({ by: by as RowSort['by'], order: order as RowSort['order'] }); }} data-testid="indicator-sort"
        options={SORTS.flatMap((s) => [{ value: `${s.by}:ascend`, label: `${L('排序', 'Sort')}：${lang === 'zh' ? s.zh : s.en}` }, ...(s.by === 'no' ? [] : [{ value: `${s.by}:descend`, label: `${L('排序', 'Sort')}：${lang === 'zh' ? s.zh : s.en} ↓` }])])} />}
      {active && <Button onClick={() => onFilter({})}>{L(`清除筛选（显示 ${shown} 项）`, `Clear filters (${shown} shown)`)}</Button>}
    </Flex>
  );
}

/**
 * The desktop table: 序号 and name fixed on the left, value and status fixed on the right, so that
 * scrolling to the targets and departments never loses which indicator a row is or where it stands.
 */
function IndicatorTable({ rows, plan, sort, onSort, actions }: { rows: Row[]; plan: Plan; sort: RowSort; onSort: (s: RowSort) => void; actions: RowActions }) {
  const { L, M } = useI18n();
  const sorted = (by: RowSort['by']) => ({ sorter: true, sortOrder: sort.by === by ? sort.order : null, sortDirections: ['ascend', 'descend'] as ('ascend' | 'descend')[] });
  const columns: TableColumnsType<Row> = [
    { title: L('序号', 'No.'), dataIndex: 'no', key: 'no', width: 64, fixed: 'left', ...sorted('no') },
    { title: L('三级指标', 'Indicator'), dataIndex: 'name', key: 'name', width: 260, fixed: 'left', render: (n: string, r) => (
      <Space direction="vertical" size={2}>
        <span data-testid="indicator-name">{n}{r.mark === 'mandatory' ? '★' : r.mark === 'optional' ? '☆' : ''}</span>
        <SourceTag row={r} />
      </Space>
    ) },
    { title: L('状态说明', 'Why this status'), key: 'reason', width: 280, render: (_v, r) => <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="indicator-reason">{M(r.explanation.reason)}</Typography.Text> },
    { title: L('一级指标', 'Area'), dataIndex: 'level1', key: 'level1', width: 140, ...sorted('level1') },
    { title: L('二级指标', 'Level 2'), dataIndex: 'level2', width: 130 },
    { title: L('单位', 'Unit'), key: 'unit', width: 80, render: (_v, r) => indicatorUnit(r) },
    { title: L(`${plan.baselineYear}基准值`, `${plan.baselineYear} baseline`), dataIndex: 'baselineText', width: 130 },
    ...plan.years.map((y) => ({ title: L(`${y}目标`, `${y} target`), key: `t${y}`, width: 130, render: (_v: unknown, r: Row) => r.targets.find((t) => t.year === y)?.text ?? '' })),
    { title: L('责任单位', 'Responsible'), dataIndex: 'responsible', key: 'responsible', width: 240, ...sorted('responsible'), render: (_v, r) => <Departments row={r} /> },
    { title: L('最新值', 'Latest'), key: 'latest', width: 150, fixed: 'right', align: 'right', render: (_v, r) => <ValueCell row={r} actions={actions} /> },
    { title: L('状态', 'Status'), dataIndex: 'status', key: 'status', width: 120, fixed: 'right', ...sorted('status'), render: (s: string) => <StatusTag status={s} /> },
  ];
  return (
    <Table<Row> rowKey="id" size="small" pagination={false} dataSource={rows} columns={columns} scroll={{ x: 'max-content' }} sticky data-testid="indicator-table"
      onChange={(_p, _f, s) => {
        const one = Array.isArray(s) ? s[0] : s;
        onSort(one?.order && one.columnKey ? { by: one.columnKey as RowSort['by'], order: one.order } : { by: 'no', order: 'ascend' });
      }} />
  );
}

/** The departments in charge, the lead ones (牵头) marked where the table names them apart. */
function Departments({ row, inline }: { row: Row; inline?: boolean }) {
  const { L } = useI18n();
  const lead = splitUnits(row.lead);
  const others = splitUnits(row.responsible).filter((u) => !lead.includes(u));
  return (
    <span data-testid="indicator-departments">
      {lead.length > 0 && <><Tag color="blue" style={{ marginInlineEnd: 4 }} data-testid="indicator-lead">{L('牵头', 'Lead')}</Tag>{lead.join('、')}{others.length > 0 && (inline ? '；' : <br />)}</>}
      {others.join('、')}
    </span>
  );
}

/** The phone layout: one card per indicator, name, value and status first, the reason beneath. */
export function IndicatorCards({ rows, actions }: { rows: Row[]; actions: RowActions }) {
  const { L, M } = useI18n();
  return (
    <List<Row> dataSource={rows} data-testid="indicator-cards" locale={{ emptyText: L('没有符合条件的指标', 'No indicator matches') }} renderItem={(r) => (
      <List.Item key={r.id} data-testid="indicator-card" style={{ display: 'block', padding: '10px 0' }}>
        <Typography.Text strong data-testid="indicator-name">{r.no}. {r.name}{r.mark === 'mandatory' ? '★' : r.mark === 'optional' ? '☆' : ''}</Typography.Text>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'flex-start', gap: 8, marginTop: 6 }}>
          <ValueCell row={r} actions={actions} />
          <Space size={4} wrap style={{ justifyContent: 'flex-end' }}><SourceTag row={r} /><StatusTag status={r.status} /></Space>
        </div>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '6px 0 0' }}>
          {M(r.explanation.reason)}
          <br />{r.targets.filter((t) => t.text && t.text !== '/').map((t) => `${t.year}${L('目标', ' target')} ${t.text}`).join(' · ')}
          {r.responsible && r.responsible !== '/' && <><br />{L('责任单位', 'Responsible')}：<Departments row={r} inline /></>}
        </Typography.Paragraph>
      </List.Item>
    )} />
  );
}
