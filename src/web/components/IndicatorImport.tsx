import { useState } from 'react';
import { Alert, App, Input, InputNumber, Modal, Select, Space, Table, Tooltip, Typography } from 'antd';
import { ApiError, post } from '../api';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { checkTable, type CellProblem } from '../../domain/indicators/check';

export interface Mapping { index: number; header: string; role: string; year?: number }

const ROLES = ['no', 'level1', 'level2', 'name', 'unit', 'baseline', 'target', 'dataSource', 'responsible', 'note', 'ignore'];
const ROLE_LABEL: Record<string, [string, string]> = { no: ['序号', 'No.'], level1: ['一级指标', 'Level 1'], level2: ['二级指标', 'Level 2'], name: ['三级指标', 'Indicator'], unit: ['单位', 'Unit'], baseline: ['基准值', 'Baseline'], target: ['目标值', 'Target'], dataSource: ['数据来源', 'Data source'], responsible: ['责任单位', 'Responsible'], note: ['备注', 'Note'], ignore: ['忽略', 'Ignore'] };

/** The columns as guessed, correctable, with the first rows; nothing is saved until the user confirms. */
export function ImportPreview({ preview, onClose, onDone }: { preview: { filename: string; headers: string[]; rows: string[][]; mapping: Mapping[] } | null; onClose: () => void; onDone: (id: string) => void }) {
  const { L, M, lang } = useI18n();
  const { me } = useSession();
  const { message } = App.useApp();
  const [mapping, setMapping] = useState<Mapping[] | null>(null);
  const [title, setTitle] = useState('');
  if (!preview) return null;
  const map = mapping ?? preview.mapping;
  const problems = checkTable(preview.rows, map);
  const errors = problems.filter((p) => p.level === 'error');
  const at = new Map<string, CellProblem>(problems.map((p) => [`${p.row}:${p.column}`, p]));
  const where = (p: CellProblem) => (p.row < 0 ? L(`“${preview.headers[p.column ?? 0] ?? ''}”列`, `column "${preview.headers[p.column ?? 0] ?? ''}"`) : L(`第 ${p.row + 1} 行“${preview.headers[p.column ?? 0] ?? ''}”`, `row ${p.row + 1}, "${preview.headers[p.column ?? 0] ?? ''}"`));
  return (
    <Modal open title={L(`导入预览：${preview.filename}（${preview.rows.length} 行）`, `Preview: ${preview.filename} (${preview.rows.length} rows)`)} width={1100} onCancel={() => { setMapping(null); onClose(); }} onOk={async () => {
      try {
        const plan = await post<{ id: string }>('/api/indicators/plans', { regionCode: me!.region.code, title: title || preview.filename.replace(/\.\w+$/, ''), source: preview.filename, baselineYear: 2020, headers: preview.headers, rows: preview.rows, mapping: map });
        message.success(L('已导入', 'Imported'));
        setMapping(null);
        onDone(plan.id);
      } catch (e) { if (e instanceof ApiError) message.error(M(e.text)); }
    }} okText={L('确认导入', 'Import')} okButtonProps={{ 'data-testid': 'indicator-import-confirm', disabled: errors.length > 0 } as never}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Input placeholder={L('指标体系名称', 'Plan title')} value={title} onChange={(e) => setTitle(e.target.value)} data-testid="indicator-title" />
        <Typography.Text type="secondary">{L('请核对每一列的含义，必要时修改；原始单元格内容全部保留。', 'Check what each column means and correct it; every cell’s original text is kept.')}</Typography.Text>
        {problems.length > 0 && <Alert type={errors.length ? 'error' : 'warning'} showIcon data-testid="indicator-problems"
          message={L(`${errors.length} 处错误须更正后才能导入，${problems.length - errors.length} 处提示`, `${errors.length} errors to correct before importing, ${problems.length - errors.length} notes`)}
          description={<ul style={{ margin: 0, paddingLeft: 18, maxHeight: 120, overflow: 'auto' }}>{[...errors, ...problems.filter((p) => p.level === 'warning')].slice(0, 50).map((p, i) => <li key={i}>{where(p)}：{M(p.message)}</li>)}</ul>} />}
        <Table size="small" pagination={{ pageSize: 8 }} scroll={{ x: 'max-content' }} dataSource={preview.rows.map((r, i) => ({ key: i, cells: r }))}
          columns={preview.headers.map((h, i) => ({
            key: String(i),
            title: <Space direction="vertical" size={2}>
              <span>{h}</span>
              <Select size="small" style={{ width: 110 }} value={map[i]?.role} onChange={(role) => setMapping(map.map((m) => (m.index === i ? { ...m, role } : m)))}
                options={ROLES.map((r) => ({ value: r, label: lang === 'zh' ? ROLE_LABEL[r][0] : ROLE_LABEL[r][1] }))} />
              {map[i]?.role === 'target' && <InputNumber size="small" value={map[i]?.year} placeholder={L('年份', 'Year')} onChange={(y) => setMapping(map.map((m) => (m.index === i ? { ...m, year: y ?? undefined } : m)))} />}
            </Space>,
            render: (_v: unknown, row: { key: number; cells: string[] }) => {
              const problem = at.get(`${row.key}:${i}`);
              const border = problem ? `2px solid ${problem.level === 'error' ? '#ff4d4f' : '#faad14'}` : undefined;
              const cell = <span style={{ whiteSpace: 'pre-wrap', outline: border, display: 'inline-block', minWidth: 20, minHeight: 16 }} data-problem={problem?.level}>{row.cells[i]}</span>;
              return problem ? <Tooltip title={M(problem.message)}>{cell}</Tooltip> : cell;
            },
          }))} />
      </Space>
    </Modal>
  );
}
