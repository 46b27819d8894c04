import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { serializerCompiler, validatorCompiler, jsonSchemaTransform, hasZodFastifySchemaValidationErrors, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError, type Issue } from './errors';
import { issueMessage } from './zod-messages';
import { sanitiseInput } from './sanitise';
import { trustedProxies } from './context';
import { sessionActor, tokenActor } from '../platform/accounts/service';
import { registerRoutes } from './routes';
import { completeDocument } from './openapi';
import { SESSION_COOKIE, type AppDeps } from './deps';

export { SESSION_COOKIE, type AppDeps } from './deps';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export type App = FastifyInstance;

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    // Server errors are always logged; WUFEI_LOG=1 adds every request.
    logger: { level: process.env.WUFEI_LOG === '1' ? 'info' : 'error', ...(deps.logStream ? { stream: deps.logStream } : {}) },
    genReqId: () => crypto.randomBytes(8).toString('hex'),
    bodyLimit: 1024 * 1024,
    // A request must have arrived whole within WUFEI_REQUEST_TIMEOUT_MS (a client that sends the
    // headers and then dribbles the body gets 408 and its connection closed); a connection silent
    // for two minutes is closed (the alarm stream pings every 25 s; a statement may run 60 s).
    requestTimeout: deps.config.requestTimeoutMs,
    connectionTimeout: 120_000,
    // Node checks those limits every connectionsCheckingInterval (30 s by default): check often
    // enough that the limit is the limit.
    http: { connectionsCheckingInterval: Math.max(250, Math.min(5_000, Math.floor((deps.config.requestTimeoutMs || 20_000) / 4))) },
    trustProxy: trustedProxies(process.env.WUFEI_TRUST_PROXY),
    routerOptions: { maxParamLength: 200 },
    // A path the router cannot read (broken percent-encoding, a parameter over 200 characters) is
    // answered in the platform's error shape like every other refusal.
    frameworkErrors: (error, request, reply) => {
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      const status = tooLong ? 414 : 400;
      const text = tooLong
        ? { zh: '地址中的参数过长（上限 200 个字符）', en: 'A parameter in the address is too long (200 characters at most)' }
        : { zh: '地址无法解析（编码有误）', en: 'The address cannot be read (bad encoding)' };
      // The router's reply is typed before any route's schema: answer through the plain reply type.
      return (reply as unknown as FastifyReply).status(status).send(new AppError(status, tooLong ? 'PARAM_TOO_LONG' : 'BAD_URL', text).toJSON());
    },
  }).withTypeProvider<ZodTypeProvider>();
  // The headers alone get 20 s (Node's default is 60 s), never more than the whole request.
  app.server.headersTimeout = deps.config.requestTimeoutMs > 0 ? Math.min(20_000, deps.config.requestTimeoutMs) : 20_000;
  app.setValidatorCompiler(validatorCompiler);
  // The API reads JSON (and multipart uploads); plain text is refused with 415 rather than parsed as a string.
  app.removeContentTypeParser('text/plain');
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('csrfToken', null);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Ant Design writes its styles at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: deps.config.secureCookies,
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: 20 * 1024 * 1024, files: 1, fields: 20 } });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Wufei 无废 API', version: '0.1.0', description: '无废城市信息化监管平台接口 / Zero-Waste City supervision platform API. Errors: `{code, message:{zh,en}, path, issues}`. Browser sessions send `x-csrf-token` on writes; machines use `Authorization: Bearer wf_…` tokens.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE }, token: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
    transformObject: completeDocument,
  });
  // The API explorer sets inline styles as it draws: the package's own policy allowed styles by hash only
  // (and asked for https on a plain-http server), so the page broke its own CSP (issue 20). This one is the
  // console's, with its scripts all from files.
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: "default-src 'self'; base-uri 'self'; frame-ancestors 'none'; img-src 'self' data: blob:; object-src 'none'; script-src 'self'; script-src-attr 'none'; style-src 'self' 'unsafe-inline'; font-src 'self' data:; connect-src 'self'; form-action 'self'",
  });

  app.addHook('onRequest', async (request, reply) => {
    // The id a user can quote to the operator, who finds it in the log.
    reply.header('x-request-id', request.id);
    if (!request.url.startsWith('/api/')) return;
    const authorization = request.headers.authorization;
    if (authorization?.startsWith('Bearer ')) {
      request.actor = await tokenActor(deps.db, authorization.slice(7).trim());
      if (!request.actor) throw new AppError(401, 'BAD_TOKEN', { zh: '接口令牌无效、已过期或已撤销', en: 'The API token is invalid, expired or revoked' });
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      const found = await sessionActor(deps.db, token);
      if (found) {
        request.actor = found.actor;
        request.sessionToken = token;
        request.csrfToken = found.csrfToken;
      }
    }
    if (UNSAFE.has(request.method)) {
      // CSRF: a cross-site page can neither read our token nor send custom headers without a
      // preflight we never grant; an Origin from elsewhere is refused outright.
      const origin = request.headers.origin;
      if (origin && !sameOrigin(origin, request.headers.host)) {
        throw new AppError(403, 'CROSS_ORIGIN', { zh: '拒绝跨站请求', en: 'Cross-site request refused' });
      }
      if (request.sessionToken && request.headers['x-csrf-token'] !== request.csrfToken) {
        throw new AppError(403, 'CSRF', { zh: '页面已过期，请刷新后重试', en: 'The page is out of date: reload it and try again' });
      }
    }
  });

  // Every string that enters, in a body, a query or a path, is checked before the route's schema runs.
  app.addHook('preValidation', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    if (request.body !== undefined && request.body !== null) request.body = sanitiseInput(request.body);
    sanitiseInput(request.query, 'querystring');
    sanitiseInput(request.params, 'params');
  });

  app.setErrorHandler((error: FastifyError & { code?: string }, request, reply) => {
    if (error instanceof AppError) return reply.status(error.status).send(error.toJSON());
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues: Issue[] = error.validation.map((v) => {
        const where = `${error.validationContext ?? ''}${v.instancePath}`.replace(/^body\/?/, '').replace(/\//g, '.');
        return { path: where, message: issueMessage({ ...(v.params as object), code: v.keyword, message: v.message }) };
      });
      const first = issues[0];
      return reply.status(400).send({
        code: 'VALIDATION',
        message: { zh: `输入有误：${first.path ? `${first.path} ` : ''}${first.message.zh}`, en: `Invalid input: ${first.path ? `${first.path} ` : ''}${first.message.en}` },
        path: first.path || null,
        issues,
      });
    }
    // drizzle wraps the driver's error (DrizzleQueryError): the SQLSTATE is on its cause.
    const pg = databaseError(error);
    if (pg) {
      const known = DATABASE_REFUSALS[pg.code];
      if (known) {
        const field = fieldOf(pg);
        return reply.status(known[0]).send(new AppError(known[0], known[1], { zh: known[2], en: known[3] }, field, field ? [{ path: field, message: { zh: known[2], en: known[3] } }] : []).toJSON());
      }
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.status(error.statusCode).send(transportError(error, request));
    }
    // The database went away under this request (a restart, a terminated backend, no free
    // connection in time): the request failed, the server did not; the client may try again.
    if (databaseLost(error)) {
      request.log.warn({ err: error, method: request.method, url: request.url }, 'database unavailable');
      return reply.status(503).header('retry-after', '5').send(new AppError(503, 'DATABASE_UNAVAILABLE', { zh: '数据库暂时无法访问，请稍后重试', en: 'The database is unavailable for a moment: try again shortly' }).toJSON());
    }
    request.log.error({ err: error, method: request.method, url: request.url, actor: request.actor?.username ?? null }, 'server error');
    return reply.status(500).send({
      ...new AppError(500, 'INTERNAL', { zh: `服务器内部错误，请稍后重试（请求编号 ${request.id}）`, en: `Internal error; please try again later (request ${request.id})` }).toJSON(),
      requestId: request.id,
    });
  });

  await registerRoutes(app, deps);

  const indexHtml = path.join(deps.config.webDir, 'index.html');
  if (fs.existsSync(indexHtml)) {
    // The built console's scripts and styles (/assets/) carry a hash of their content in their name:
    // a browser may keep them a year without asking again (a new build has new names, and index.html,
    // which names them, is never kept). Everything else (the service worker, icons) for an hour.
    // (@fastify/static writes its own cache-control after its setHeaders option: set on the way out instead;
    // only for a file's own route, never for index.html answered in place of an asset that is not there.)
    app.addHook('onSend', async (request, reply) => {
      if (request.method === 'GET' && reply.statusCode === 200 && request.routeOptions.url?.startsWith('/assets/')) reply.header('cache-control', 'public, max-age=31536000, immutable');
    });
    await app.register(fastifyStatic, { root: deps.config.webDir, wildcard: false, index: false, maxAge: '1h' });
  }
  app.setNotFoundHandler((request, reply) => {
    if (request.method === 'GET' && !request.url.startsWith('/api/')) {
      if (fs.existsSync(indexHtml)) return reply.header('cache-control', 'no-cache').type('text/html').send(fs.createReadStream(indexHtml));
      return reply.type('text/plain').send('Wufei: the web console is not built yet. Run `npm run build:web`.');
    }
    return reply.status(404).send(new AppError(404, 'NO_ROUTE', { zh: '接口不存在', en: 'No such endpoint' }).toJSON());
  });
  return app;
}

interface PgError { code: string; column?: string; constraint?: string; detail?: string }

function databaseError(error: unknown): PgError | null {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 3; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e as PgError;
  }
  return null;
}

/**
 * A lost or unobtainable connection, as opposed to a refused statement: the socket errors of node-postgres
 * and the pool, and PostgreSQL's own "shutting down / starting up / too many / timed out" codes.
 */
export function databaseLost(error: unknown): boolean {
  for (let e = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (/^(57P0[1-4]|08...|53300|57014|25P03)$/.test(code) || /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT)$/.test(code)) return true;
    if (/Connection terminated|not queryable|timeout exceeded when trying to connect|Client was closed|Cannot use a pool after calling end/.test(String(e.message ?? ''))) return true;
  }
  return false;
}

// What PostgreSQL refuses, as the client's mistake: [status, code, zh, en]. The input checks should
// have caught each of these first; this is the backstop that keeps them from becoming a 500.
const DATABASE_REFUSALS: Record<string, [number, string, string, string]> = {
  '23505': [409, 'DUPLICATE', '记录已存在（重复）', 'This record already exists'],
  '23503': [400, 'REFERENCE', '引用的记录不存在', 'A referenced record does not exist'],
  '23502': [400, 'REQUIRED', '缺少必填项', 'A required value is missing'],
  '23514': [400, 'BAD_VALUE', '输入值不符合要求', 'A value breaks a rule of the record'],
  '22P02': [400, 'BAD_VALUE', '输入值格式不正确', 'A value has the wrong format'],
  '22001': [400, 'BAD_VALUE', '输入文本过长', 'A text is too long'],
  '22003': [400, 'BAD_VALUE', '数值超出范围', 'A number is out of range'],
  '22007': [400, 'BAD_VALUE', '日期或时间格式不正确', 'A date or time has the wrong format'],
  '22008': [400, 'BAD_VALUE', '日期或时间超出范围', 'A date or time is out of range'],
  '22021': [400, 'BAD_TEXT', '文本含有无效字符', 'A text contains an invalid character'],
  '22P05': [400, 'BAD_TEXT', '文本含有无法保存的字符', 'A text contains a character that cannot be stored'],
};

const camel = (column: string) => column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** The field PostgreSQL names: the column of a NOT NULL refusal, the key of a duplicate, else none. */
function fieldOf(pg: PgError): string | null {
  if (pg.column) return camel(pg.column);
  const key = /^Key \((?:lower\()?"?([a-z_0-9]+)/.exec(pg.detail ?? '');
  return key ? camel(key[1]) : null;
}

/** The Origin names this host. "null" (sandboxed frames, privacy redirects) and anything unparsable is another site. */
function sameOrigin(origin: string, host: string | undefined): boolean {
  if (!host) return false;
  try {
    const from = new URL(origin);
    // Read the Host header under the origin's scheme, so that "example.com:443" and "https://example.com" agree.
    return from.host === new URL(`${from.protocol}//${host}`).host;
  } catch {
    return false;
  }
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What a 413 on this route tells the sender to do, e.g. how many points a batch may hold. */
    tooLarge?: { zh: string; en: string };
  }
}

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

// Errors raised by Fastify itself before our code runs: body too large, not JSON, wrong content type.
function transportError(error: FastifyError, request: FastifyRequest) {
  // A route that takes larger bodies (a GPS batch) names its own limit and how to split what is sent.
  const hint = request.routeOptions.config?.tooLarge;
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' && hint) {
    const limit = megabytes(request.routeOptions.bodyLimit ?? 1024 * 1024);
    return { code: error.code, message: { zh: `请求体过大（本接口上限 ${limit}）：${hint.zh}`, en: `Request body too large (${limit} at most here): ${hint.en}` }, path: null, issues: [] };
  }
  const known: Record<string, [string, string]> = {
    FST_ERR_CTP_BODY_TOO_LARGE: ['请求体过大（上限 1 MB，文件 20 MB）', 'Request body too large (1 MB; files 20 MB)'],
    FST_ERR_CTP_INVALID_MEDIA_TYPE: ['不支持的内容类型，请发送 JSON', 'Unsupported content type: send JSON'],
    FST_ERR_CTP_EMPTY_JSON_BODY: ['请求体为空', 'The request body is empty'],
    FST_ERR_CTP_INVALID_JSON_BODY: ['请求体不是合法的 JSON', 'The request body is not valid JSON'],
    FST_REQ_FILE_TOO_LARGE: ['上传文件过大（上限 20 MB）', 'Uploaded file too large (20 MB at most)'],
  };
  const [zh, en] = known[error.code] ?? (error.message.includes('JSON')
    ? ['请求体不是合法的 JSON', 'The request body is not valid JSON']
    : [`请求无效：${error.message}`, `Bad request: ${error.message}`]);
  return { code: error.code ?? 'BAD_REQUEST', message: { zh, en }, path: null, issues: [] };
}
