import { useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, type ButtonProps, Card, Form, Input, InputNumber, Modal, Radio, Select, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { ApiError, api, get, post, qs, type Message, type Page } from '../api';
import { shanghai, useI18n } from '../i18n';
import { useSession } from '../session';
import { useFormFailure } from '../hooks';
import { ServerTable } from '../components/ServerTable';
import { HARVESTS, STRAW_CROPS, STRAW_USES } from '../../domain/agri/straw';

// 秸秆 (issue 16): the bureau reads collectable, used and 秸秆综合利用率 by town and crop; a town's
// agricultural station (and the bureau) files a season from Excel (template → preview → confirm) or
// by form; the coefficients in force are shown with their source, and the bureau sets its own.

interface Sums { sownMu: number; yieldT: number; collectableT: number; usedT: number; fieldReturnT: number; fertiliserT: number; feedT: number; fuelT: number; substrateT: number; materialT: number; filings: number; rate: number | null }
interface SummaryRow extends Sums { key: string; regionCode: string | null; townName: string | null; crop: string | null; cropName: string | null }
interface Summary extends Page<SummaryRow> { totals: Sums }
interface Season extends Sums {
  id: string; regionCode: string; townName: string; year: number; harvest: string; harvestName: string; crop: string; cropName: string; grainRatio: number; collectableShare: number; coefficientSource: string;
  theoreticalT: number; entities: { organisationId: string | null; name: string; tonnes: number }[]; remark: string; via: string; supersededBy: string | null; recordedAt: string;
}
interface Coefficient { crop: string; cropName: string; grainRatio: number; collectableShare: number; source: string; regionCode: string | null; isDefault: boolean }
interface CellProblem { path: string; row: number; column: string; message: Message }
interface PreviewRow { row: number; status: 'new' | 'replaces' | 'problem'; townName: string; crop: string | null; cells: Record<string, string>; yieldT: number | null; collectableT: number | null; usedT: number | null; rate: number | null; problems: CellProblem[] }
interface Preview { filename: string; rows: PreviewRow[]; counts: { new: number; replaces: number; problem: number }; problems: number }

const thisYear = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));
const YEARS = [thisYear, thisYear - 1, thisYear - 2, thisYear - 3];
const t1 = (n: number | null | undefined, unit: string) => (n === null || n === undefined ? '' : `${Number(n).toLocaleString('zh-CN', { maximumFractionDigits: 1 })} ${unit}`);
const pct = (n: number | null | undefined) => (n === null || n === undefined ? '—' : `${n.toFixed(2)} %`);
const STATUS: Record<PreviewRow['status'], [string, string, string]> = { new: ['新填报', 'New', 'green'], replaces: ['更正原填报', 'Replaces a filing', 'blue'], problem: ['有问题', 'Problem', 'red'] };

export default function AgriStrawPage() {
  const { L, lang } = useI18n();
  const { me } = useSession();
  const files = me?.user.role === 'regulator' && me.user.domain === 'agriculture';
  const [year, setYear] = useState(thisYear);
  const [by, setBy] = useState<'town' | 'crop' | 'town_crop'>('town');
  const T = (n: number | null | undefined) => t1(n, L('吨', 't'));
  const summary = useQuery({ queryKey: ['straw-summary', year, by], queryFn: () => get<Summary>(`/api/straw/summary${qs({ year, by, pageSize: 100 })}`) });
  const totals = summary.data?.totals;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="agri-straw-page">
      <Card title={L('秸秆综合利用', 'Straw utilisation')}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>{L(
          '各镇街农业综合服务站按收获季（三夏、三秋）和作物填报播种面积、产量和五种利用量；可收集量 = 产量 × 草谷比 × 可收集系数，综合利用率 = 利用量 ÷ 可收集量。再次填报同一镇街、作物即为更正，原填报保留可查。',
          'Each town’s agricultural station files, per harvest and crop, the sown area, the yield and the five uses; collectable = yield × grass-to-grain ratio × collectable share, utilisation = used ÷ collectable. Filing the same town and crop again corrects it; the earlier filing stays on record.')}</Typography.Paragraph>
        <Space wrap>
          <Select value={year} onChange={setYear} style={{ width: 110 }} data-testid="straw-year" options={YEARS.map((y) => ({ value: y, label: `${y}${L('年', '')}` }))} />
          <Radio.Group value={by} onChange={(e) => setBy(e.target.value)} optionType="button" options={[{ value: 'town', label: L('按镇街', 'By town') }, { value: 'crop', label: L('按作物', 'By crop') }, { value: 'town_crop', label: L('镇街×作物', 'Town × crop') }]} />
        </Space>
        {totals && (
          <Space wrap size="large" style={{ marginTop: 12 }} data-testid="straw-totals">
            <Statistic title={L('可收集量', 'Collectable')} value={T(totals.collectableT)} />
            <Statistic title={L('利用量', 'Used')} value={T(totals.usedT)} />
            <Statistic title={L('秸秆综合利用率', 'Utilisation rate')} value={pct(totals.rate)} valueStyle={{ color: totals.rate !== null && totals.rate >= 95 ? '#389e0d' : undefined }} />
            <Statistic title={L('播种面积', 'Sown area')} value={t1(totals.sownMu, L('亩', 'mu'))} />
          </Space>
        )}
      </Card>
      <Card size="small" title={L('可收集量、利用量与利用率', 'Collectable, used and rate')}>
        <Table<SummaryRow> rowKey="key" size="small" loading={summary.isLoading} dataSource={summary.data?.items ?? []} pagination={false} scroll={{ x: 900 }} data-testid="straw-summary"
          columns={[
            ...(by !== 'crop' ? [{ title: L('镇街', 'Town'), key: 'town', render: (_: unknown, r: SummaryRow) => <span>{r.townName} <Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.regionCode}</Typography.Text></span> }] : []),
            ...(by !== 'town' ? [{ title: L('作物', 'Crop'), dataIndex: 'cropName' }] : []),
            { title: L('播种面积', 'Sown'), dataIndex: 'sownMu', align: 'right' as const, render: (n: number) => t1(n, L('亩', 'mu')) },
            { title: L('可收集量', 'Collectable'), dataIndex: 'collectableT', align: 'right' as const, render: T },
            { title: L('还田', 'Returned'), dataIndex: 'fieldReturnT', align: 'right' as const, render: T },
            { title: L('饲料化', 'Feed'), dataIndex: 'feedT', align: 'right' as const, render: T },
            { title: L('其他利用', 'Other uses'), key: 'other', align: 'right' as const, render: (_: unknown, r: SummaryRow) => T(r.fertiliserT + r.fuelT + r.substrateT + r.materialT) },
            { title: L('利用量', 'Used'), dataIndex: 'usedT', align: 'right' as const, render: T },
            { title: L('综合利用率', 'Rate'), dataIndex: 'rate', align: 'right' as const, render: (r: number | null) => <Tag color={r !== null && r >= 95 ? 'green' : 'orange'}>{pct(r)}</Tag> },
          ]} />
      </Card>
      {files && <SeasonImport year={year} />}
      {files && <SeasonForm year={year} />}
      <Card size="small" title={L('填报记录（台账）', 'Filings (ledger)')}>
        <ServerTable<Season> queryKey="straw-seasons" url="/api/straw/seasons" rowKey="id" fixedFilters={{ year }}
          filters={<>
            <Form.Item name="harvest"><Select allowClear placeholder={L('收获季', 'Harvest')} style={{ width: 120 }} options={HARVESTS.map((h) => ({ value: h.value, label: L(h.zh, h.en) }))} /></Form.Item>
            <Form.Item name="crop"><Select allowClear placeholder={L('作物', 'Crop')} style={{ width: 120 }} options={STRAW_CROPS.map((c) => ({ value: c.value, label: L(c.zh, c.en) }))} /></Form.Item>
            <Form.Item name="history"><Select allowClear placeholder={L('仅现行', 'Current only')} style={{ width: 130 }} options={[{ value: 'true', label: L('含被更正的', 'With history') }]} /></Form.Item>
          </>}
          columns={[
            { title: L('镇街', 'Town'), dataIndex: 'townName' },
            { title: L('收获季', 'Harvest'), dataIndex: 'harvestName' },
            { title: L('作物', 'Crop'), dataIndex: 'cropName' },
            { title: L('产量', 'Yield'), dataIndex: 'yieldT', align: 'right', render: T },
            { title: L('系数', 'Coefficients'), key: 'c', render: (_v, r) => <Tooltip title={r.coefficientSource}>{r.grainRatio} × {r.collectableShare}</Tooltip> },
            { title: L('可收集量', 'Collectable'), dataIndex: 'collectableT', align: 'right', render: T },
            { title: L('利用量', 'Used'), dataIndex: 'usedT', align: 'right', render: T },
            { title: L('利用率', 'Rate'), dataIndex: 'rate', align: 'right', render: pct },
            { title: L('收储主体', 'Entities'), key: 'e', render: (_v, r) => r.entities.map((e) => `${e.name} ${T(e.tonnes)}`).join('；') },
            { title: L('状态', 'Status'), key: 's', render: (_v, r) => (r.supersededBy ? <Tag>{L('已更正', 'Corrected')}</Tag> : <Tag color="green">{L('现行', 'Current')}</Tag>) },
            { title: L('填报时间', 'Filed'), dataIndex: 'recordedAt', render: (d: string) => shanghai(d) },
          ]} />
      </Card>
      <Coefficients files={files && (me?.region.level === 'county' || me?.region.level === 'city')} lang={lang} />
    </Space>
  );
}

/** The season sheet: download the template, upload it, read the preview with each problem at its cell, confirm. */
function SeasonImport({ year }: { year: number }) {
  const { L, M } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [harvest, setHarvest] = useState<'summer' | 'autumn'>('summer');
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const send = <T,>(picked: File, confirm: boolean) => {
    const form = new FormData();
    form.append('file', picked);
    return api<T>('POST', `/api/straw/import${qs({ year, harvest, confirm })}`, form);
  };
  const fail = (e: unknown) => setRefused(e instanceof ApiError ? M(e.text) : String(e));
  const T = (n: number | null) => t1(n, L('吨', 't'));
  const cell = (row: PreviewRow, column: string) => {
    const problem = row.problems.find((p) => p.column === column);
    const text = row.cells[column];
    return problem ? <Tooltip title={M(problem.message)}><span data-problem="error" style={{ outline: '2px solid #ff4d4f', display: 'inline-block', minWidth: 20 }}>{text || ' '}</span></Tooltip> : text;
  };
  return (
    <Card size="small" title={L('从Excel填报', 'File from Excel')} data-testid="straw-import">
      <Space wrap style={{ marginBottom: 8 }}>
        <Radio.Group value={harvest} onChange={(e) => { setHarvest(e.target.value); setPreview(null); }} optionType="button" options={HARVESTS.map((h) => ({ value: h.value, label: L(h.zh, h.en) }))} data-testid="straw-import-harvest" />
        <Button icon={<DownloadOutlined />} href={`/api/straw/template.xlsx${qs({ year, harvest })}`} data-testid="straw-template">{L('下载填报模板', 'Download the sheet')}</Button>
        <input ref={input} type="file" accept=".xlsx" hidden data-testid="straw-import-file" onChange={async (e) => {
          const picked = e.target.files?.[0];
          e.target.value = '';
          if (!picked) return;
          setFile(picked); setPreview(null); setRefused(null); setBusy(true);
          try { setPreview(await send<Preview>(picked, false)); } catch (err) { fail(err); } finally { setBusy(false); }
        }} />
        <Button icon={<UploadOutlined />} loading={busy && !preview} onClick={() => input.current?.click()} data-testid="straw-import-upload">{L('上传填好的表格', 'Upload the filled sheet')}</Button>
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>{L(
        `模板为${year}年所选收获季本辖区每个镇街、每种作物一行（已填报的带出现有数据）。上传后先预览，每处问题标在对应单元格；全部无误才能确认，确认后一次写入。`,
        `The sheet has a row per town and crop of your area for the ${year} harvest chosen (with the current figures where filed). The upload is previewed with each problem at its cell; confirming writes it all at once, and only when there are none.`)}</Typography.Paragraph>
      {refused && <Alert type="error" showIcon message={refused} style={{ marginBottom: 8 }} data-testid="straw-import-refused" />}
      {preview && (
        <>
          {preview.problems > 0 && <Alert type="error" showIcon style={{ marginBottom: 8 }} data-testid="straw-import-problems"
            message={L(`${preview.problems} 处问题须在文件中更正后重新上传，更正前不会写入任何内容`, `${preview.problems} problem(s) to correct in the file and upload again; nothing is written until then`)}
            description={<ul style={{ margin: 0, paddingLeft: 18, maxHeight: 160, overflow: 'auto' }}>{preview.rows.flatMap((r) => r.problems).slice(0, 50).map((p) => <li key={p.path + p.message.zh}>{M(p.message)}</li>)}</ul>} />}
          <Table<PreviewRow> rowKey="row" size="small" dataSource={preview.rows} pagination={false} scroll={{ x: 800 }} data-testid="straw-import-preview"
            columns={[
              { title: L('行', 'Row'), dataIndex: 'row', width: 50 },
              { title: L('结果', 'Result'), dataIndex: 'status', render: (s: PreviewRow['status']) => <Tag color={STATUS[s][2]}>{L(STATUS[s][0], STATUS[s][1])}</Tag> },
              { title: L('镇街', 'Town'), key: 'town', render: (_v, r) => cell(r, 'town') },
              { title: L('作物', 'Crop'), key: 'crop', render: (_v, r) => cell(r, 'crop') },
              { title: L('产量', 'Yield'), key: 'y', align: 'right', render: (_v, r) => (r.yieldT === null ? cell(r, 'yieldT') : T(r.yieldT)) },
              ...STRAW_USES.map((u) => ({ title: L(u.zh.replace('肥料化：', ''), u.en), key: u.value, align: 'right' as const, render: (_v: unknown, r: PreviewRow) => cell(r, u.value) })),
              { title: L('可收集量', 'Collectable'), dataIndex: 'collectableT', align: 'right', render: T },
              { title: L('利用率', 'Rate'), dataIndex: 'rate', align: 'right', render: pct },
            ]} />
          <Space style={{ marginTop: 8 }}>
            <Button type="primary" disabled={preview.problems > 0 || !file} loading={busy} data-testid="straw-import-confirm" onClick={async () => {
              if (!file) return;
              setBusy(true);
              try {
                const done = await send<{ filed: number; replaced: number }>(file, true);
                message.success(L(`已写入：新填报 ${done.filed} 条，更正 ${done.replaced} 条`, `Written: ${done.filed} new filings, ${done.replaced} corrections`));
                setPreview(null); setFile(null);
                client.invalidateQueries({ queryKey: ['straw-summary'] });
                client.invalidateQueries({ queryKey: ['straw-seasons'] });
              } catch (err) { fail(err); } finally { setBusy(false); }
            }}>{L(`确认写入 ${preview.counts.new + preview.counts.replaces} 行`, `Confirm ${preview.counts.new + preview.counts.replaces} rows`)}</Button>
            <Button onClick={() => { setPreview(null); setFile(null); }}>{L('取消', 'Cancel')}</Button>
          </Space>
        </>
      )}
    </Card>
  );
}

interface TownOption { code: string; name: string }

/** One season by form: on a phone in the field as well as at a desk. */
function SeasonForm({ year }: { year: number }) {
  const { L } = useI18n();
  const { me } = useSession();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const [open, setOpen] = useState(false);
  const onFailure = useFormFailure(form);
  const towns = useQuery({ queryKey: ['straw-towns', me?.region.code], enabled: open, queryFn: () => get<{ items: TownOption[] }>(`/api/regions${qs({ parent: me?.region.code })}`) });
  const townOptions = me?.region.level === 'town' ? [{ value: me.region.code, label: me.region.name }] : (towns.data?.items ?? []).map((t) => ({ value: t.code, label: `${t.name} ${t.code}` }));
  const users = useQuery({ queryKey: ['straw-users'], enabled: open, queryFn: () => get<Page<{ id: string; name: string }>>('/api/straw/users?pageSize=100') });
  return (
    <Card size="small" title={L('逐条填报', 'File one season')} extra={<Button type="primary" onClick={() => setOpen(true)} data-testid="straw-form-open">{L('填报', 'File')}</Button>}>
      <Typography.Text type="secondary">{L('适合在田间用手机填报一个镇街的一种作物。', 'For filing one town’s crop, also from a phone in the field.')}</Typography.Text>
      <Modal open={open} title={L('填报秸秆利用情况', 'File a straw season')} onCancel={() => setOpen(false)} onOk={() => form.submit()} okText={L('提交', 'Submit')} okButtonProps={{ 'data-testid': 'straw-form-submit' } as ButtonProps} width={560} destroyOnHidden>
        <Form form={form} layout="vertical" initialValues={{ year, harvest: 'summer', crop: 'wheat', regionCode: me?.region.level === 'town' ? me.region.code : undefined, uses: { fieldReturnT: 0, fertiliserT: 0, feedT: 0, fuelT: 0, substrateT: 0, materialT: 0 }, entities: [] }}
          onFinish={async (v) => {
            try {
              const filed = await post<{ collectableT: number; usedT: number; rate: number; replaced: boolean }>('/api/straw/seasons', { ...v, entities: (v.entities ?? []).map((e: { organisationId?: string; name?: string; tonnes: number }) => (e.organisationId ? { organisationId: e.organisationId, tonnes: e.tonnes } : { name: e.name, tonnes: e.tonnes })) });
              message.success(L(`已填报：可收集 ${filed.collectableT} 吨，利用 ${filed.usedT} 吨，利用率 ${filed.rate}%${filed.replaced ? '（已更正原填报）' : ''}`, `Filed: ${filed.collectableT} t collectable, ${filed.usedT} t used, ${filed.rate}%${filed.replaced ? ' (corrects the earlier filing)' : ''}`));
              setOpen(false);
              client.invalidateQueries({ queryKey: ['straw-summary'] });
              client.invalidateQueries({ queryKey: ['straw-seasons'] });
            } catch (e) { onFailure(e); }
          }}>
          <Space wrap>
            <Form.Item name="regionCode" label={L('镇街', 'Town')} rules={[{ required: true }]}><Select style={{ width: 200 }} options={townOptions} showSearch optionFilterProp="label" data-testid="straw-form-town" /></Form.Item>
            <Form.Item name="year" label={L('年份', 'Year')}><InputNumber min={2000} max={thisYear} style={{ width: 90 }} /></Form.Item>
            <Form.Item name="harvest" label={L('收获季', 'Harvest')}><Select style={{ width: 100 }} options={HARVESTS.map((h) => ({ value: h.value, label: L(h.zh, h.en) }))} /></Form.Item>
            <Form.Item name="crop" label={L('作物', 'Crop')}><Select style={{ width: 100 }} options={STRAW_CROPS.map((c) => ({ value: c.value, label: L(c.zh, c.en) }))} /></Form.Item>
          </Space>
          <Space wrap>
            <Form.Item name="sownMu" label={L('播种面积（亩）', 'Sown (mu)')} rules={[{ required: true }]}><InputNumber min={0} style={{ width: 150 }} data-testid="straw-form-sown" /></Form.Item>
            <Form.Item name="yieldKgPerMu" label={L('单产（公斤/亩）', 'Yield (kg/mu)')} rules={[{ required: true }]}><InputNumber min={0} style={{ width: 150 }} data-testid="straw-form-perMu" /></Form.Item>
          </Space>
          <Space wrap>
            {STRAW_USES.map((u) => (
              <Form.Item key={u.value} name={['uses', u.value]} label={`${L(u.zh, u.en)}（${L('吨', 't')}）`}><InputNumber min={0} style={{ width: 150 }} data-testid={`straw-form-${u.value}`} /></Form.Item>
            ))}
          </Space>
          <Form.List name="entities">{(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} wrap align="baseline">
                  <Form.Item name={[f.name, 'organisationId']}><Select allowClear placeholder={L('平台上的收储主体', 'A straw user on the platform')} style={{ width: 200 }} options={(users.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))} /></Form.Item>
                  <Form.Item name={[f.name, 'name']}><Input placeholder={L('或填写名称（如合作社）', 'or its name (a co-operative)')} style={{ width: 170 }} /></Form.Item>
                  <Form.Item name={[f.name, 'tonnes']} rules={[{ required: true }]}><InputNumber min={0} placeholder={L('吨', 't')} style={{ width: 90 }} /></Form.Item>
                  <Button type="link" onClick={() => remove(f.name)}>{L('删除', 'Remove')}</Button>
                </Space>
              ))}
              <Button onClick={() => add({ tonnes: 0 })} style={{ marginBottom: 12 }}>{L('添加收储主体', 'Add an entity')}</Button>
            </>
          )}</Form.List>
          <Form.Item name="remark" label={L('备注', 'Remark')}><Input maxLength={200} /></Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

/** The coefficients in force for each crop, with their source; the bureau sets its own. */
function Coefficients({ files }: { files: boolean; lang: string }) {
  const { L } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const onFailure = useFormFailure(form);
  const list = useQuery({ queryKey: ['straw-coefficients'], queryFn: () => get<{ items: Coefficient[] }>('/api/straw/coefficients') });
  return (
    <Card size="small" title={L('草谷比与可收集系数', 'Grass-to-grain ratio and collectable share')}>
      <Table<Coefficient> rowKey="crop" size="small" pagination={false} dataSource={list.data?.items ?? []} scroll={{ x: 600 }}
        columns={[
          { title: L('作物', 'Crop'), dataIndex: 'cropName' },
          { title: L('草谷比', 'Ratio'), dataIndex: 'grainRatio' },
          { title: L('可收集系数', 'Share'), dataIndex: 'collectableShare' },
          { title: L('来源', 'Source'), key: 's', render: (_v, c) => <span>{c.isDefault ? <Tag>{L('参考值', 'Default')}</Tag> : <Tag color="blue">{c.regionCode}</Tag>}{c.source}</span> },
        ]} />
      {files && (
        <Form form={form} layout="inline" style={{ marginTop: 12, rowGap: 8 }} onFinish={async (v) => {
          try { await post('/api/straw/coefficients', v); message.success(L('已保存，之后的填报按新系数计算', 'Saved: later filings use the new figures')); form.resetFields(); client.invalidateQueries({ queryKey: ['straw-coefficients'] }); } catch (e) { onFailure(e); }
        }}>
          <Form.Item name="crop" rules={[{ required: true }]}><Select placeholder={L('作物', 'Crop')} style={{ width: 100 }} options={STRAW_CROPS.map((c) => ({ value: c.value, label: L(c.zh, c.en) }))} /></Form.Item>
          <Form.Item name="grainRatio" rules={[{ required: true }]}><InputNumber placeholder={L('草谷比', 'Ratio')} min={0.001} max={10} step={0.01} /></Form.Item>
          <Form.Item name="collectableShare" rules={[{ required: true }]}><InputNumber placeholder={L('可收集系数', 'Share')} min={0.001} max={1} step={0.01} /></Form.Item>
          <Form.Item name="source" rules={[{ required: true }]}><Input placeholder={L('来源（测定报告、文件）', 'Source (survey, document)')} style={{ width: 240 }} /></Form.Item>
          <Button htmlType="submit">{L('设置本辖区系数', 'Set for your area')}</Button>
        </Form>
      )}
    </Card>
  );
}
