import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Input, InputNumber, Modal, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { ApiError, get, post } from '../api';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { checkTable, type CellProblem } from '../../domain/indicators/check';
import { COLUMN_ROLES } from '../../domain/indicators/columns';

export interface Mapping { index: number; header: string; role: string; year?: number }
/** The server's proposal for a row: the formula its name and unit point to, or none (reported). */
export interface Proposal { row: number; no: number; name: string; unit: string; formula: string | null; label: { zh: string; en: string } | null }
interface Formula { key: string; label: { zh: string; en: string }; method: { zh: string; en: string }; units: string }
interface Plan { id: string; title: string; regionCode: string; years: number[]; version: number; supersededAt: string | null }
export interface Preview { filename: string; headers: string[]; rows: string[][]; mapping: Mapping[]; baselineYear?: number; proposals?: Proposal[] }

const ROLE_LABEL: Record<(typeof COLUMN_ROLES)[number], [string, string]> = {
  no: ['序号', 'No.'], level1: ['一级指标/领域', 'Level 1 / area'], level2: ['二级指标', 'Level 2'], name: ['三级指标/指标名称', 'Indicator'], mark: ['必选/可选（★/☆）', 'Mandatory/optional'],
  unit: ['单位', 'Unit'], baseline: ['基准值/现状值', 'Baseline'], target: ['目标值', 'Target'], dataSource: ['数据来源', 'Data source'], lead: ['牵头部门', 'Lead unit'],
  responsible: ['责任/配合部门', 'Responsible units'], note: ['备注', 'Note'], ignore: ['忽略', 'Ignore'],
};
interface PreviewRow { key: number; cells: string[] }
/** The select's value for "not computed": the departments report the row. */
const REPORTED = '';

/** The columns as guessed, correctable, with the first rows and a formula per row; nothing is saved until the user confirms. */
export function ImportPreview({ preview, onClose, onDone }: { preview: Preview | null; onClose: () => void; onDone: (id: string) => void }) {
  return preview ? <PreviewModal preview={preview} onClose={onClose} onDone={onDone} /> : null;
}

function PreviewModal({ preview, onClose, onDone }: { preview: Preview; onClose: () => void; onDone: (id: string) => void }) {
  const { L, M, lang } = useI18n();
  const { me } = useSession();
  const { message } = App.useApp();
  const [mapping, setMapping] = useState<Mapping[]>(preview.mapping);
  const [title, setTitle] = useState('');
  const [baselineYear, setBaselineYear] = useState(preview.baselineYear ?? 2020);
  const proposals = preview.proposals ?? [];
  const [chosen, setChosen] = useState<Record<number, string | null>>(() => Object.fromEntries(proposals.map((p) => [p.no, p.formula])));
  // The current plan a 409 PLAN_EXISTS names: the office may replace it with this import.
  const [existing, setExisting] = useState<{ plans: Plan[]; text: { zh: string; en: string } } | null>(null);
  const [busy, setBusy] = useState(false);
  const formulas = useQuery({ queryKey: ['indicator-formulas'], queryFn: () => get<{ items: Formula[] }>('/api/indicators/formulas') });

  const problems = checkTable(preview.rows, mapping);
  const errors = problems.filter((p) => p.level === 'error');
  const at = new Map<string, CellProblem>(problems.map((p) => [`${p.row}:${p.column}`, p]));
  const where = (p: CellProblem) => (p.row < 0 ? L(`“${preview.headers[p.column ?? 0] ?? ''}”列`, `column "${preview.headers[p.column ?? 0] ?? ''}"`) : L(`第 ${p.row + 1} 行“${preview.headers[p.column ?? 0] ?? ''}”`, `row ${p.row + 1}, "${preview.headers[p.column ?? 0] ?? ''}"`));
  const proposalAt = new Map(proposals.map((p) => [p.row, p]));
  const years = [...new Set(mapping.filter((m) => m.role === 'target' && m.year).map((m) => m.year!))];
  const computed = Object.values(chosen).filter(Boolean).length;

  const submit = async (replaces?: string) => {
    setBusy(true);
    try {
      const plan = await post<{ id: string; version: number }>('/api/indicators/plans', {
        regionCode: me!.region.code, title: title || preview.filename.replace(/\.\w+$/, ''), source: preview.filename, baselineYear,
        headers: preview.headers, rows: preview.rows, mapping, formulas: Object.fromEntries(Object.entries(chosen).map(([no, key]) => [no, key || null])), ...(replaces ? { replaces } : {}),
      });
      message.success(plan.version > 1 ? L(`已导入，为第 ${plan.version} 版`, `Imported as version ${plan.version}`) : L('已导入', 'Imported'));
      onDone(plan.id);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'PLAN_EXISTS') {
        const plans = (await get<{ items: Plan[] }>('/api/indicators/plans')).items
          .filter((p) => p.regionCode === me!.region.code && !p.supersededAt && p.years.some((y) => years.includes(y)));
        setExisting({ plans, text: e.text });
      } else if (e instanceof ApiError) message.error(M(e.text));
    } finally { setBusy(false); }
  };

  const formulaOptions = (unit: string) => [
    { value: REPORTED, label: L('不计算（填报）', 'Not computed (reported)') },
    ...(formulas.data?.items ?? []).map((f) => {
      const fits = new RegExp(f.units).test(unit);
      return { value: f.key, disabled: !fits, label: <Tooltip title={fits ? M(f.method) : L(`该公式不能给出单位“${unit || '无'}”`, `This formula cannot give the unit "${unit || 'none'}"`)}>{M(f.label).split(/\s*=\s*/)[0]}</Tooltip> };
    }),
  ];

  return (
    <Modal open title={L(`导入预览：${preview.filename}（${preview.rows.length} 行）`, `Preview: ${preview.filename} (${preview.rows.length} rows)`)} width={1200} onCancel={onClose}
      onOk={() => submit()} confirmLoading={busy} okText={L('确认导入', 'Import')} okButtonProps={{ 'data-testid': 'indicator-import-confirm', disabled: errors.length > 0 } as never}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <Input style={{ width: 360 }} placeholder={L('指标体系名称', 'Plan title')} value={title} onChange={(e) => setTitle(e.target.value)} data-testid="indicator-title" />
          <span>{L('基准年', 'Base year')} <InputNumber min={2000} max={2100} value={baselineYear} onChange={(y) => setBaselineYear(y ?? 2020)} data-testid="indicator-baseline-year" /></span>
        </Space>
        <Typography.Text type="secondary">
          {L('请核对每一列的含义，必要时修改；原始单元格内容全部保留。“计算公式”列为平台按指标名称和单位建议的计算方式，可改为其他公式或“不计算（填报）”。',
            'Check what each column means and correct it; every cell’s original text is kept. The formula column is what the platform proposes from each indicator’s name and unit: choose another formula or “not computed (reported)”.')}
          {' '}<Tag color="blue" data-testid="indicator-computed-count">{L(`平台计算 ${computed} 项`, `${computed} computed`)}</Tag>
        </Typography.Text>
        {existing && <Alert type="warning" showIcon data-testid="indicator-plan-exists" message={M(existing.text)}
          description={<Space direction="vertical">
            {existing.plans.map((p) => <Space key={p.id} wrap>
              <span>{L(`现行：${p.title}（第 ${p.version} 版，目标年份 ${p.years.join('、')}）`, `Current: ${p.title} (version ${p.version}, target years ${p.years.join(', ')})`)}</span>
              <Button danger size="small" loading={busy} onClick={() => submit(p.id)} data-testid="indicator-replace">{L('替换现有指标体系', 'Replace the current plan')}</Button>
            </Space>)}
            <Typography.Text type="secondary">{L('替换后，原指标体系及其填报数据保留可查，标记为“已被替换”；新导入的为其下一版本。', 'The current plan and its values stay readable, marked superseded; this import becomes its next version.')}</Typography.Text>
          </Space>} />}
        {problems.length > 0 && <Alert type={errors.length ? 'error' : 'warning'} showIcon data-testid="indicator-problems"
          message={L(`${errors.length} 处错误须更正后才能导入，${problems.length - errors.length} 处提示`, `${errors.length} errors to correct before importing, ${problems.length - errors.length} notes`)}
          description={<ul style={{ margin: 0, paddingLeft: 18, maxHeight: 120, overflow: 'auto' }}>{[...errors, ...problems.filter((p) => p.level === 'warning')].slice(0, 50).map((p, i) => <li key={i}>{where(p)}：{M(p.message)}</li>)}</ul>} />}
        <Table<PreviewRow> size="small" pagination={{ pageSize: 8 }} scroll={{ x: 'max-content' }} dataSource={preview.rows.map((r, i) => ({ key: i, cells: r }))}
          columns={[
            {
              key: 'formula', fixed: 'left' as const, width: 230, title: L('计算公式', 'Formula'),
              render: (_v: unknown, row: PreviewRow) => {
                const p = proposalAt.get(row.key);
                if (!p) return null;
                return <Select size="small" style={{ width: 210 }} value={chosen[p.no] ?? REPORTED} data-testid={`indicator-formula-${p.no}`} popupMatchSelectWidth={false}
                  onChange={(key: string) => setChosen({ ...chosen, [p.no]: key || null })} options={formulaOptions(p.unit)}
                  labelRender={({ value }) => (value === REPORTED ? L('不计算（填报）', 'Reported') : `${value === p.formula ? L('建议：', 'Proposed: ') : ''}${M(formulas.data?.items.find((f) => f.key === value)?.label ?? p.label ?? { zh: String(value), en: String(value) }).split(/\s*=\s*/)[0]}`)} />;
              },
            },
            ...preview.headers.map((h, i) => ({
              key: String(i),
              title: <Space direction="vertical" size={2}>
                <span>{h}</span>
                <Select size="small" style={{ width: 130 }} value={mapping[i]?.role} popupMatchSelectWidth={false} onChange={(role) => setMapping(mapping.map((m) => (m.index === i ? { ...m, role } : m)))}
                  options={COLUMN_ROLES.map((r) => ({ value: r, label: lang === 'zh' ? ROLE_LABEL[r][0] : ROLE_LABEL[r][1] }))} />
                {mapping[i]?.role === 'target' && <InputNumber size="small" value={mapping[i]?.year} placeholder={L('年份', 'Year')} onChange={(y) => setMapping(mapping.map((m) => (m.index === i ? { ...m, year: y ?? undefined } : m)))} />}
              </Space>,
              render: (_v: unknown, row: PreviewRow) => {
                const problem = at.get(`${row.key}:${i}`);
                const border = problem ? `2px solid ${problem.level === 'error' ? '#ff4d4f' : '#faad14'}` : undefined;
                const cell = <span style={{ whiteSpace: 'pre-wrap', outline: border, display: 'inline-block', minWidth: 20, minHeight: 16 }} data-problem={problem?.level}>{row.cells[i]}</span>;
                return problem ? <Tooltip title={M(problem.message)}>{cell}</Tooltip> : cell;
              },
            })),
          ]} />
      </Space>
    </Modal>
  );
}
