import { useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, MinusCircleOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { ApiError, api, get, post, qs, type Issue, type Page } from '../api';
import { shanghai, useI18n, type Lang } from '../i18n';
import { useSession } from '../session';
import { STATISTIC_KEYS, type StatisticKey } from '../../domain/statistics/keys';

// 统计数据: the figures the indicator formulas need (地区生产总值, 常住人口, 医疗卫生机构数量 …) for one
// region and year, with unit, source, who entered them and their revisions. The statistics bureau and
// the zero-waste office enter or revise a figure (a revision keeps the earlier one), or fill the
// year's Excel sheet and upload it through a preview.

interface Figure {
  id: string; regionCode: string; regionName: string | null; year: number; key: string; label: { zh: string; en: string }; unit: string; integer: boolean; value: number;
  source: string; note: string; evidence: { name: string; note?: string }[]; supersedesId: string | null; supersededAt: string | null; enteredAt: string; enteredBy: string | null;
  current: boolean; revisions: number; actions: { revise: boolean };
}
interface Region { code: string; name: string }
interface PlannedRow { row: number; regionCode: string; regionName: string; key: string; label: { zh: string; en: string }; unit: string; value: number; source: string; status: 'new' | 'revise' | 'unchanged'; current: { id: string; value: number; source: string } | null }
interface SheetPreview { year: number; fingerprint: string; rows: PlannedRow[]; counts: { new: number; revise: number; unchanged: number; blank: number } }

const GROUPS: Record<StatisticKey['group'], [string, string]> = { economy: ['经济', 'Economy'], population: ['人口', 'Population'], places: ['单位与场所', 'Places'], agriculture: ['农业', 'Agriculture'], baseline: ['基准年数据', 'Base year'] };
const STATUS: Record<PlannedRow['status'], [string, string, string]> = { new: ['新增', 'New', 'blue'], revise: ['修订', 'Revision', 'orange'], unchanged: ['不变', 'Unchanged', 'default'] };

const thisYear = () => Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));

/** A figure with its unit, grouped as Chinese statistics print them; 万元 of a hundred million and more also in 亿元. */
function figureParts(value: number, key: Pick<StatisticKey, 'unit' | 'integer'>, lang: Lang) {
  const amount = `${value.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en', { maximumFractionDigits: key.integer ? 0 : 2 })} ${key.unit}`;
  const big = key.unit === '万元' && value >= 10_000
    ? (lang === 'zh' ? `${(value / 10_000).toLocaleString('zh-CN', { maximumFractionDigits: 2 })} 亿元` : `${(value / 100_000).toLocaleString('en', { maximumFractionDigits: 2 })} bn yuan`)
    : null;
  return { amount, big };
}
const figureText = (value: number, key: Pick<StatisticKey, 'unit' | 'integer'>, lang: Lang) => {
  const { amount, big } = figureParts(value, key, lang);
  return big ? `${amount}（${big}）` : amount;
};

export default function StatisticsPage() {
  const { L, M, lang } = useI18n();
  const { me } = useSession();
  const [year, setYear] = useState(thisYear());
  const [regionCode, setRegionCode] = useState(me?.region.code ?? '');
  const [editing, setEditing] = useState<{ key: StatisticKey; current: Figure | null } | null>(null);
  const [history, setHistory] = useState<StatisticKey | null>(null);
  const children = useQuery({ queryKey: ['region-children', me?.region.code], enabled: !!me, queryFn: () => get<{ items: Region[] }>(`/api/regions${qs({ parent: me?.region.code })}`) });
  const regions: Region[] = me ? [{ code: me.region.code, name: me.region.name }, ...(children.data?.items ?? [])] : [];
  const figures = useQuery({ queryKey: ['statistics', regionCode, year], enabled: !!regionCode,
    queryFn: () => get<Page<Figure> & { canEnter: boolean }>(`/api/statistics${qs({ regionCode, year, pageSize: 100 })}`) });
  const byKey = new Map((figures.data?.items ?? []).map((f) => [f.key, f]));
  const canEnter = figures.data?.canEnter ?? false;
  const region = regions.find((r) => r.code === regionCode);
  const years = Array.from({ length: thisYear() + 2 - 2015 }, (_, i) => thisYear() + 1 - i);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={L('统计数据', 'Statistics')} extra={<Space wrap>
        <Select value={regionCode} onChange={setRegionCode} style={{ width: 200 }} data-testid="statistics-region" showSearch optionFilterProp="label"
          options={regions.map((r) => ({ value: r.code, label: r.name }))} />
        <Select value={year} onChange={setYear} style={{ width: 110 }} data-testid="statistics-year" options={years.map((y) => ({ value: y, label: L(`${y} 年`, String(y)) }))} />
      </Space>}>
        <Typography.Paragraph type="secondary">
          {L('指标计算所需、平台无法自行采集的数据（地区生产总值、常住人口、医疗卫生机构数量等），由统计局或无废办按区划和年份填报并注明来源；修订时原数值保留在修订历史中。',
            'Figures the indicators need that the platform cannot collect itself (GDP, resident population, medical institutions …), entered per region and year by the statistics bureau or the zero-waste office with their source; a revision keeps the earlier figure in the history.')}
        </Typography.Paragraph>
        {figures.error && <Alert type="error" showIcon message={figures.error instanceof ApiError ? M(figures.error.text) : String(figures.error)} style={{ marginBottom: 12 }} />}
        <Table<StatisticKey> rowKey="value" size="middle" pagination={false} loading={figures.isLoading} dataSource={[...STATISTIC_KEYS]} data-testid="statistics-table" scroll={{ x: 1100 }}
          onRow={(k) => ({ 'data-testid': `figure-row-${k.value}` } as React.HTMLAttributes<HTMLElement>)}
          columns={[
            { title: L('指标', 'Statistic'), key: 'label', fixed: 'left', width: 240, render: (_: unknown, k) => <span>{L(k.zh, k.en)} <Typography.Text type="secondary" style={{ fontSize: 12 }}>{k.value}</Typography.Text></span> },
            { title: L('类别', 'Group'), key: 'group', width: 80, render: (_: unknown, k) => <Tag>{L(...GROUPS[k.group])}</Tag> },
            { title: L('数值', 'Value'), key: 'value', align: 'right', width: 170, render: (_: unknown, k) => {
              const f = byKey.get(k.value);
              if (!f) return <Typography.Text type="secondary">{L(`暂无（${k.unit}）`, `none (${k.unit})`)}</Typography.Text>;
              const { amount, big } = figureParts(f.value, k, lang);
              return <Space direction="vertical" size={0} data-testid={`figure-value-${k.value}`}>
                <span>{amount}</span>{big && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{big}</Typography.Text>}
              </Space>;
            } },
            { title: L('来源', 'Source'), key: 'source', width: 280, render: (_: unknown, k) => {
              const f = byKey.get(k.value);
              if (!f) return null;
              return <Space direction="vertical" size={0}>
                <span>{f.source}</span>
                {f.note && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{f.note}</Typography.Text>}
                {f.evidence.length > 0 && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{L('佐证材料：', 'Evidence: ')}{f.evidence.map((e) => e.name).join(L('；', '; '))}</Typography.Text>}
              </Space>;
            } },
            { title: L('填报人 / 时间', 'Entered by / at'), key: 'by', width: 170, render: (_: unknown, k) => {
              const f = byKey.get(k.value);
              return f && <Space direction="vertical" size={0}><span>{f.enteredBy}</span><Typography.Text type="secondary" style={{ fontSize: 12 }}>{shanghai(f.enteredAt)}</Typography.Text></Space>;
            } },
            { title: L('修订', 'Revisions'), key: 'revisions', width: 110, render: (_: unknown, k) => {
              const f = byKey.get(k.value);
              if (!f) return null;
              return <Button type="link" size="small" data-testid={`history-${k.value}`} onClick={() => setHistory(k)}>
                {f.revisions ? L(`已修订 ${f.revisions} 次`, `revised ${f.revisions}×`) : L('历史', 'History')}
              </Button>;
            } },
            ...(canEnter ? [{ title: L('操作', 'Action'), key: 'action', width: 80, render: (_: unknown, k: StatisticKey) => {
              const f = byKey.get(k.value) ?? null;
              return <Button size="small" type={f ? 'default' : 'primary'} data-testid={`enter-${k.value}`} onClick={() => setEditing({ key: k, current: f })}>{f ? L('修订', 'Revise') : L('填报', 'Enter')}</Button>;
            } }] : []),
          ]} />
      </Card>
      {canEnter && region && <ExcelImport year={year} region={region} />}
      {editing && region && <FigureForm year={year} region={region} statistic={editing.key} current={editing.current} onClose={() => setEditing(null)} />}
      {history && region && <FigureHistory year={year} region={region} statistic={history} onClose={() => setHistory(null)} />}
    </Space>
  );
}

/** 填报 or 修订 one figure: a revision names the figure in force, so a change made meanwhile is not overwritten unseen. */
function FigureForm({ year, region, statistic, current, onClose }: { year: number; region: Region; statistic: StatisticKey; current: Figure | null; onClose: () => void }) {
  const { L, M, lang } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const title = current ? L(`修订：${region.name} ${year} 年 ${statistic.zh}`, `Revise: ${statistic.en}, ${region.name}, ${year}`)
    : L(`填报：${region.name} ${year} 年 ${statistic.zh}`, `Enter: ${statistic.en}, ${region.name}, ${year}`);
  return (
    <Modal open title={title} onCancel={onClose} okText={current ? L('保存修订', 'Save the revision') : L('保存', 'Save')} confirmLoading={busy}
      onOk={() => form.submit()} okButtonProps={{ 'data-testid': 'figure-submit' }} destroyOnHidden width={Math.min(640, window.innerWidth)}>
      {current && <Alert type="info" showIcon style={{ marginBottom: 12 }} data-testid="figure-current"
        message={L(`现行数值 ${figureText(current.value, statistic, lang)}（${current.source}）；保存后原数值保留在修订历史中`, `In force: ${figureText(current.value, statistic, lang)} (${current.source}); the earlier figure stays in the history`)} />}
      <Form form={form} layout="vertical" initialValues={current ? { value: current.value, source: current.source, note: current.note, evidence: current.evidence } : { evidence: [] }}
        onFinish={async (v) => {
          setBusy(true);
          try {
            await post('/api/statistics', { regionCode: region.code, year, key: statistic.value, value: v.value, source: v.source ?? '', note: v.note ?? '',
              evidence: (v.evidence ?? []).filter((e: { name?: string }) => e?.name).map((e: { name: string; note?: string }) => ({ name: e.name, ...(e.note ? { note: e.note } : {}) })),
              ...(current ? { revises: current.id } : {}) });
            message.success(current ? L('已修订，原数值保留在修订历史中', 'Revised: the earlier figure is kept in the history') : L('已填报', 'Entered'));
            client.invalidateQueries({ queryKey: ['statistics'] });
            client.invalidateQueries({ queryKey: ['statistic-history'] });
            onClose();
          } catch (e) {
            if (!(e instanceof ApiError)) throw e;
            form.setFields(e.issues.filter((i) => ['value', 'source', 'note'].includes(i.path)).map((i) => ({ name: i.path, errors: [M(i.message)] })));
            message.error(M(e.text));
          } finally { setBusy(false); }
        }}>
        <Form.Item name="value" label={L(`数值（${statistic.unit}${statistic.integer ? '，整数' : ''}）`, `Value (${statistic.unit}${statistic.integer ? ', whole number' : ''})`)} rules={[{ required: true, message: L('请填写数值', 'Give the value') }]}>
          <InputNumber min={0} precision={statistic.integer ? 0 : undefined} style={{ width: 240 }} data-testid="figure-value" />
        </Form.Item>
        <Form.Item name="source" label={L('来源', 'Source')} rules={[{ required: true, min: 2, message: L('请注明来源（至少2个字）', 'Give the source (2 characters or more)') }]}>
          <Input data-testid="figure-source" placeholder={L('如：临清市统计年鉴（2025）', 'e.g. the county’s statistical yearbook (2025)')} maxLength={200} />
        </Form.Item>
        <Form.Item name="note" label={current ? L('修订说明', 'Why it is revised') : L('备注', 'Note')}>
          <Input.TextArea rows={2} data-testid="figure-note" maxLength={1000} />
        </Form.Item>
        <Form.List name="evidence">
          {(fields, { add, remove }) => <>
            <Typography.Text>{L('佐证材料', 'Evidence')}</Typography.Text>
            {fields.map((field) => <Space key={field.key} align="baseline" style={{ display: 'flex', marginTop: 8 }}>
              <Form.Item name={[field.name, 'name']} rules={[{ required: true, message: L('请填写材料名称', 'Name it') }]} style={{ marginBottom: 0 }}><Input placeholder={L('材料名称', 'Name')} style={{ width: 260 }} /></Form.Item>
              <Form.Item name={[field.name, 'note']} style={{ marginBottom: 0 }}><Input placeholder={L('说明', 'Note')} style={{ width: 200 }} /></Form.Item>
              <MinusCircleOutlined onClick={() => remove(field.name)} />
            </Space>)}
            <div><Button type="dashed" size="small" icon={<PlusOutlined />} style={{ marginTop: 8 }} onClick={() => add()}>{L('添加佐证材料', 'Add evidence')}</Button></div>
          </>}
        </Form.List>
      </Form>
    </Modal>
  );
}

/** 修订历史: the figure in force and every earlier one it replaced. */
function FigureHistory({ year, region, statistic, onClose }: { year: number; region: Region; statistic: StatisticKey; onClose: () => void }) {
  const { L, M, lang } = useI18n();
  const [page, setPage] = useState(1);
  const rows = useQuery({ queryKey: ['statistic-history', region.code, year, statistic.value, page],
    queryFn: () => get<Page<Figure>>(`/api/statistics/history${qs({ regionCode: region.code, year, key: statistic.value, page, pageSize: 10 })}`) });
  return (
    <Modal open footer={null} onCancel={onClose} width={Math.min(1100, window.innerWidth)} title={L(`修订历史：${region.name} ${year} 年 ${statistic.zh}`, `History: ${statistic.en}, ${region.name}, ${year}`)}>
      {rows.error && <Alert type="error" showIcon message={rows.error instanceof ApiError ? M(rows.error.text) : String(rows.error)} />}
      <Table<Figure> rowKey="id" size="small" loading={rows.isLoading} dataSource={rows.data?.items ?? []} data-testid="figure-history" scroll={{ x: 'max-content' }}
        onRow={() => ({ 'data-testid': 'history-row' } as React.HTMLAttributes<HTMLElement>)}
        pagination={{ current: page, pageSize: 10, total: rows.data?.total ?? 0, onChange: setPage, hideOnSinglePage: true }}
        columns={[
          { title: L('数值', 'Value'), key: 'value', align: 'right', render: (_: unknown, f) => figureText(f.value, statistic, lang) },
          { title: L('状态', 'Status'), key: 'current', render: (_: unknown, f) => (f.current ? <Tag color="green">{L('现行', 'In force')}</Tag>
            : <Tag>{L(`已被修订（${shanghai(f.supersededAt)}）`, `Revised (${shanghai(f.supersededAt)})`)}</Tag>) },
          { title: L('来源', 'Source'), dataIndex: 'source' },
          { title: L('说明', 'Note'), dataIndex: 'note' },
          { title: L('填报人', 'Entered by'), dataIndex: 'enteredBy' },
          { title: L('填报时间', 'Entered at'), dataIndex: 'enteredAt', render: (d: string) => shanghai(d) },
        ]} />
    </Modal>
  );
}

/** The year's Excel sheet for the area: download, fill, upload, check the preview, confirm. */
function ExcelImport({ year, region }: { year: number; region: Region }) {
  const { L, M, lang } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<SheetPreview | null>(null);
  const [problems, setProblems] = useState<{ text: string; issues: Issue[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const form = (f: File, extra: Record<string, string> = {}) => {
    const data = new FormData();
    data.append('year', String(year));
    for (const [k, v] of Object.entries(extra)) data.append(k, v);
    data.append('file', f);
    return data;
  };
  const fail = (e: unknown) => {
    if (!(e instanceof ApiError)) { message.error(String(e)); return; }
    setProblems({ text: M(e.text), issues: e.code === 'SHEET_PROBLEMS' ? e.issues : [] });
  };
  const changed = preview?.rows.filter((r) => r.status !== 'unchanged') ?? [];
  const keyOf = (r: PlannedRow) => STATISTIC_KEYS.find((k) => k.value === r.key) ?? { unit: r.unit, integer: false };
  return (
    <Card title={L(`Excel 批量填报（${year} 年）`, `Enter from Excel (${year})`)} data-testid="statistics-excel" extra={<Space wrap>
      <Button icon={<DownloadOutlined />} href={`/api/statistics/template.xlsx${qs({ year, regionCode: region.code })}`} data-testid="statistics-template">{L('下载模板', 'Download the sheet')}</Button>
      <input ref={input} type="file" accept=".xlsx" hidden data-testid="statistics-file" onChange={async (e) => {
        const picked = e.target.files?.[0];
        e.target.value = '';
        if (!picked) return;
        setFile(picked); setPreview(null); setProblems(null); setBusy(true);
        try { setPreview(await api<SheetPreview>('POST', '/api/statistics/preview', form(picked))); } catch (err) { fail(err); } finally { setBusy(false); }
      }} />
      <Button icon={<UploadOutlined />} loading={busy && !preview} onClick={() => input.current?.click()} data-testid="statistics-upload">{L('上传', 'Upload')}</Button>
    </Space>}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {L(`模板列出${region.name}及其下级区划的全部统计指标（名称、单位和现行数值）。只填“数值”“来源”“备注”；改动现行数值即为修订。上传后先预览，逐格检查，确认后一次写入（有任何问题则不写入）。`,
          `The sheet lists every statistic of ${region.name} and the regions below it (name, unit and the figure in force). Fill only value, source and note; changing a figure in force revises it. The upload is checked cell by cell in a preview; confirming writes all of it at once, or nothing if a problem remains.`)}
      </Typography.Paragraph>
      {problems && <Alert type="error" showIcon style={{ marginBottom: 8 }} data-testid="statistics-problems"
        message={problems.issues.length ? L(`统计数据表有 ${problems.issues.length} 处问题，未作任何修改`, `The sheet has ${problems.issues.length} problem(s); nothing was changed`) : problems.text}
        description={problems.issues.length > 0 && <ul style={{ margin: 0, paddingLeft: 18 }}>{problems.issues.map((i) => <li key={`${i.path}${i.message.zh}`}>{M(i.message)}</li>)}</ul>} />}
      {preview && <>
        <Table<PlannedRow> rowKey="row" size="small" scroll={{ x: 'max-content' }} data-testid="statistics-preview" dataSource={changed} pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: L('行', 'Row'), dataIndex: 'row' },
            { title: L('区划', 'Region'), dataIndex: 'regionName' },
            { title: L('指标', 'Statistic'), key: 'label', render: (_: unknown, r) => M(r.label) },
            { title: L('数值', 'Value'), key: 'value', align: 'right', render: (_: unknown, r) => figureText(r.value, keyOf(r), lang) },
            { title: L('现行数值', 'In force'), key: 'current', align: 'right', render: (_: unknown, r) => (r.current ? figureText(r.current.value, keyOf(r), lang) : '—') },
            { title: L('来源', 'Source'), dataIndex: 'source' },
            { title: L('处理', 'Outcome'), key: 'status', render: (_: unknown, r) => <Tag color={STATUS[r.status][2]}>{L(STATUS[r.status][0], STATUS[r.status][1])}</Tag> },
          ]} />
        <Space style={{ marginTop: 8 }} wrap>
          <span data-testid="statistics-counts">{L(`新增 ${preview.counts.new} 项，修订 ${preview.counts.revise} 项，不变 ${preview.counts.unchanged} 项，未填 ${preview.counts.blank} 项`,
            `${preview.counts.new} new, ${preview.counts.revise} revised, ${preview.counts.unchanged} unchanged, ${preview.counts.blank} left blank`)}</span>
          <Button type="primary" loading={busy} disabled={!changed.length} data-testid="statistics-confirm" onClick={async () => {
            if (!file) return;
            setBusy(true);
            try {
              const done = await api<{ entered: number; revised: number }>('POST', '/api/statistics/confirm', form(file, { fingerprint: preview.fingerprint }));
              message.success(L(`已写入：新增 ${done.entered} 项，修订 ${done.revised} 项`, `Saved: ${done.entered} new, ${done.revised} revised`));
              setPreview(null); setFile(null);
              client.invalidateQueries({ queryKey: ['statistics'] });
            } catch (err) { fail(err); } finally { setBusy(false); }
          }}>{L('确认写入', 'Confirm')}</Button>
          <Button onClick={() => { setPreview(null); setFile(null); }}>{L('取消', 'Cancel')}</Button>
        </Space>
      </>}
    </Card>
  );
}
