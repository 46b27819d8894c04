import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { Alert, Breadcrumb, Button, Descriptions, Drawer, Grid, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { ApiError, get, qs, type Message } from '../api';
import { shanghai, useI18n } from '../i18n';
import { formatNumber, formatValue } from '../../domain/format';

// What the server answers about one computed value (GET /api/indicators/:id/computation): the method in
// words, the period, each input with its figure, and the same computation for each area one level down.
export type InputKind = 'ledger' | 'manifests' | 'declarations' | 'registry' | 'statistics' | 'plan' | 'weighbridge' | 'survey';
export interface Computation {
  indicator: { id: string; no: number; name: string; unit: string };
  regionCode: string; regionName: string; year: number;
  period: { from: string; to: string };
  formula: { key: string; label: Message; method: Message };
  inputs: { key: string; kind: InputKind; label: Message; unit: string; value: number | null; note: Message | null }[];
  numerator: number; denominator: number | null; value: number | null;
  missing: Message | null;
  breakdown: { regionCode: string; name: string; numerator: number; denominator: number | null; value: number | null }[];
  hasRecords: boolean;
}

// The records a value counted (GET /api/indicators/:id/records), a page at a time.
export interface RecordColumn { key: string; label: Message; kind?: 'text' | 'number' | 'date' | 'tonnes' }
export interface RecordPage { columns: RecordColumn[]; items: { id: string; href: string | null; cells: Record<string, string | number | null> }[]; total: number; page: number; pageSize: number }

const KIND: Record<InputKind, [string, string, string]> = {
  ledger: ['台账', 'Ledger', 'blue'], manifests: ['联单', 'Manifests', 'geekblue'], declarations: ['申报', 'Declarations', 'cyan'],
  registry: ['登记', 'Registry', 'purple'], statistics: ['统计数据', 'Statistics', 'gold'], plan: ['指标体系', 'Plan', 'default'], weighbridge: ['地磅', 'Weighbridges', 'green'], survey: ['问卷', 'Survey', 'magenta'],
};

const PAGE_SIZE = 20;

/**
 * 计算过程: a computed value opened down to its records. The region can be narrowed through the
 * breakdown (a city to a county, a county to a town) and widened again through the breadcrumb.
 */
export function IndicatorComputation({ indicatorId, regionCode, year, unit: planUnit, onClose }: {
  indicatorId: string; regionCode: string; year: number;
  /** the unit the plan page read for the row (from its targets when the plan has no unit column) */
  unit: string;
  onClose: () => void;
}) {
  const { L, M, lang } = useI18n();
  const phone = !Grid.useBreakpoint().md;
  const [trail, setTrail] = useState<{ regionCode: string; name: string }[]>([]);
  const region = trail.at(-1)?.regionCode ?? regionCode;
  const [page, setPage] = useState(1);
  const params = { regionCode: region, year };
  const computation = useQuery({ queryKey: ['indicator-computation', indicatorId, region, year], queryFn: () => get<Computation>(`/api/indicators/${indicatorId}/computation${qs(params)}`) });
  const c = computation.data;
  const records = useQuery({
    queryKey: ['indicator-records', indicatorId, region, year, page],
    queryFn: () => get<RecordPage>(`/api/indicators/${indicatorId}/records${qs({ ...params, page, pageSize: PAGE_SIZE })}`),
    enabled: !!c?.hasRecords,
  });
  const unit = c?.indicator.unit || planUnit;
  const figure = (v: number | null) => (v === null ? '—' : formatNumber(v, ''));
  const open = (code: string, name: string) => { setPage(1); setTrail((t) => [...t, { regionCode: code, name }]); };
  const back = (depth: number) => { setPage(1); setTrail((t) => t.slice(0, depth)); };
  const error = computation.error ?? records.error;

  return (
    <Drawer open onClose={onClose} width={phone ? '100%' : Math.min(960, window.innerWidth)} destroyOnHidden
      title={c ? `${c.indicator.no}. ${c.indicator.name}` : L('计算过程', 'How it is computed')}>
      {error && <Alert type="error" showIcon message={error instanceof ApiError ? M(error.text) : String(error)} style={{ marginBottom: 12 }} />}
      {c && <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="computation">
        {trail.length > 0 && <Breadcrumb items={[{ title: <a onClick={() => back(0)}>{L('本辖区', 'Whole area')}</a> },
          ...trail.map((t, i) => ({ title: i === trail.length - 1 ? t.name : <a onClick={() => back(i + 1)}>{t.name}</a> }))]} />}
        <Descriptions column={phone ? 1 : 2} size="small" bordered>
          <Descriptions.Item label={L('区域', 'Area')}>{c.regionName}（{c.regionCode}）</Descriptions.Item>
          <Descriptions.Item label={L('统计期', 'Period')}><span data-testid="computation-period">{c.period.from} {L('至', 'to')} {c.period.to}</span></Descriptions.Item>
          <Descriptions.Item label={L('计算结果', 'Value')}><Typography.Text strong data-testid="computation-value">{c.value === null ? L('暂无数据', 'No data') : formatValue(c.value, unit, lang)}</Typography.Text></Descriptions.Item>
          <Descriptions.Item label={L('分子 / 分母', 'Numerator / denominator')}>{c.denominator === null ? figure(c.numerator) : `${figure(c.numerator)} / ${figure(c.denominator)}`}</Descriptions.Item>
        </Descriptions>
        {c.missing && <Alert type="warning" showIcon message={M(c.missing)} data-testid="computation-missing" />}

        <div data-testid="computation-method">
          <Typography.Title level={5}>{L('计算方法', 'Method')}</Typography.Title>
          <Typography.Paragraph strong>{M(c.formula.label)}</Typography.Paragraph>
          <Typography.Paragraph>{M(c.formula.method)}</Typography.Paragraph>
        </div>

        <div>
          <Typography.Title level={5}>{L('输入数据', 'Inputs')}</Typography.Title>
          <Table rowKey="key" size="small" pagination={false} dataSource={c.inputs} data-testid="computation-inputs" columns={[
            { title: L('输入', 'Input'), key: 'label', render: (_v, i) => <>{M(i.label)}{i.note && <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>{M(i.note)}</Typography.Text>}</> },
            { title: L('来源', 'Source'), dataIndex: 'kind', width: 96, render: (k: InputKind) => <Tag color={KIND[k]?.[2]}>{lang === 'zh' ? KIND[k]?.[0] : KIND[k]?.[1]}</Tag> },
            { title: L('数值', 'Figure'), key: 'value', align: 'right', width: 150, render: (_v, i) => (i.value === null ? <Typography.Text type="secondary">{L('缺', 'missing')}</Typography.Text> : formatValue(i.value, i.unit, lang)) },
          ]} />
        </div>

        {c.breakdown.length > 0 && <div>
          <Typography.Title level={5}>{L('下级区域', 'By area one level down')}</Typography.Title>
          <Table rowKey="regionCode" size="small" pagination={false} dataSource={c.breakdown} data-testid="computation-breakdown" scroll={{ x: 'max-content' }} columns={[
            { title: L('区域', 'Area'), dataIndex: 'name', render: (n: string, b) => <a onClick={() => open(b.regionCode, n)}>{n}</a> },
            { title: L('分子', 'Numerator'), dataIndex: 'numerator', align: 'right', render: figure },
            { title: L('分母', 'Denominator'), dataIndex: 'denominator', align: 'right', render: figure },
            { title: L('数值', 'Value'), dataIndex: 'value', align: 'right', render: (v: number | null) => (v === null ? '—' : formatValue(v, unit, lang)) },
          ]} />
        </div>}

        {c.hasRecords && <div>
          <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
            <Typography.Title level={5} style={{ margin: 0 }}>{L('计入的记录', 'Records counted')}{records.data ? L(`（${records.data.total} 条）`, ` (${records.data.total})`) : ''}</Typography.Title>
            <Button icon={<DownloadOutlined />} href={`/api/indicators/${indicatorId}/records.xlsx${qs(params)}`} data-testid="computation-export">{L('导出Excel', 'Export to Excel')}</Button>
          </Space>
          <Table rowKey="id" size="small" loading={records.isLoading} dataSource={records.data?.items ?? []} data-testid="computation-records" scroll={{ x: 'max-content' }} style={{ marginTop: 8 }}
            pagination={{ current: page, pageSize: PAGE_SIZE, total: records.data?.total ?? 0, showSizeChanger: false, onChange: setPage, showTotal: (t) => L(`共 ${t} 条`, `${t} in all`) }}
            columns={(records.data?.columns ?? []).map((col, index) => ({
              title: M(col.label), key: col.key, align: col.kind === 'number' || col.kind === 'tonnes' ? 'right' as const : undefined,
              render: (_v: unknown, r: RecordPage['items'][number]) => {
                const text = cell(r.cells[col.key] ?? null, col.kind, lang);
                return index === 0 && r.href ? <Link to={r.href} data-testid="computation-record-link">{text || L('查看', 'Open')}</Link> : text;
              },
            }))} />
        </div>}
      </Space>}
    </Drawer>
  );
}

/** One cell of a record as its column's kind reads: weights in tonnes, instants in Beijing time. */
function cell(value: string | number | null, kind: RecordColumn['kind'], lang: 'zh' | 'en'): string {
  if (value === null || value === '') return '';
  if (kind === 'tonnes') return formatValue(Number(value), '吨', lang);
  if (kind === 'number') return formatNumber(Number(value), '');
  // A date stays as written; an instant (with a time) is shown in Asia/Shanghai.
  if (kind === 'date' && typeof value === 'string' && value.includes('T')) return shanghai(value);
  return String(value);
}
