// Errors are values with a code, thrown once and turned into a 4xx with a Chinese and an English
// message by the one error handler in app.ts.
export interface Message { zh: string; en: string }
export interface Issue { path: string; message: Message }

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly text: Message,
    readonly path: string | null = null,
    readonly issues: Issue[] = [],
  ) {
    super(text.en);
  }

  toJSON() {
    return { code: this.code, message: this.text, path: this.path, issues: this.issues };
  }
}

export const badRequest = (code: string, zh: string, en: string, path: string | null = null) =>
  new AppError(400, code, { zh, en }, path, path ? [{ path, message: { zh, en } }] : []);
export const notFound = (what: Message) =>
  new AppError(404, 'NOT_FOUND', { zh: `${what.zh}不存在或无权查看`, en: `${what.en} not found or not visible to you` });
export const forbidden = (zh = '没有执行此操作的权限', en = 'You are not allowed to do this') =>
  new AppError(403, 'FORBIDDEN', { zh, en });
export const unauthenticated = () =>
  new AppError(401, 'UNAUTHENTICATED', { zh: '请先登录', en: 'Please log in first' });
export const conflict = (code: string, zh: string, en: string, path: string | null = null) =>
  new AppError(409, code, { zh, en }, path, path ? [{ path, message: { zh, en } }] : []);
