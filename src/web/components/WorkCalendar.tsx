import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Input, Segmented, Space, Tag, Typography } from 'antd';
import { ApiError, api, get } from '../api';
import { useI18n } from '../i18n';

// 工作日历: the State Council's holidays and make-up working days of a year as the platform knows them,
// and the days the office adds (a year not yet known, a local holiday). Every deadline in working days
// (manifest receipts, complaint acceptance, public notices) follows it.
interface Named { day: string; name: { zh: string; en: string } }
interface Calendar {
  regionCode: string; year: number; editable: boolean; workingDays: number;
  national: { covered: boolean; source: { zh: string; en: string }; holidays: Named[]; workdays: Named[] };
  own: { regionCode: string; day: string; kind: 'holiday' | 'workday'; note: string }[];
}

const KIND_WORD: Record<string, 'holiday' | 'workday'> = { 放假: 'holiday', 休: 'holiday', holiday: 'holiday', 上班: 'workday', 班: 'workday', workday: 'workday' };
const DAY_MS = 86_400_000;

/** "2027-02-06~2027-02-14 放假 春节" or "2027-02-15 上班": one line, a day or a range, a kind and a note. */
export function parseCalendarLines(text: string): { days: { day: string; kind: 'holiday' | 'workday'; note?: string }[]; bad: string | null } {
  const days: { day: string; kind: 'holiday' | 'workday'; note?: string }[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const m = /^(\d{4}-\d{2}-\d{2})(?:\s*[~～至-]\s*(\d{4}-\d{2}-\d{2}))?\s+(\S+)\s*(.*)$/.exec(line);
    const kind = m ? KIND_WORD[m[3]] : undefined;
    if (!m || !kind) return { days, bad: line };
    const from = Date.parse(`${m[1]}T00:00:00Z`);
    const to = m[2] ? Date.parse(`${m[2]}T00:00:00Z`) : from;
    if (!(to >= from) || to - from > 40 * DAY_MS) return { days, bad: line };
    for (let t = from; t <= to; t += DAY_MS) days.push({ day: new Date(t).toISOString().slice(0, 10), kind, note: m[4] || undefined });
  }
  return { days, bad: null };
}

/** Consecutive days of the same name, as "春节 2月15日–2月23日". */
function periods(days: Named[]) {
  const out: { name: Named['name']; from: string; to: string }[] = [];
  for (const d of days) {
    const last = out[out.length - 1];
    if (last && last.name.zh === d.name.zh && Date.parse(d.day) - Date.parse(last.to) === DAY_MS) last.to = d.day;
    else out.push({ name: d.name, from: d.day, to: d.day });
  }
  return out;
}

export function WorkCalendar() {
  const { L, M, lang } = useI18n();
  const { message } = App.useApp();
  const thisYear = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const [text, setText] = useState<string | null>(null);
  const calendar = useQuery({ queryKey: ['work-calendar', year], queryFn: () => get<Calendar>(`/api/work-calendar?year=${year}`) });
  if (calendar.error) return <Alert type="error" showIcon message={calendar.error instanceof ApiError ? M(calendar.error.text) : String(calendar.error)} />;
  const c = calendar.data;
  const md = (day: string) => (lang === 'zh' ? `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日` : day.slice(5));
  const mine = (c?.own ?? []).filter((d) => d.regionCode === c?.regionCode);
  const shown = text ?? mine.map((d) => `${d.day} ${d.kind === 'holiday' ? '放假' : '上班'} ${d.note}`.trim()).join('\n');
  const save = async () => {
    const parsed = parseCalendarLines(shown);
    if (parsed.bad) { message.error(L(`无法识别：${parsed.bad}`, `Cannot read: ${parsed.bad}`)); return; }
    try { await api('PUT', '/api/work-calendar', { year, days: parsed.days }); setText(null); await calendar.refetch(); message.success(L('已保存，工作日时限按新日历计算', 'Saved: working-day deadlines follow the new calendar')); } catch (e) { message.error(e instanceof ApiError ? M(e.text) : String(e)); }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="work-calendar">
      <Segmented value={year} onChange={(v) => { setYear(Number(v)); setText(null); }} options={[thisYear - 1, thisYear, thisYear + 1].map((y) => ({ value: y, label: L(`${y}年`, String(y)) }))} />
      {c && !c.national.covered && (
        <Alert type="warning" showIcon data-testid="calendar-not-covered" message={L(`平台尚未收录国务院办公厅${year}年节假日安排：通知发布后请在下方录入，录入前只扣除周末`, `The State Council's ${year} arrangement is not known to the platform yet: enter it below once published; until then only weekends are skipped`)} />
      )}
      {c && (
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label={L('法定节假日', 'Public holidays')}>
            <Space wrap>{periods(c.national.holidays).map((p) => <Tag key={p.from} color="red">{M(p.name)} {md(p.from)}{p.to !== p.from ? `–${md(p.to)}` : ''}</Tag>)}{!c.national.holidays.length && '—'}</Space>
          </Descriptions.Item>
          <Descriptions.Item label={L('调休上班', 'Make-up working days')}>
            <Space wrap>{c.national.workdays.map((d) => <Tag key={d.day} color="blue">{md(d.day)}（{M(d.name)}）</Tag>)}{!c.national.workdays.length && '—'}</Space>
          </Descriptions.Item>
          <Descriptions.Item label={L('本地区设置', 'Set by the region')}>
            <Space wrap>{c.own.map((d) => <Tag key={`${d.regionCode}${d.day}`} color={d.kind === 'holiday' ? 'volcano' : 'geekblue'}>{md(d.day)} {d.kind === 'holiday' ? L('放假', 'off') : L('上班', 'work')}{d.note ? ` ${d.note}` : ''}</Tag>)}{!c.own.length && '—'}</Space>
          </Descriptions.Item>
          <Descriptions.Item label={L('全年工作日', 'Working days in the year')}><span data-testid="calendar-working-days">{c.workingDays}</span> {L('天', 'days')}</Descriptions.Item>
          <Descriptions.Item label={L('来源', 'Source')}>{M(c.national.source)}</Descriptions.Item>
        </Descriptions>
      )}
      {c?.editable && (
        <>
          <Typography.Text type="secondary">{L('本地区补充（替换本年度已录入的日期）：每行一个日期或区间、“放假”或“上班”、可加备注，如 “2027-02-06~2027-02-14 放假 春节”、“2027-02-15 上班 春节调休”。', 'Days the region adds (they replace what it entered for the year): one date or range a line, 放假 (off) or 上班 (work), an optional note, e.g. "2027-02-06~2027-02-14 放假 春节".')}</Typography.Text>
          <Input.TextArea rows={8} value={shown} onChange={(e) => setText(e.target.value)} data-testid="calendar-lines" />
          <Button type="primary" onClick={save} disabled={text === null} data-testid="calendar-save">{L('保存工作日历', 'Save the calendar')}</Button>
        </>
      )}
    </Space>
  );
}
