// Server-rendered pages for paper: every value passes through esc(), so nothing a user typed is ever
// interpreted as markup.
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export const shanghaiTime = (value: Date | string | null | undefined) =>
  value ? new Date(value).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '';

export const tonnes = (value: unknown) => (value === null || value === undefined || value === '' ? '' : `${Number(value).toLocaleString('zh-CN', { maximumFractionDigits: 4 })} 吨`);

export function page(title: string, body: string, css = ''): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;color:#111;margin:16px}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #333;padding:4px 6px;font-size:13px;text-align:left;vertical-align:top}
th{background:#f2f2f2;width:9em}h1{font-size:20px;margin:4px 0 12px}.muted{color:#666;font-size:12px}
@media print{body{margin:0}.noprint{display:none}}${css}</style></head><body>${body}</body></html>`;
}
