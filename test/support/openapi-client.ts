import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

// Issue 12: a client that knows the platform only through its OpenAPI document (GET /api/docs/json),
// as a third party's generated client would. It offers exactly the documented operations, checks a
// request body against the documented schema before sending it, and checks every answer against
// the schema documented for its status. Any difference is a ContractError naming the operation.

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** An operation as the document names it: method and path template, e.g. `POST /api/manifests/{id}/sign`. */
export type OperationName = `${Method} /${string}`;

export interface CallInput {
  params?: Record<string, string | number>;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
}

/** An answer whose body has been checked against its status's schema (a test reads it as it needs). */
export interface Answer<T = any> { status: number; body: T; headers: Record<string, string | string[] | undefined> }

/** How a request reaches the platform: app.inject in tests; fetch would do against a deployment. */
export type Transport = (request: { method: Method; url: string; headers: Record<string, string>; body?: string }) =>
  Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }>;

/** Who calls: a machine's Bearer token, a console session (cookie and CSRF token), or nobody yet. */
export type Credentials =
  | { kind: 'token'; secret: string }
  | { kind: 'session'; cookie: string; csrfToken: string }
  | { kind: 'anonymous' };

/** The document and the client disagree: an unknown operation, a bad request, or an answer outside its schema. */
export class ContractError extends Error {
  override name = 'ContractError';
}

interface JsonSchema { [keyword: string]: unknown }
interface Parameter { name: string; in: 'path' | 'query' | 'header' | 'cookie'; required?: boolean; schema?: JsonSchema }
interface Operation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
}
interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Partial<Record<Lowercase<Method>, Operation>>>;
  components?: { schemas?: Record<string, JsonSchema>; securitySchemes?: Record<string, { type: string; in?: string; name?: string; scheme?: string }> };
}

const COMPONENTS_ID = 'openapi-components';

// Keywords of OpenAPI 3.0 that are not JSON Schema (nullable, discriminator …), annotations Ajv has
// no use for, and vendor extensions. `nullable` and the boolean exclusiveMinimum/Maximum of 3.0 are
// rewritten before these go.
const OPENAPI_ONLY = new Set(['nullable', 'discriminator', 'xml', 'externalDocs', 'example', 'deprecated', 'readOnly', 'writeOnly']);
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas']);
const SCHEMA_LISTS = new Set(['anyOf', 'oneOf', 'allOf', 'prefixItems']);
const SCHEMA_VALUES = new Set(['items', 'additionalProperties', 'additionalItems', 'not', 'propertyNames', 'contains', 'if', 'then', 'else', 'unevaluatedProperties', 'unevaluatedItems']);

/** An OpenAPI 3.0 schema as a JSON Schema Ajv 8 reads the same way. */
export function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (!schema || typeof schema !== 'object') return schema;
  const source = schema as JsonSchema;
  const out: JsonSchema = {};
  for (const [keyword, value] of Object.entries(source)) {
    if (OPENAPI_ONLY.has(keyword) || keyword.startsWith('x-')) continue;
    if (keyword === '$ref' && typeof value === 'string') out.$ref = value.startsWith('#/components/') ? `${COMPONENTS_ID}${value}` : value;
    else if (SCHEMA_MAPS.has(keyword) && value && typeof value === 'object') out[keyword] = Object.fromEntries(Object.entries(value).map(([name, s]) => [name, toJsonSchema(s)]));
    else if (SCHEMA_LISTS.has(keyword) && Array.isArray(value)) out[keyword] = value.map(toJsonSchema);
    else if (SCHEMA_VALUES.has(keyword)) out[keyword] = typeof value === 'object' ? toJsonSchema(value) : value;
    else out[keyword] = value;
  }
  // 3.0's boolean form (minimum + exclusiveMinimum: true) is draft 4's; Ajv 8 wants the bound itself.
  for (const [exclusive, inclusive] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
    if (typeof out[exclusive] !== 'boolean') continue;
    if (out[exclusive] && typeof out[inclusive] === 'number') { out[exclusive] = out[inclusive]; delete out[inclusive]; } else delete out[exclusive];
  }
  // nullable: true admits null whatever the rest says (type, enum, format), so it becomes an alternative.
  if (source.nullable === true) return Object.keys(out).length ? { anyOf: [out, { type: 'null' }] } : {};
  return out;
}

// strict: false lets Ajv pass over the keywords it does not know; multipleOfPrecision: 1.02 is a
// multiple of 0.0001 even though 1.02 / 0.0001 is 10200.000000000002 in floating point.
const AJV_OPTIONS = { strict: false, allErrors: true, multipleOfPrecision: 9 };

/** Parameters arrive as text, so theirs coerces ('20' is the integer 20); bodies and answers are checked as they are. */
const newAjv = (coerceTypes: boolean) => addFormats(new Ajv({ ...AJV_OPTIONS, coerceTypes }));

function describeErrors(errors: ErrorObject[] | null | undefined, value: unknown): string {
  return (errors ?? []).map((e) => {
    const at = e.instancePath || '(root)';
    const found = e.instancePath.split('/').slice(1).reduce<unknown>((v, part) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), value);
    const shown = JSON.stringify(found);
    return `  ${at} ${e.message} ${JSON.stringify(e.params)} (schema ${e.schemaPath}; value ${shown === undefined ? 'absent' : shown.length > 120 ? `${shown.slice(0, 120)}…` : shown})`;
  }).join('\n');
}

/**
 * Checks a value against a plain JSON Schema the platform hands out as data (the rule table's create
 * body is draft 2020-12, as zod writes it); throws a ContractError listing Ajv's errors.
 */
export function checkJsonSchema(schema: JsonSchema, value: unknown, what: string) {
  const ajv = String(schema.$schema ?? '').includes('2020-12') ? addFormats(new Ajv2020(AJV_OPTIONS)) : newAjv(false);
  const validate = ajv.compile(schema);
  if (!validate(value)) throw new ContractError(`${what} does not conform:\n${describeErrors(validate.errors, value)}`);
}

/** The operations of one document, with their validators compiled once, on first use. */
export class Contract {
  private readonly ajv = newAjv(false);
  private readonly coercingAjv = newAjv(true);
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(readonly document: OpenApiDocument) {
    if (!/^3\./.test(document.openapi ?? '')) throw new ContractError(`not an OpenAPI 3 document (openapi: ${document.openapi})`);
    const components = { $id: COMPONENTS_ID, components: { schemas: Object.fromEntries(Object.entries(document.components?.schemas ?? {}).map(([name, schema]) => [name, toJsonSchema(schema)])) } };
    this.ajv.addSchema(components);
    this.coercingAjv.addSchema(components);
  }

  /** The name of the cookie a console session travels in, as the `session` security scheme says. */
  get sessionCookie(): string {
    const scheme = Object.values(this.document.components?.securitySchemes ?? {}).find((s) => s.type === 'apiKey' && s.in === 'cookie');
    if (!scheme?.name) throw new ContractError('the document declares no cookie security scheme');
    return scheme.name;
  }

  operation(name: OperationName): { method: Method; path: string; operation: Operation } {
    const [method, path] = name.split(' ') as [Method, string];
    const item = this.document.paths[path];
    if (!item) throw new ContractError(`${name}: the document has no path ${path}`);
    const operation = item[method.toLowerCase() as Lowercase<Method>];
    if (!operation) throw new ContractError(`${name}: ${path} has no ${method} in the document (it has ${Object.keys(item).map((m) => m.toUpperCase()).join(', ')})`);
    return { method, path, operation };
  }

  /** Checks a value against a schema of the document; throws a ContractError listing Ajv's errors. */
  check(key: string, schema: JsonSchema, value: unknown, what: string, coerce = false) {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = (coerce ? this.coercingAjv : this.ajv).compile(toJsonSchema(schema) as JsonSchema);
      this.compiled.set(key, validate);
    }
    if (!validate(value)) throw new ContractError(`${what} does not conform to the document:\n${describeErrors(validate.errors, value)}\n  ${truncate(JSON.stringify(value), 2000)}`);
  }

  /** The object schema of an operation's path or query parameters. */
  parameterSchema(operation: Operation, place: 'path' | 'query'): { schema: JsonSchema; names: string[] } {
    const parameters = (operation.parameters ?? []).filter((p) => p.in === place);
    return {
      names: parameters.map((p) => p.name),
      schema: {
        type: 'object', additionalProperties: false,
        properties: Object.fromEntries(parameters.map((p) => [p.name, p.schema ?? {}])),
        required: parameters.filter((p) => p.required || place === 'path').map((p) => p.name),
      },
    };
  }
}

const truncate = (text: string | undefined, max: number) => (text && text.length > max ? `${text.slice(0, max)}…` : text ?? '');

/** A client over a contract: every call goes through the document, with the caller's credentials. */
export class OpenApiClient {
  constructor(readonly contract: Contract, private readonly transport: Transport, readonly credentials: Credentials = { kind: 'anonymous' }) {}

  /** Reads the document from the platform itself and makes an anonymous client from it. */
  static async load(transport: Transport, documentPath = '/api/docs/json'): Promise<OpenApiClient> {
    const res = await transport({ method: 'GET', url: documentPath, headers: { accept: 'application/json' } });
    if (res.status !== 200) throw new ContractError(`GET ${documentPath} answered ${res.status}`);
    return new OpenApiClient(new Contract(JSON.parse(res.text) as OpenApiDocument), transport);
  }

  /** The same contract and transport, calling as someone else. */
  as(credentials: Credentials): OpenApiClient {
    return new OpenApiClient(this.contract, this.transport, credentials);
  }

  /** Logs in as the console does (POST /api/auth/login) and returns a client carrying the session cookie and CSRF token. */
  async login(username: string, password: string): Promise<OpenApiClient> {
    const res = await this.as({ kind: 'anonymous' }).call('POST /api/auth/login', { body: { username, password } });
    if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    const cookieName = this.contract.sessionCookie;
    const setCookie = res.headers['set-cookie'];
    const cookie = (Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []).map((c) => c.split(';')[0]).find((c) => c.startsWith(`${cookieName}=`));
    if (!cookie) throw new ContractError(`POST /api/auth/login set no ${cookieName} cookie`);
    return this.as({ kind: 'session', cookie, csrfToken: (res.body as { csrfToken: string }).csrfToken });
  }

  /** Calls a documented operation: checks the request, sends it, checks the answer against its status's schema. */
  async call<T = any>(name: OperationName, input: CallInput = {}): Promise<Answer<T>> {
    const { method, path, operation } = this.contract.operation(name);

    const pathParameters = this.contract.parameterSchema(operation, 'path');
    const params = Object.fromEntries(Object.entries(input.params ?? {}).map(([k, v]) => [k, String(v)]));
    this.contract.check(`${name} path`, pathParameters.schema, { ...params }, `${name}: the path parameters`, true);
    const url = path.replace(/\{([^}]+)\}/g, (_, key: string) => {
      if (params[key] === undefined) throw new ContractError(`${name}: no value for the path parameter ${key}`);
      return encodeURIComponent(params[key]);
    });

    const queryParameters = this.contract.parameterSchema(operation, 'query');
    const query = Object.fromEntries(Object.entries(input.query ?? {}).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
    this.contract.check(`${name} query`, queryParameters.schema, { ...query }, `${name}: the query`, true);
    const search = new URLSearchParams(query).toString();

    const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
    if (input.body !== undefined && !bodySchema) throw new ContractError(`${name}: the document takes no JSON body here`);
    if (input.body === undefined && operation.requestBody?.required) throw new ContractError(`${name}: the document requires a body`);
    if (input.body !== undefined && bodySchema) this.contract.check(`${name} body`, bodySchema, input.body, `${name}: the request body`);

    const headers: Record<string, string> = { accept: 'application/json', ...(input.body !== undefined ? { 'content-type': 'application/json' } : {}) };
    if (this.credentials.kind === 'token') headers.authorization = `Bearer ${this.credentials.secret}`;
    if (this.credentials.kind === 'session') {
      headers.cookie = this.credentials.cookie;
      if (method !== 'GET') headers['x-csrf-token'] = this.credentials.csrfToken;
    }
    const res = await this.transport({ method, url: search ? `${url}?${search}` : url, headers: { ...headers, ...input.headers }, ...(input.body !== undefined ? { body: JSON.stringify(input.body) } : {}) });

    const status = String(res.status);
    const responses = operation.responses ?? {};
    const documented = responses[status] ?? responses[`${status[0]}XX`] ?? responses.default;
    if (!documented) throw new ContractError(`${name} answered ${status}, a status the document does not list (it lists ${Object.keys(responses).join(', ') || 'none'}):\n  ${truncate(res.text, 2000)}`);
    const isJson = /\bjson\b/.test(String(res.headers['content-type'] ?? ''));
    const body = isJson && res.text ? JSON.parse(res.text) : res.text;
    if (isJson && res.text) {
      const responseSchema = documented.content?.['application/json']?.schema;
      if (!responseSchema) throw new ContractError(`${name} → ${status}: the answer is JSON but the document declares no JSON body for it:\n  ${truncate(res.text, 2000)}`);
      this.contract.check(`${name} → ${status}`, responseSchema, body, `${name} → ${status}: the answer`);
    }
    return { status: res.status, body: body as T, headers: res.headers };
  }
}

/** A transport over app.inject, from one remote address (the login limiter counts by address). */
export function injectTransport(app: FastifyInstance, remoteAddress = `10.2.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`): Transport {
  return async ({ method, url, headers, body }) => {
    const res = await app.inject({ method, url, headers, remoteAddress, ...(body !== undefined ? { payload: body } : {}) });
    return { status: res.statusCode, headers: res.headers as Record<string, string | string[] | undefined>, text: res.body };
  };
}
