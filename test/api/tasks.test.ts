import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { importTasks, scanTaskDeadlines } from '../../src/server/tasks/service';
import type { Actor } from '../../src/server/platform/policy';

let t: TestApp;
let office: Client, urban: Client, eco: Client;

const officeActor = async (): Promise<Actor> => {
  const [u] = (await t.database.db.execute(sql`SELECT u.id, u.region_code, u.organisation_id FROM users u WHERE u.username = 'office.linqing'`)).rows as { id: string; region_code: string; organisation_id: string }[];
  return { via: 'session', userId: u.id, tokenId: null, username: 'office.linqing', role: 'office', organisationId: u.organisation_id, organisationKind: 'government', organisationStatus: 'verified', regionCode: u.region_code, domain: 'general', scopes: [] };
};

beforeAll(async () => {
  t = await startTestApp();
  // This file's own three tasks only: the demo city's plan measures are set aside in this database copy.
  await t.database.db.execute(sql`DELETE FROM tasks WHERE region_code = '371581'`);
  await importTasks(t.database.db, { actor: await officeActor() }, '371581', [
    { list: '制度体系', section: '（一）建立协调机制', no: 1, title: '建立“无废城市”建设工作领导小组', content: '成立领导小组，建立月度调度通报制度。', lead: ['市“无废城市”领导小组'], responsible: ['聊城市生态环境局临清市分局'], cooperating: [], deadlineText: '2023年11月', deadline: '2023-11-30' },
    { list: '监管体系', section: '', no: 2, title: '生活垃圾分类示范片区建设', content: '推进生活垃圾分类。', lead: ['市综合行政执法局'], responsible: ['市综合行政执法局'], cooperating: ['市住房城乡建设局'], deadlineText: '2099年12月', deadline: '2099-12-31' },
    { list: '监管体系', section: '', no: 3, title: '建筑垃圾资源化利用', content: '建设资源化利用设施。', lead: ['市住房城乡建设局'], responsible: ['市住房城乡建设局'], cooperating: [], deadlineText: '持续开展', deadline: null },
  ]);
  [office, urban, eco] = await Promise.all(['office.linqing', 'urban.linqing', 'eco.linqing'].map((u) => Client.login(t.app, u)));
});
afterAll(async () => { await t.close(); });

describe('tasks and their progress', () => {
  it('lists tasks with their state, and a department sees the ones that name it', async () => {
    const all = (await office.get('/api/tasks')).json();
    expect(all.items.map((i: { state: string }) => i.state)).toEqual(['overdue', 'not_started', 'not_started']);
    const mine = (await urban.get('/api/tasks?mine=true')).json();
    expect(mine.items.map((i: { title: string }) => i.title)).toEqual(['生活垃圾分类示范片区建设']);
    expect((await office.get('/api/tasks?state=overdue')).json().total).toBe(1);
  });

  it('takes monthly progress only from a unit named on the task', async () => {
    const task = (await urban.get('/api/tasks?mine=true')).json().items[0];
    // The form is offered with the task to whom the write will take it from.
    expect((await urban.get(`/api/tasks/${task.id}`)).json().actions).toEqual({ reportProgress: true });
    expect((await eco.get(`/api/tasks/${task.id}`)).json().actions).toEqual({ reportProgress: false });
    expect((await office.get(`/api/tasks/${task.id}`)).json().actions).toEqual({ reportProgress: true });
    expect((await office.get('/api/tasks')).json().may).toEqual({ import: true, notice: true });
    expect((await urban.get('/api/tasks')).json().may).toEqual({ import: false, notice: false });
    const ok = await urban.post(`/api/tasks/${task.id}/progress`, { period: '2026-10', percent: 40, text: '完成3个小区的分类设施改造', attachments: [{ name: '现场照片.zip' }] });
    expect(ok.statusCode, ok.body).toBe(201);
    const refused = await eco.post(`/api/tasks/${task.id}/progress`, { period: '2026-10', percent: 50, text: '代报' });
    expect(refused.statusCode).toBe(403);
    expect((await office.get(`/api/tasks/${task.id}`)).json()).toMatchObject({ state: 'in_progress', progress: [{ percent: 40, organisationName: '临清市综合行政执法局' }] });
  });

  it('reminds and escalates once per task, and a notice reaches the departments it names', async () => {
    const first = await scanTaskDeadlines(t.database.db);
    expect(first.escalations).toBeGreaterThanOrEqual(1);
    expect(await scanTaskDeadlines(t.database.db)).toEqual({ reminders: 0, escalations: 0 });
    const overdue = (await office.get('/api/tasks?state=overdue')).json().items[0];
    const notice = await office.post('/api/tasks/notices', { title: '关于“无废城市”建设任务进度滞后的通报', body: '下列任务严重滞后，请责任单位限期整改。', taskIds: [overdue.id] });
    expect(notice.statusCode, notice.body).toBe(201);
    expect(notice.json().notified).toContain('聊城市生态环境局临清市分局');
    const inbox = (await eco.get('/api/notifications')).json();
    expect(inbox.items.map((n: { kind: string }) => n.kind)).toContain('task_notice');
    expect((await urban.post('/api/tasks/notices', { title: '越权', body: '越权通报', taskIds: [overdue.id] })).statusCode).toBe(403);
  });

  it('writes a unit’s annual summary', async () => {
    const summary = (await urban.get('/api/tasks/summary/2026')).json();
    expect(summary).toMatchObject({ unit: '临清市综合行政执法局', total: 1 });
    expect(summary.items[0]).toMatchObject({ role: 'lead', percent: 40, reports: [{ period: '2026-10', percent: 40 }] });
  });
});

describe('yes/no query parameters', () => {
  it('reads mine=false as false, not as a non-empty string', async () => {
    const all = (await office.get('/api/tasks?mine=false')).json();
    expect(all.total).toBe(3);
    expect((await office.get('/api/tasks?mine=maybe')).statusCode).toBe(400);
  });
});

describe('the task page’s filter by department and its sorting', () => {
  const numbers = async (url: string) => (await office.get(url)).json().items.map((i: { no: number }) => i.no);

  it('keeps the tasks naming a department as lead or responsible unit, not as a cooperating one', async () => {
    expect(await numbers(`/api/tasks?unit=${encodeURIComponent('市住房城乡建设局')}`)).toEqual([3]);
    expect(await numbers(`/api/tasks?unit=${encodeURIComponent('市综合行政执法局')}`)).toEqual([2]);
    // The plan's short name finds the department's full one, as "mine" does.
    expect(await numbers(`/api/tasks?unit=${encodeURIComponent('临清市综合行政执法局')}`)).toEqual([2]);
    expect((await office.get(`/api/tasks?unit=${encodeURIComponent('市统计局')}`)).json().total).toBe(0);
  });

  it('lists the departments the tasks name, most often named first', async () => {
    const units = (await office.get('/api/tasks/units')).json().items;
    expect(units).toContainEqual({ name: '市综合行政执法局', count: 1 });
    expect(units).toContainEqual({ name: '聊城市生态环境局临清市分局', count: 1 });
    // Task 2 names it as a cooperating unit only: it counts task 3 alone.
    expect(units).toContainEqual({ name: '市住房城乡建设局', count: 1 });
    expect((await office.get('/api/tasks/units?regionCode=370102')).statusCode).toBe(403);
  });

  it('sorts by state (most pressing first), by deadline (none last) and by progress, on the server', async () => {
    // 1 is overdue; 3 has no deadline and no report (not started); 2 is 40% done.
    expect(await numbers('/api/tasks?sort=state')).toEqual([1, 3, 2]);
    expect(await numbers('/api/tasks?sort=state&order=desc')).toEqual([2, 3, 1]);
    expect(await numbers('/api/tasks?sort=deadline')).toEqual([1, 2, 3]);
    expect(await numbers('/api/tasks?sort=deadline&order=desc')).toEqual([2, 1, 3]);
    expect(await numbers('/api/tasks?sort=percent&order=desc')).toEqual([2, 1, 3]);
    expect(await numbers('/api/tasks?pageSize=1&page=2&sort=state')).toEqual([3]);
    const bad = await office.get('/api/tasks?sort=title');
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().issues)).toContain('sort');
  });
});
