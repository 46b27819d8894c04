import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { nextMonth } from '../../src/domain/recycling-reports';
import { expectRefusedAmong } from '../support/refusals';

// 月度工作进展 over HTTP against the demo (seed 004 五(三)(四)): 冠县's commerce bureau files a month
// and corrects it, the lines show on 聊城's task list as the bureau's progress, a month not over and
// bad lines are refused with nothing written; 聊城's commerce bureau reads the grid of its counties,
// reminds 冠县 and issues a notice; each bureau sees only its own area.
let t: TestApp;
let guanxian: Client, city: Client, linqing: Client, office: Client, eco: Client, producer: Client;
const db = () => t.database.db;
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const thisMonth = today.slice(0, 7);
const year = Number(today.slice(0, 4));
/** A month that is over: two months back (the demo leaves 冠县's reports of earlier months alone but for November). */
const pastMonth = (() => { const [y, m] = thisMonth.split('-').map(Number); const back = m <= 2 ? `${y - 1}-${String(m + 10).padStart(2, '0')}` : `${y}-${String(m - 2).padStart(2, '0')}`; return back; })();

async function counts() {
  const [row] = (await db().execute<Record<string, number>>(sql`SELECT
    (SELECT count(*)::int FROM recycling_progress_reports) AS reports, (SELECT count(*)::int FROM recycling_progress_lines) AS lines,
    (SELECT count(*)::int FROM task_progress) AS progress, (SELECT count(*)::int FROM audit_log) AS audit`)).rows;
  return row;
}

let taskIds: string[] = [];
const lines = (percent = 60, text = '完成分拣中心设备安装') => taskIds.map((taskId) => ({ taskId, percent, text }));
const report = (extra: Record<string, unknown> = {}) => ({ month: pastMonth, stationsBuilt: 2, sortingCentre: '分拣中心设备安装调试', mallsCreated: 1, recoveredT: 2750.5, lines: lines(), ...extra });

beforeAll(async () => {
  t = await startTestApp();
  [guanxian, city, linqing, office, eco, producer] = await Promise.all(['commerce.guanxian', 'commerce.liaocheng', 'commerce.linqing', 'office.linqing', 'eco.linqing', 'producer.demo'].map((u) => Client.login(t.app, u)));
  const tasks = await guanxian.get('/api/recycling/reports/tasks');
  expect(tasks.statusCode, tasks.body).toBe(200);
  taskIds = tasks.json().items.map((i: { id: string }) => i.id);
}, 180_000);
afterAll(async () => { await t?.close(); });

describe('a county bureau files its month', () => {
  it('reads the ten key tasks of seed 004 as 聊城’s task list', async () => {
    const body = (await guanxian.get('/api/recycling/reports/tasks')).json();
    expect(body.regionCode).toBe('371500');
    expect(body.items).toHaveLength(10);
    expect(body.items[5]).toMatchObject({ no: 6, title: '在全市创建一批“无废商场”', deadlineText: '2025年12月底', lead: ['市商务局'] });
  });

  it('files a month that is over, and the lines become the tasks’ progress attributed to the bureau', async () => {
    const res = await guanxian.post('/api/recycling/reports', report());
    expect(res.statusCode, res.body).toBe(201);
    const filed = res.json();
    expect(filed).toMatchObject({ regionCode: '371525', month: pastMonth, recoveredT: 2750.5, lines: expect.any(Array) });
    const task = (await city.get(`/api/tasks/${taskIds[5]}`)).json();
    expect(task.progress.find((p: { period: string; organisationName: string }) => p.period === pastMonth && p.organisationName === '冠县商务局')).toMatchObject({ percent: 60, text: '完成分拣中心设备安装' });
    const detail = (await guanxian.get(`/api/recycling/reports/${filed.id}`)).json();
    expect(detail).toMatchObject({ organisationName: '冠县商务局', regionName: '冠县', current: true });
    expect(detail.lines).toHaveLength(10);
  });

  it('a second filing of the month supersedes the first; both are kept', async () => {
    const first = (await guanxian.get(`/api/recycling/reports?month=${pastMonth}`)).json().items[0];
    const res = await guanxian.post('/api/recycling/reports', report({ recoveredT: 2801, note: '更正回收量', lines: lines(65, '分拣中心试运行') }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().supersedes).toBe(first.id);
    const list = (await guanxian.get(`/api/recycling/reports?month=${pastMonth}`)).json();
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ id: res.json().id, recoveredT: 2801, averagePercent: 65, versions: first.versions + 1 });
    const old = (await guanxian.get(`/api/recycling/reports/${first.id}`)).json();
    expect(old.current).toBe(false);
    expect(old.history.map((h: { id: string }) => h.id)).toContain(res.json().id);
  });

  it('refuses a month not over, a percent over 100, an unknown task and an empty report, writing nothing', async () => {
    const before = await counts();
    expectRefusedAmong(await guanxian.post('/api/recycling/reports', report({ month: nextMonth(thisMonth) })), 400, 'MONTH_NOT_OVER', 'month');
    if (Number(today.slice(8, 10)) < 25) expectRefusedAmong(await guanxian.post('/api/recycling/reports', report({ month: thisMonth })), 400, 'MONTH_NOT_OVER', 'month');
    expectRefusedAmong(await guanxian.post('/api/recycling/reports', report({ month: '2023-03' })), 400, 'MONTH_BEFORE_PLAN', 'month');
    expectRefusedAmong(await guanxian.post('/api/recycling/reports', report({ lines: [{ taskId: taskIds[0], percent: 120, text: '超额完成' }] })), 400, 'VALIDATION', 'lines.0.percent');
    expectRefusedAmong(await guanxian.post('/api/recycling/reports', report({ lines: [{ taskId: '00000000-0000-4000-8000-000000000000', percent: 10, text: '不存在的任务' }] })), 400, 'UNKNOWN_TASK', 'lines.0.taskId');
    expectRefusedAmong(await guanxian.post('/api/recycling/reports', report({ lines: [{ taskId: taskIds[0], percent: 10, text: '第一行' }, { taskId: taskIds[0], percent: 20, text: '重复一行' }] })), 400, 'DUPLICATE_TASK', 'lines.1.taskId');
    expectRefusedAmong(await guanxian.post('/api/recycling/reports', report({ lines: [] })), 400, 'VALIDATION', 'lines');
    expectRefusedAmong(await guanxian.post('/api/recycling/reports', report({ stationsBuilt: -1 })), 400, 'VALIDATION', 'stationsBuilt');
    expect(await counts()).toEqual(before);
  });

  it('only a county’s commerce bureau files', async () => {
    for (const who of [city, office, eco, producer]) expect((await who.post('/api/recycling/reports', report())).statusCode).toBe(403);
  });
});

describe('the city bureau follows the counties', () => {
  it('reads the grid of its eight counties: 莘县 missing months, 冠县 late in May', async () => {
    const grid = (await city.get(`/api/recycling/reports/grid?year=${year}`)).json();
    expect(grid.rows.map((r: { regionCode: string }) => r.regionCode)).toEqual(['371502', '371503', '371521', '371522', '371524', '371525', '371526', '371581']);
    const shen = grid.rows.find((r: { regionCode: string }) => r.regionCode === '371522');
    if (today >= `${year}-09-06`) expect(shen.cells.find((c: { month: string }) => c.month === `${year}-08`).status).toBe('missing');
    const guan = grid.rows.find((r: { regionCode: string }) => r.regionCode === '371525');
    if (today >= `${year}-06-10`) expect(guan.cells.find((c: { month: string }) => c.month === `${year}-05`).status).toBe('late');
    expect(guan.dueDay).toBe(5);
    expect(grid.rows[0].cells.find((c: { month: string }) => c.month === nextMonth(thisMonth))?.status ?? 'open').toBe('open');
  });

  it('a county sees its own row, 临清’s office its county; other departments are refused', async () => {
    expect((await guanxian.get(`/api/recycling/reports/grid?year=${year}`)).json().rows.map((r: { regionCode: string }) => r.regionCode)).toEqual(['371525']);
    expect((await office.get(`/api/recycling/reports/grid?year=${year}`)).json().rows.map((r: { regionCode: string }) => r.regionCode)).toEqual(['371581']);
    expect((await eco.get(`/api/recycling/reports/grid?year=${year}`)).statusCode).toBe(403);
    expect((await producer.get('/api/recycling/reports')).statusCode).toBe(403);
  });

  it('a county bureau lists only its own reports and cannot open another county’s', async () => {
    const own = (await guanxian.get('/api/recycling/reports?pageSize=100')).json();
    expect(own.total).toBeGreaterThan(0);
    expect(own.items.every((r: { regionCode: string }) => r.regionCode === '371525')).toBe(true);
    const linqingReport = (await linqing.get('/api/recycling/reports?pageSize=1')).json().items[0];
    expect(linqingReport.regionCode).toBe('371581');
    expect((await guanxian.get(`/api/recycling/reports/${linqingReport.id}`)).statusCode).toBe(404);
    expect((await city.get(`/api/recycling/reports/${linqingReport.id}`)).statusCode).toBe(200);
    expect((await city.get('/api/recycling/reports?pageSize=100')).json().items.some((r: { regionCode: string }) => r.regionCode === '371525')).toBe(true);
  });

  it('reminds a slow county: 冠县’s bureau is notified, and the reminder is recorded', async () => {
    const res = await city.post('/api/recycling/reports/reminders', { regionCode: '371525', months: [pastMonth], body: '请加快分拣中心建设进度并按时报送' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().notified).toEqual(['冠县商务局']);
    const inbox = (await guanxian.get('/api/notifications?pageSize=50')).json();
    expect(inbox.items.some((n: { kind: string; link: string }) => n.kind === 'recycling_reminder' && n.link === '/recycling/reports')).toBe(true);
    const sent = (await guanxian.get('/api/recycling/reports/actions')).json();
    expect(sent.items.some((a: { id: string }) => a.id === res.json().id)).toBe(true);
    expect((await linqing.get('/api/recycling/reports/actions?pageSize=100')).json().items.some((a: { id: string }) => a.id === res.json().id)).toBe(false);
  });

  it('issues a notice on a seriously late county as a task notice of the plan’s tasks', async () => {
    const res = await city.post('/api/recycling/reports/notices', { regionCode: '371525', months: [pastMonth], title: '关于冠县再生资源回收工作滞后的通报', body: '冠县分拣中心建设严重滞后，现予通报。' });
    expect(res.statusCode, res.body).toBe(201);
    const [notice] = (await db().execute<{ task_ids: string[]; region_code: string }>(sql`SELECT task_ids, region_code FROM task_notices WHERE id = ${res.json().noticeId}`)).rows;
    expect(notice.region_code).toBe('371500');
    expect([...notice.task_ids].sort()).toEqual([...taskIds].sort());
    expect((await guanxian.get('/api/notifications?pageSize=50')).json().items.some((n: { link: string }) => n.link === `/tasks/notices/${res.json().noticeId}`)).toBe(true);
  });

  it('refuses a reminder from a county, to a county outside the city, or with no months', async () => {
    expect((await guanxian.post('/api/recycling/reports/reminders', { regionCode: '371525', months: [pastMonth], body: '自己提醒自己' })).statusCode).toBe(403);
    expect((await eco.post('/api/recycling/reports/reminders', { regionCode: '371525', months: [pastMonth], body: '生态环境局提醒' })).statusCode).toBe(403);
    expectRefusedAmong(await city.post('/api/recycling/reports/reminders', { regionCode: '370105', months: [pastMonth], body: '天桥区不归聊城' }), 400, 'NOT_A_COUNTY', 'regionCode');
    expectRefusedAmong(await city.post('/api/recycling/reports/reminders', { regionCode: '371525', months: [], body: '没有月份' }), 400, 'VALIDATION', 'months');
  });

  it('the demo holds one reminder to 冠县 and one notice on 莘县', async () => {
    const sent = (await city.get('/api/recycling/reports/actions?pageSize=100')).json();
    expect(sent.items.some((a: { kind: string; regionCode: string; title: string }) => a.kind === 'notice' && a.regionCode === '371522' && a.title.includes('莘县'))).toBe(true);
    expect(sent.items.some((a: { kind: string; regionCode: string }) => a.kind === 'reminder' && a.regionCode === '371525')).toBe(true);
  });
});
