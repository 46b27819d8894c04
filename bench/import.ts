// Excel import benchmark: a 10,000-row sheet of monthly indicator values (every non-computed numeric
// indicator of the demo plan × 临清's towns × 12 months), uploaded through the API the console's
// progress bar uses. Prints ONE JSON line on stdout: rows per second end to end.
//
//   ROWS=10000 bash bench/import.sh
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import { Session, int, log, recreateDatabase, round, startServer } from './support';

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set (bench/import.sh sets it)');
  const rows = int('ROWS', 10_000, 10, 20_000);
  await recreateDatabase(url);
  process.env.WUFEI_DEMO_PASSWORD = 'wufei-bench-password';
  const { child, port } = await startServer(url);
  try {
    const session = new Session('office.linqing', new http.Agent({ keepAlive: true, maxSockets: 1 }), port);
    await session.login();
    const plan = (await session.request('GET', '/api/indicators/plans')).body.items.find((p: { regionCode: string }) => p.regionCode === '371581');
    const status = (await session.request('GET', `/api/indicators/plans/${plan.id}`)).body.rows as { no: number; name: string; formula: string | null; qualitative: boolean }[];
    const open = status.filter((r) => !r.formula && !r.qualitative);
    const towns = (await session.request('GET', '/api/regions?parent=371581')).body.items.map((r: { code: string }) => r.code) as string[];
    if (!towns.length) throw new Error('no towns under 371581');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('指标数据');
    ws.addRow(['序号', '指标名称', '区划代码', '年份', '月份', '数值', '分子', '分母', '说明']);
    let n = 0;
    for (let year = 2025; n < rows; year--) {
      for (const r of open) for (const town of towns) for (let m = 1; m <= 12 && n < rows; m++, n++) ws.addRow([r.no, r.name, town, year, m, 50 + (n % 50), 50 + (n % 50), 100, '压测']);
    }
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());
    log(`sheet: ${rows} rows, ${(buffer.length / 1024).toFixed(0)} KB; uploading`);
    const boundary = `----wufeibench${Date.now()}`;
    const body = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="values.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`), buffer, Buffer.from(`\r\n--${boundary}--\r\n`)]);
    const started = performance.now();
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: `/api/indicators/plans/${plan.id}/values/import`,
        headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': body.length } }, (r) => {
        let text = '';
        r.on('data', (c) => { text += c; });
        r.on('end', () => resolve({ status: r.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      req.end(body);
    });
    const seconds = (performance.now() - started) / 1000;
    if (res.status !== 201) throw new Error(`import: ${res.status} ${res.body.slice(0, 300)}`);
    process.stdout.write(JSON.stringify({ benchmark: 'excel-import', rows, sheet_kb: Math.round(buffer.length / 1024), seconds: round(seconds, 2), rows_per_s: Math.round(rows / seconds), result: JSON.parse(res.body) }) + '\n');
  } finally {
    child.kill('SIGTERM');
    if (process.env.KEEP !== '1') await recreateDatabase(url).catch(() => {});
  }
}

main().then(() => process.exit(0), (error) => { log(`failed: ${error?.stack ?? error}`); process.exit(1); });
