import { useRef, useState } from 'react';
import { Alert, App, Button, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { ApiError, api, type Issue, type Message } from '../api';
import { shanghai, tonnes, useI18n } from '../i18n';
import { PLACE_KINDS, TICKET_CLASSES } from '../../domain/household';

// 生活垃圾 Excel imports in the console: the register of communities and villages (download the
// template, fill, upload) or a facility's weighbridge history as its software exports it. The upload
// is previewed row by row with each problem at its cell; confirming writes all of it, or nothing.

export type HouseholdImportProps = ({ kind: 'places' } | { kind: 'tickets'; facilityId: string }) & { onDone?: () => void };

interface CellProblem { path: string; row: number; column: string; message: Message }
interface StatusValues { asOf: string; households: number; sortedDeposit: boolean; sortedCollection: boolean; sortedTransport: boolean; sortedTreatment: boolean; collectionRooms: number }
interface PlaceRow {
  row: number; status: 'new' | 'status' | 'unchanged' | 'problem'; regionCode: string | null; regionName: string | null; kind: 'community' | 'village' | null; name: string;
  cells: Record<string, string>; values: StatusValues | null; current: StatusValues | null; problems: CellProblem[];
}
interface PlacesPreview { filename: string; rows: PlaceRow[]; counts: { new: number; status: number; unchanged: number; problem: number }; problems: number }
interface TicketRow {
  row: number; status: 'new' | 'resent' | 'problem'; ticketNo: string; plate: string; cargo: string; wasteClass: keyof typeof TICKET_CLASSES | null;
  grossT: number | null; tareT: number | null; netT: number | null; inAt: string | null; outAt: string | null; originName: string | null; routeName: string | null; problems: CellProblem[];
}
interface TicketsPreview {
  filename: string; facility: { id: string; name: string }; unit: 't' | 'kg'; unitNote: Message; columns: { key: string; header: string }[];
  counts: { rows: number; new: number; resent: number; problem: number }; problems: number; rows: TicketRow[];
}

const PLACE_STATUS: Record<PlaceRow['status'], [string, string, string]> = {
  new: ['新登记', 'New place', 'green'], status: ['新状态', 'New status', 'blue'], unchanged: ['不变', 'Unchanged', 'default'], problem: ['有问题', 'Problem', 'red'],
};
const TICKET_STATUS: Record<TicketRow['status'], [string, string, string]> = {
  new: ['新磅单', 'New', 'green'], resent: ['已存在，跳过', 'Already stored: skipped', 'default'], problem: ['有问题', 'Problem', 'red'],
};
const STAGES = ['sortedDeposit', 'sortedCollection', 'sortedTransport', 'sortedTreatment'] as const;

export function HouseholdImport(props: HouseholdImportProps) {
  const { L, M, lang } = useI18n();
  const { message } = App.useApp();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [places, setPlaces] = useState<PlacesPreview | null>(null);
  const [tickets, setTickets] = useState<TicketsPreview | null>(null);
  const [refused, setRefused] = useState<{ text: string; issues: Issue[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const url = props.kind === 'places' ? '/api/household/places/import' : `/api/household/facilities/${props.facilityId}/tickets/import`;
  const testId = `household-import-${props.kind}`;

  const send = <T,>(picked: File, confirm: boolean) => {
    const form = new FormData();
    form.append('file', picked);
    return api<T>('POST', `${url}?confirm=${confirm}`, form);
  };
  const reset = () => { setPlaces(null); setTickets(null); setFile(null); };
  const fail = (e: unknown) => {
    if (!(e instanceof ApiError)) { message.error(String(e)); return; }
    setRefused({ text: M(e.text), issues: e.code === 'SHEET_PROBLEMS' ? e.issues : [] });
  };
  const preview = async (picked: File) => {
    setFile(picked); setPlaces(null); setTickets(null); setRefused(null); setBusy(true);
    try {
      if (props.kind === 'places') setPlaces(await send<PlacesPreview>(picked, false));
      else setTickets(await send<TicketsPreview>(picked, false));
    } catch (err) { fail(err); } finally { setBusy(false); }
  };
  const confirm = async () => {
    if (!file) return;
    setBusy(true);
    try {
      if (props.kind === 'places') {
        const done = await send<{ created: number; statuses: number; unchanged: number }>(file, true);
        message.success(L(`已导入：新登记 ${done.created} 个，新状态 ${done.statuses} 个，不变 ${done.unchanged} 个`, `Imported: ${done.created} new places, ${done.statuses} new statuses, ${done.unchanged} unchanged`));
      } else {
        const done = await send<{ accepted: number; duplicates: number }>(file, true);
        message.success(L(`已导入 ${done.accepted} 张磅单，跳过已存在的 ${done.duplicates} 张`, `Imported ${done.accepted} tickets; ${done.duplicates} already stored were skipped`));
      }
      reset();
      props.onDone?.();
    } catch (err) { fail(err); } finally { setBusy(false); }
  };

  /** A cell as read, outlined in red with its problem when it has one. */
  const cell = (text: React.ReactNode, problems: CellProblem[], column: string) => {
    const problem = problems.find((p) => p.column === column);
    if (!problem) return text;
    return <Tooltip title={M(problem.message)}><span data-problem="error" style={{ outline: '2px solid #ff4d4f', display: 'inline-block', minWidth: 20, minHeight: 16 }}>{text || ' '}</span></Tooltip>;
  };
  const problemList = (rows: { problems: CellProblem[] }[], total: number) => {
    const all = rows.flatMap((r) => r.problems);
    return total > 0 && <Alert type="error" showIcon style={{ marginBottom: 8 }} data-testid={`${testId}-problems`}
      message={L(`${total} 处问题须在文件中更正后重新上传，更正前不会写入任何内容`, `${total} problem(s) to correct in the file and upload again; nothing is written until then`)}
      description={<ul style={{ margin: 0, paddingLeft: 18, maxHeight: 160, overflow: 'auto' }}>{all.slice(0, 50).map((p) => <li key={`${p.path}${p.message.zh}`}>{M(p.message)}</li>)}</ul>} />;
  };
  const yesNo = (v: boolean | undefined) => (v === undefined ? '' : v ? L('是', 'yes') : L('否', 'no'));
  const weight = (t: number | null) => (t === null ? '' : tonnes(Math.round(t * 1000) / 1000, lang));

  const pending = places ? places.counts.new + places.counts.status : tickets ? tickets.counts.new : 0;
  const blocked = (places?.problems ?? tickets?.problems ?? 0) > 0;

  return (
    <div data-testid={testId}>
      <Space wrap style={{ marginBottom: 8 }}>
        {props.kind === 'places' && <Button icon={<DownloadOutlined />} href="/api/household/places/template.xlsx" data-testid={`${testId}-template`}>{L('下载名录模板', 'Download the register sheet')}</Button>}
        <input ref={input} type="file" accept={props.kind === 'places' ? '.xlsx' : '.xlsx,.csv'} hidden data-testid={`${testId}-file`} onChange={(e) => {
          const picked = e.target.files?.[0];
          e.target.value = '';
          if (picked) preview(picked);
        }} />
        <Button icon={<UploadOutlined />} loading={busy && !places && !tickets} onClick={() => input.current?.click()} data-testid={`${testId}-upload`}>
          {props.kind === 'places' ? L('上传名录', 'Upload the register') : L('上传磅单导出文件', 'Upload a weighbridge export')}
        </Button>
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {props.kind === 'places'
          ? L('模板列出本辖区已登记的小区和村及其最新状态。新增行即登记新的小区或村；修改户数或分类环节并填写状态日期，即为该日期起的新状态（原状态保留）。上传后先预览，确认后一次写入。',
            'The sheet lists your area’s communities and villages with their latest status. A new row registers a place; changed households or stages with a date give a new status from that day (the earlier one stays). The upload is previewed; confirming writes it all at once.')
          : L('上传地磅软件导出的 .xlsx 或 .csv（列名如 磅单号、车牌号、货物名称、毛重、皮重、净重、进场时间、出场时间、来源、线路；重量为吨或千克）。已上传过的磅单自动跳过。',
            'Upload the .xlsx or .csv the weighbridge software exports (columns such as 磅单号, 车牌号, 货物名称, 毛重, 皮重, 净重, 进场时间, 出场时间, 来源, 线路; weights in t or kg). Tickets already stored are skipped.')}
      </Typography.Paragraph>
      {refused && <Alert type="error" showIcon style={{ marginBottom: 8 }} data-testid={`${testId}-refused`}
        message={refused.issues.length ? L(`文件有 ${refused.issues.length} 处问题，未作任何修改`, `The file has ${refused.issues.length} problem(s); nothing was changed`) : refused.text}
        description={refused.issues.length > 0 && <ul style={{ margin: 0, paddingLeft: 18, maxHeight: 160, overflow: 'auto' }}>{refused.issues.map((i) => <li key={`${i.path}${i.message.zh}`}>{M(i.message)}</li>)}</ul>} />}

      {places && <>
        {problemList(places.rows, places.problems)}
        <Table<PlaceRow> rowKey="row" size="small" scroll={{ x: 'max-content' }} data-testid={`${testId}-preview`} pagination={{ pageSize: 20, hideOnSinglePage: true }}
          dataSource={[...places.rows.filter((r) => r.status === 'problem'), ...places.rows.filter((r) => r.status !== 'problem')]}
          columns={[
            { title: L('行', 'Row'), dataIndex: 'row' },
            { title: L('处理', 'Outcome'), key: 'status', render: (_: unknown, r) => <Tag color={PLACE_STATUS[r.status][2]}>{L(PLACE_STATUS[r.status][0], PLACE_STATUS[r.status][1])}</Tag> },
            { title: L('镇街', 'Town'), key: 'town', render: (_: unknown, r) => cell(r.regionName ? `${r.regionName}（${r.regionCode}）` : r.cells.town, r.problems, 'town') },
            { title: L('类型', 'Type'), key: 'kind', render: (_: unknown, r) => cell(r.kind ? M(PLACE_KINDS[r.kind]) : r.cells.kind, r.problems, 'kind') },
            { title: L('名称', 'Name'), key: 'name', render: (_: unknown, r) => cell(r.name, r.problems, 'name') },
            { title: L('户数', 'Households'), key: 'households', align: 'right', render: (_: unknown, r) => cell(r.values ? `${r.values.households.toLocaleString('zh-CN')} ${L('户', '')}`.trim() : r.cells.households, r.problems, 'households') },
            ...STAGES.map((s) => ({
              title: L({ sortedDeposit: '投放', sortedCollection: '收集', sortedTransport: '运输', sortedTreatment: '处理' }[s], { sortedDeposit: 'Deposit', sortedCollection: 'Collection', sortedTransport: 'Transport', sortedTreatment: 'Treatment' }[s]),
              key: s, render: (_: unknown, r: PlaceRow) => cell(r.values ? yesNo(r.values[s]) : r.cells[s], r.problems, s),
            })),
            { title: L('收集房', 'Rooms'), key: 'rooms', align: 'right', render: (_: unknown, r) => cell(r.values ? String(r.values.collectionRooms) : r.cells.collectionRooms, r.problems, 'collectionRooms') },
            { title: L('状态日期', 'From'), key: 'asOf', render: (_: unknown, r) => cell(r.values?.asOf ?? r.cells.asOf, r.problems, 'asOf') },
            { title: L('现有状态', 'Current status'), key: 'current', render: (_: unknown, r) => (r.current ? L(`${r.current.asOf}起 ${r.current.households.toLocaleString('zh-CN')} 户`, `from ${r.current.asOf}: ${r.current.households.toLocaleString('en')} households`) : '—') },
          ]} />
        <Space style={{ marginTop: 8 }} wrap>
          <span data-testid={`${testId}-counts`}>{L(`新登记 ${places.counts.new} 个，新状态 ${places.counts.status} 个，不变 ${places.counts.unchanged} 个，有问题 ${places.counts.problem} 行`,
            `${places.counts.new} new places, ${places.counts.status} new statuses, ${places.counts.unchanged} unchanged, ${places.counts.problem} rows with problems`)}</span>
        </Space>
      </>}

      {tickets && <>
        <Alert type="info" showIcon style={{ marginBottom: 8 }} data-testid={`${testId}-unit`} message={M(tickets.unitNote)}
          description={L(`识别的列：${tickets.columns.map((c) => c.header).join('、')}`, `Columns read: ${tickets.columns.map((c) => c.header).join(', ')}`)} />
        {problemList(tickets.rows, tickets.problems)}
        <Table<TicketRow> rowKey="row" size="small" scroll={{ x: 'max-content' }} data-testid={`${testId}-preview`} dataSource={tickets.rows} pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: L('行', 'Row'), dataIndex: 'row' },
            { title: L('处理', 'Outcome'), key: 'status', render: (_: unknown, r) => <Tag color={TICKET_STATUS[r.status][2]}>{L(TICKET_STATUS[r.status][0], TICKET_STATUS[r.status][1])}</Tag> },
            { title: L('磅单号', 'Ticket'), key: 'ticketNo', render: (_: unknown, r) => cell(r.ticketNo, r.problems, 'ticketNo') },
            { title: L('车牌号', 'Plate'), key: 'plate', render: (_: unknown, r) => cell(r.plate, r.problems, 'plate') },
            { title: L('类别', 'Class'), key: 'class', render: (_: unknown, r) => cell(r.wasteClass ? `${M(TICKET_CLASSES[r.wasteClass])}（${r.cargo}）` : r.cargo, r.problems, 'cargo') },
            { title: L('毛重', 'Gross'), key: 'gross', align: 'right', render: (_: unknown, r) => cell(weight(r.grossT), r.problems, 'gross') },
            { title: L('皮重', 'Tare'), key: 'tare', align: 'right', render: (_: unknown, r) => cell(weight(r.tareT), r.problems, 'tare') },
            { title: L('净重', 'Net'), key: 'net', align: 'right', render: (_: unknown, r) => cell(weight(r.netT), r.problems, 'net') },
            { title: L('进场', 'In'), key: 'inAt', render: (_: unknown, r) => cell(shanghai(r.inAt), r.problems, 'inAt') },
            { title: L('出场', 'Out'), key: 'outAt', render: (_: unknown, r) => cell(shanghai(r.outAt), r.problems, 'outAt') },
            { title: L('来源', 'Origin'), key: 'origin', render: (_: unknown, r) => cell(r.originName ?? '', r.problems, 'origin') },
            { title: L('线路', 'Route'), key: 'route', render: (_: unknown, r) => cell(r.routeName ?? '', r.problems, 'route') },
          ]} />
        <Space style={{ marginTop: 8 }} wrap>
          <span data-testid={`${testId}-counts`}>{L(`共 ${tickets.counts.rows} 行：新磅单 ${tickets.counts.new} 张，已存在 ${tickets.counts.resent} 张，有问题 ${tickets.counts.problem} 行${tickets.counts.rows > tickets.rows.length ? `（列出前 ${tickets.rows.length} 行，有问题的在前）` : ''}`,
            `${tickets.counts.rows} rows: ${tickets.counts.new} new tickets, ${tickets.counts.resent} already stored, ${tickets.counts.problem} with problems${tickets.counts.rows > tickets.rows.length ? ` (the first ${tickets.rows.length} listed, problems first)` : ''}`)}</span>
        </Space>
      </>}

      {(places || tickets) && <Space style={{ marginTop: 8, display: 'flex' }} wrap>
        <Button type="primary" loading={busy} disabled={blocked || pending === 0} data-testid={`${testId}-confirm`} onClick={confirm}>{L('确认导入', 'Import')}</Button>
        <Button onClick={reset}>{L('取消', 'Cancel')}</Button>
      </Space>}
    </div>
  );
}
