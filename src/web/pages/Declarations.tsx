import { useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { ApiError, api, get, post, qs, type Issue } from '../api';
import { shanghai, tonnes, useI18n } from '../i18n';
import { useSession } from '../session';

interface Line { wasteCode: string; generatedT: number; selfUtilisedT: number; selfDisposedT: number; receivedT: number; storedStartT: number; storedEndT: number; transfers: { receiverName: string; licenceNo: string | null; method: string; quantityT: number; manifests: number }[] }
interface Draft { periodType: string; period: string; closesAt: string | null; lines: Line[]; submitted: { version: number; submittedAt: string } | null }

const shanghaiMonth = (offset: number) => {
  const d = new Date(Date.now() + 8 * 3_600_000);
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + offset);
  return d.toISOString().slice(0, 7);
};

/** 申报: figures come from the ledger and manifests; the company checks and submits; the regulator sees who has not. */
export default function DeclarationsPage() {
  const { can, me } = useSession();
  if (!can('ledger.write')) return <Overview />;
  return <Space direction="vertical" style={{ width: '100%' }}>{me?.organisation?.capabilities.includes('receiver') && <ReceiverReport />}<MyDeclaration /></Space>;
}

interface Report { receivedT: number; utilisedT: number; disposedT: number; inTransitT: number; capacityT: number; capacityUsed: number | null; byMethod: { wasteCode: string; method: string; quantityT: number }[]; licences: { number: string; validTo: string; annualCapacityT: number }[] }

/** 利用处置情况: what the receiver took in this year, by method, against its licensed capacity. */
function ReceiverReport() {
  const { L, lang } = useI18n();
  const year = Number(shanghaiMonth(0).slice(0, 4));
  const report = useQuery({ queryKey: ['receiver-report', year], queryFn: () => get<Report>(`/api/receivers/report?year=${year}`) });
  const r = report.data;
  const t = (n: number) => tonnes(n, lang);
  return (
    <Card title={L(`${year} 年利用处置情况`, `${year}: received, utilised and disposed`)} loading={report.isLoading}>
      {r && <>
        <Space wrap size="large" style={{ marginBottom: 12 }} data-testid="receiver-report">
          <span>{L('接收', 'Received')} <b>{t(r.receivedT)}</b></span>
          <span>{L('利用', 'Utilised')} <b>{t(r.utilisedT)}</b></span>
          <span>{L('处置', 'Disposed')} <b>{t(r.disposedT)}</b></span>
          <span>{L('在途', 'In transit')} <b>{t(r.inTransitT)}</b></span>
          <span>{L('许可能力', 'Licensed capacity')} <b>{t(r.capacityT)}</b>{r.capacityUsed !== null && `（${(r.capacityUsed * 100).toFixed(1)}%）`}</span>
        </Space>
        <Table rowKey={(x) => `${x.wasteCode}${x.method}`} size="small" pagination={false} dataSource={r.byMethod} columns={[
          { title: L('废物代码', 'Code'), dataIndex: 'wasteCode' }, { title: L('利用/处置方式', 'Method'), dataIndex: 'method' }, { title: L('数量', 'Quantity'), dataIndex: 'quantityT', render: t },
        ]} />
      </>}
    </Card>
  );
}

function periodOptions(type: string) {
  const y = Number(shanghaiMonth(0).slice(0, 4));
  if (type === 'year') return [y - 1, y].map((x) => ({ value: String(x), label: String(x) }));
  return Array.from({ length: 13 }, (_, i) => shanghaiMonth(-i)).map((m) => ({ value: m, label: m }));
}

const STREAM_OPTIONS = (L: (zh: string, en: string) => string) => [{ value: 'hazardous', label: L('危险废物', 'Hazardous waste') }, { value: 'industrial', label: L('一般工业固体废物', 'General industrial waste') }];

function MyDeclaration() {
  const { L, M, lang } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [stream, setStream] = useState('hazardous');
  const [periodType, setPeriodType] = useState('month');
  const [period, setPeriod] = useState(shanghaiMonth(0));
  const [remark, setRemark] = useState('');
  const draft = useQuery({ queryKey: ['declaration', stream, periodType, period], queryFn: () => get<Draft>(`/api/declarations/draft${qs({ stream, periodType, period })}`) });
  const t = (n: number) => tonnes(n, lang);
  return (
    <Card title={stream === 'industrial' ? L('一般工业固体废物申报登记', 'General industrial waste declaration') : L('危险废物申报', 'Hazardous-waste declaration')} extra={<Space wrap>
      <Select value={stream} onChange={setStream} options={STREAM_OPTIONS(L)} style={{ width: 170 }} data-testid="declaration-stream" />
      <Select value={periodType} onChange={(v) => { setPeriodType(v); setPeriod(periodOptions(v)[0].value); }} options={[{ value: 'month', label: L('月度', 'Monthly') }, { value: 'year', label: L('年度', 'Yearly') }]} />
      <Select value={period} onChange={setPeriod} options={periodOptions(periodType)} style={{ width: 110 }} data-testid="declaration-period" />
    </Space>}>
      {draft.data?.closesAt && <Alert type={new Date(draft.data.closesAt) < new Date() ? 'warning' : 'info'} showIcon style={{ marginBottom: 12 }} message={L(`本期申报截止：${shanghai(new Date(new Date(draft.data.closesAt).getTime() - 1).toISOString(), false)}`, `This period closes: ${shanghai(new Date(new Date(draft.data.closesAt).getTime() - 1).toISOString(), false)}`)} />}
      {draft.data?.submitted && <Alert type="success" showIcon style={{ marginBottom: 12 }} data-testid="declaration-submitted" message={L(`已申报（第 ${draft.data.submitted.version} 版，${shanghai(draft.data.submitted.submittedAt)}）`, `Declared (version ${draft.data.submitted.version}, ${shanghai(draft.data.submitted.submittedAt)})`)} />}
      <Table<Line> rowKey="wasteCode" loading={draft.isLoading} dataSource={draft.data?.lines ?? []} pagination={false} scroll={{ x: 'max-content' }} data-testid="declaration-lines"
        columns={[
          { title: L('废物代码', 'Code'), dataIndex: 'wasteCode' },
          { title: L('产生量', 'Generated'), dataIndex: 'generatedT', render: t },
          { title: L('自行利用', 'Own utilisation'), dataIndex: 'selfUtilisedT', render: t },
          { title: L('自行处置', 'Own disposal'), dataIndex: 'selfDisposedT', render: t },
          { title: L('委托利用/处置', 'Sent to others'), dataIndex: 'transfers', render: (tr: Line['transfers']) => tr.map((x) => <div key={`${x.receiverName}${x.method}`}>{x.receiverName}（{x.licenceNo}）{x.method} {t(x.quantityT)} · {x.manifests}{L('份联单', ' manifests')}</div>) },
          { title: L('接收量', 'Received'), dataIndex: 'receivedT', render: t },
          { title: L('期初贮存', 'Stored at start'), dataIndex: 'storedStartT', render: t },
          { title: L('期末贮存', 'Stored at end'), dataIndex: 'storedEndT', render: t },
        ]} />
      {stream === 'industrial' && periodType === 'month' && <ExcelDeclaration period={period} remark={remark} declared={!!draft.data?.submitted} />}
      <Space style={{ marginTop: 12 }} wrap>
        <Input placeholder={L('说明（可选）', 'Remark (optional)')} value={remark} onChange={(e) => setRemark(e.target.value)} style={{ width: 300 }} />
        <Button type="primary" data-testid="declaration-submit" onClick={async () => {
          try { await post('/api/declarations', { stream, periodType, period, remark }); message.success(L('已提交申报', 'Declared')); client.invalidateQueries({ queryKey: ['declaration'] }); }
          catch (e) { if (e instanceof ApiError) message.error(M(e.text)); }
        }}>{L('确认并提交', 'Check and submit')}</Button>
      </Space>
    </Card>
  );
}

type Figures = { generatedT: number; selfUtilisedT: number; selfDisposedT: number; storedEndT: number };
interface SheetLine { wasteCode: string; name: string; row: number | null; ledger: Figures; sheet: Figures; difference: Figures; movements: { kind: string; corrects?: string; quantityT: number }[] }
interface SheetPreview { period: string; fingerprint: string; changes: number; lines: SheetLine[] }

const MOVEMENT_LABEL: Record<string, [string, string]> = { generate: ['产生', 'generated'], self_utilise: ['自行利用', 'own use'], self_dispose: ['自行处置', 'own disposal'] };

/**
 * 一般工业固体废物月度申报（Excel）: download the month's sheet filled from the ledger, upload it
 * corrected, check ledger against sheet and the entries that would be added, then confirm.
 */
function ExcelDeclaration({ period, remark, declared }: { period: string; remark: string; declared: boolean }) {
  const { L, M, lang } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<SheetPreview | null>(null);
  const [problems, setProblems] = useState<{ text: string; issues: Issue[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const t = (n: number) => tonnes(n, lang);
  const form = (f: File, extra: Record<string, string> = {}) => {
    const data = new FormData();
    data.append('period', period);
    for (const [k, v] of Object.entries(extra)) data.append(k, v);
    data.append('file', f);
    return data;
  };
  const fail = (e: unknown) => {
    if (!(e instanceof ApiError)) { message.error(String(e)); return; }
    setProblems({ text: M(e.text), issues: e.code === 'SHEET_PROBLEMS' ? e.issues : [] });
  };
  // Classes with nothing in the ledger or the sheet stay out of the way.
  const shown = preview?.lines.filter((l) => l.movements.length || Object.values(l.sheet).some(Boolean) || Object.values(l.ledger).some(Boolean)) ?? [];
  const signed = (n: number) => (n > 0 ? `+${t(n)}` : n < 0 ? `−${t(-n)}` : '—');
  const figure = (key: keyof Figures) => (_: unknown, l: SheetLine) => (
    <span>{t(l.sheet[key])}{l.difference[key] !== 0 && <Tag color={l.difference[key] > 0 ? 'blue' : 'orange'} style={{ marginLeft: 6 }}>{L('台账', 'ledger')} {t(l.ledger[key])}，{signed(l.difference[key])}</Tag>}</span>
  );
  return (
    <Card type="inner" size="small" style={{ marginTop: 12 }} data-testid="excel-declaration" title={L(`Excel 申报（${period}）`, `Declare from Excel (${period})`)} extra={<Space wrap>
      <Button icon={<DownloadOutlined />} href={`/api/declarations/industrial/template.xlsx${qs({ period })}`} data-testid="excel-template">{L('下载模板', 'Download the sheet')}</Button>
      <input ref={input} type="file" accept=".xlsx" hidden data-testid="excel-file" onChange={async (e) => {
        const picked = e.target.files?.[0];
        e.target.value = '';
        if (!picked) return;
        setFile(picked); setPreview(null); setProblems(null); setBusy(true);
        try { setPreview(await api<SheetPreview>('POST', '/api/declarations/industrial/preview', form(picked))); } catch (err) { fail(err); } finally { setBusy(false); }
      }} />
      <Button icon={<UploadOutlined />} loading={busy && !preview} disabled={declared} onClick={() => input.current?.click()} data-testid="excel-upload">{L('上传', 'Upload')}</Button>
    </Space>}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {L('模板按类别列出本月台账数据；只改“产生量”“自行利用量”“自行处置量”（吨）。委外转移来自电子联单，期末贮存量由平台计算。确认后平台追加台账记录（不修改原记录）并提交本月申报。',
          'The sheet lists this month’s ledger by class; change only generated, own utilisation and own disposal (t). Transfers come from manifests and storage is computed. Confirming appends ledger entries (old ones are never changed) and submits the month.')}
      </Typography.Paragraph>
      {declared && <Alert type="info" showIcon style={{ marginBottom: 8 }} message={L('本月已申报，不能再通过 Excel 提交', 'This month is declared: it cannot be submitted again from Excel')} />}
      {problems && <Alert type="error" showIcon style={{ marginBottom: 8 }} data-testid="excel-problems" message={problems.issues.length ? L(`申报表有 ${problems.issues.length} 处问题，未作任何修改`, `The sheet has ${problems.issues.length} problem(s); nothing was changed`) : problems.text}
        description={problems.issues.length > 0 && <ul style={{ margin: 0, paddingLeft: 18 }}>{problems.issues.map((i) => <li key={`${i.path}${i.message.zh}`}>{M(i.message)}</li>)}</ul>} />}
      {preview && <>
        <Table<SheetLine> rowKey="wasteCode" size="small" pagination={false} scroll={{ x: 'max-content' }} data-testid="excel-preview" dataSource={shown}
          columns={[
            { title: L('类别代码', 'Class'), dataIndex: 'wasteCode' },
            { title: L('名称', 'Name'), dataIndex: 'name' },
            { title: L('产生量', 'Generated'), key: 'g', render: figure('generatedT') },
            { title: L('自行利用量', 'Own utilisation'), key: 'u', render: figure('selfUtilisedT') },
            { title: L('自行处置量', 'Own disposal'), key: 'd', render: figure('selfDisposedT') },
            { title: L('期末贮存量', 'Stored at end'), key: 's', render: figure('storedEndT') },
            { title: L('将追加的台账记录', 'Ledger entries to append'), key: 'm', render: (_: unknown, l: SheetLine) => (l.movements.length ? l.movements.map((m, i) => {
              const label = MOVEMENT_LABEL[m.corrects ?? m.kind] ?? [m.kind, m.kind];
              return <Tag key={i} color={m.kind === 'correction' ? 'orange' : 'blue'}>{m.kind === 'correction' ? L(`更正${label[0]}`, `correct ${label[1]}`) : L(label[0], label[1])} {signed(m.quantityT)}</Tag>;
            }) : <Typography.Text type="secondary">{L('无变化', 'no change')}</Typography.Text>) },
          ]} />
        <Space style={{ marginTop: 8 }} wrap>
          {shown.length < preview.lines.length && <Typography.Text type="secondary">{L(`其余 ${preview.lines.length - shown.length} 个类别均为 0 吨。`, `The other ${preview.lines.length - shown.length} classes are all 0 t.`)}</Typography.Text>}
          <span data-testid="excel-changes">{L(`共 ${preview.changes} 条台账记录将被追加`, `${preview.changes} ledger entries will be appended`)}</span>
          <Button type="primary" loading={busy} data-testid="excel-confirm" onClick={async () => {
            if (!file) return;
            setBusy(true);
            try {
              await api('POST', '/api/declarations/industrial/confirm', form(file, { fingerprint: preview.fingerprint, remark }));
              message.success(L('已按申报表补记台账并提交申报', 'Ledger brought in line with the sheet and the month declared'));
              setPreview(null); setFile(null);
              client.invalidateQueries({ queryKey: ['declaration'] });
            } catch (err) { fail(err); } finally { setBusy(false); }
          }}>{L('确认提交', 'Confirm and submit')}</Button>
          <Button onClick={() => { setPreview(null); setFile(null); }}>{L('取消', 'Cancel')}</Button>
        </Space>
      </>}
    </Card>
  );
}

function Overview() {
  const { L } = useI18n();
  const [stream, setStream] = useState('hazardous');
  const [periodType, setPeriodType] = useState('month');
  const [period, setPeriod] = useState(shanghaiMonth(-1));
  const [missingOnly, setMissingOnly] = useState(false);
  const [page, setPage] = useState(1);
  const list = useQuery({ queryKey: ['declarations', stream, periodType, period, missingOnly, page], queryFn: () => get<{ items: { organisationId: string; organisationName: string; industry: string; declared: boolean; version: number | null; submittedAt: string | null }[]; total: number }>(`/api/declarations${qs({ stream, periodType, period, missingOnly: missingOnly || undefined, page, pageSize: 20 })}`) });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
    {stream === 'industrial' && <Registration year={Number(period.slice(0, 4))} />}
    <Card title={L('申报情况', 'Who has declared')} extra={<Space wrap>
      <Select value={stream} onChange={(v) => { setStream(v); setPage(1); }} options={STREAM_OPTIONS(L)} style={{ width: 170 }} data-testid="overview-stream" />
      <Select value={periodType} onChange={(v) => { setPeriodType(v); setPeriod(periodOptions(v)[1]?.value ?? periodOptions(v)[0].value); }} options={[{ value: 'month', label: L('月度', 'Monthly') }, { value: 'year', label: L('年度', 'Yearly') }]} />
      <Select value={period} onChange={setPeriod} options={periodOptions(periodType)} style={{ width: 110 }} />
      <Checkbox checked={missingOnly} onChange={(e) => setMissingOnly(e.target.checked)}>{L('只看未申报', 'Not declared only')}</Checkbox>
    </Space>}>
      <Table rowKey="organisationId" loading={list.isLoading} dataSource={list.data?.items ?? []} pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage }}
        columns={[
          { title: L('单位', 'Company'), dataIndex: 'organisationName' },
          { title: L('行业', 'Industry'), dataIndex: 'industry' },
          { title: L('状态', 'Status'), dataIndex: 'declared', render: (d: boolean, r) => (d ? <Tag color="green">{L(`已申报（第${r.version}版）`, `Declared (v${r.version})`)}</Tag> : <Tag color="red">{L('未申报', 'Not declared')}</Tag>) },
          { title: L('申报时间', 'Declared at'), dataIndex: 'submittedAt', render: (x: string | null) => shanghai(x) },
        ]} />
    </Card>
    </Space>
  );
}

interface RegistrationRow { industry: string; producers: number; declared: number; keyIndustry: string | null; targetPct: number; ratePct: number | null; met: boolean }

/** 申报登记率 by industry against seed 000's targets. */
function Registration({ year }: { year: number }) {
  const { L } = useI18n();
  const reg = useQuery({ queryKey: ['registration', year], queryFn: () => get<{ producers: number; declared: number; ratePct: number | null; targetPct: number; items: RegistrationRow[] }>(`/api/declarations/registration?year=${year}`) });
  const r = reg.data;
  return (
    <Card title={L(`${year} 年一般工业固体废物申报登记率`, `${year}: registration rate of general industrial waste producers`)} loading={reg.isLoading}>
      {r && <>
        <Space size="large" style={{ marginBottom: 12 }} data-testid="registration-rate"><span>{L('产废单位', 'Producers')} <b>{r.producers}</b></span><span>{L('已申报', 'Declared')} <b>{r.declared}</b></span>
          <span>{L('申报登记率', 'Rate')} <b>{r.ratePct ?? '—'}%</b>（{L('目标', 'target')} {r.targetPct}%）</span></Space>
        <Table rowKey="industry" size="small" pagination={false} dataSource={r.items} columns={[
          { title: L('行业', 'Industry'), dataIndex: 'industry', render: (i: string, x) => <span>{i} {x.keyIndustry && <Tag color="purple">{L('重点行业', 'Key industry')}</Tag>}</span> },
          { title: L('产废单位', 'Producers'), dataIndex: 'producers' }, { title: L('已申报', 'Declared'), dataIndex: 'declared' },
          { title: L('申报登记率', 'Rate'), dataIndex: 'ratePct', render: (p: number | null, x) => <Tag color={x.met ? 'green' : 'red'}>{p ?? '—'}%（{L('目标', 'target')} {x.targetPct}%）</Tag> },
        ]} />
      </>}
    </Card>
  );
}
