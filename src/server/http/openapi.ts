import { z } from 'zod';
import type { SwaggerTransformObject } from '@fastify/swagger';
import { errorBody } from './presenter';

// What every operation has in common, added to the generated document so that a client generated
// from it alone knows it: the error answer every route can give, and the CSRF header a browser
// session sends on writes. (The routes' own schemas stay about their own answers.)

const ERROR_SCHEMA = z.toJSONSchema(errorBody, { target: 'openapi-3.0' });
const UNSAFE = new Set(['post', 'put', 'patch', 'delete']);

type Operation = { summary?: string; responses?: Record<string, unknown>; parameters?: { in: string; name: string }[] };
type Document = { components?: { schemas?: Record<string, unknown> }; paths?: Record<string, Record<string, Operation>> };

export const completeDocument: SwaggerTransformObject = (input) => {
  const document = ('openapiObject' in input ? input.openapiObject : input.swaggerObject) as Document;
  document.components = { ...document.components, schemas: { ...document.components?.schemas, Error: ERROR_SCHEMA } };
  const error = { $ref: '#/components/schemas/Error' };
  for (const operations of Object.values(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(operations)) {
      if (typeof operation !== 'object' || !operation) continue;
      operation.responses = {
        ...operation.responses,
        '4XX': { description: '请求被拒绝 Refused: bad input (400), not logged in (401), not allowed (403), not found or not yours to see (404), a conflict with the record’s state (409), too many attempts (429)', content: { 'application/json': { schema: error } } },
        '5XX': { description: '服务器错误 Server error: quote the x-request-id header to the operator', content: { 'application/json': { schema: error } } },
      };
      // The writes that keep their first answer for a repeated key say so in their summary (see idempotency.ts).
      if (UNSAFE.has(method) && operation.summary?.includes('Idempotency-Key')) {
        operation.parameters = [...(operation.parameters ?? []), { in: 'header', name: 'Idempotency-Key', required: false, description: '8-100 位字母、数字或 _.:-；重发同一请求得到第一次的答复，不会重复创建或签署 / 8-100 letters, digits or _.:-; a resend gets the first answer back instead of a second manifest or signature', schema: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{8,100}$' } } as { in: string; name: string }];
      }
      if (UNSAFE.has(method) && !operation.parameters?.some((p) => p.in === 'header' && p.name.toLowerCase() === 'x-csrf-token')) {
        operation.parameters = [...(operation.parameters ?? []), { in: 'header', name: 'x-csrf-token', required: false, description: '浏览器会话写操作必填（GET /api/auth/me 的 csrfToken）；接口令牌不需要 / Required on writes with a browser session (csrfToken of GET /api/auth/me); not with a bearer token', schema: { type: 'string' } } as { in: string; name: string }];
      }
    }
  }
  return document as ReturnType<SwaggerTransformObject>;
};
