import { afterAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../support/app';

// Issue 12, point 4: the OpenAPI document is a contract a client can be generated from. Each JSON
// answer declares its fields; an untyped record (an object with no properties, only
// additionalProperties) is allowed for at most 5% of them, where the content is truly free. A page or
// list whose items are untyped records counts as untyped too: a client learns nothing from it.

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[]; oneOf?: JsonSchema[]; allOf?: JsonSchema[];
  $ref?: string;
}
interface Operation {
  summary?: string; tags?: string[];
  responses?: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
}

const MAX_UNTYPED_SHARE = 0.05;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** An object schema that names no field: only additionalProperties (or nothing at all). */
function isFreeRecord(schema: JsonSchema | undefined): boolean {
  if (!schema || schema.$ref) return false;
  if (schema.allOf) return schema.allOf.every(isFreeRecord);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return variants.filter((v) => v.type !== 'null').every(isFreeRecord);
  const isObject = schema.type === 'object' || (Array.isArray(schema.type) && schema.type.includes('object'));
  return isObject && Object.keys(schema.properties ?? {}).length === 0;
}

/** The answer itself is a free record, or it only wraps a list of them ({items: [...]}, with a page's counters). */
function isUntyped(schema: JsonSchema | undefined): boolean {
  if (isFreeRecord(schema)) return true;
  const items = schema?.properties?.items;
  return Boolean(items && items.type === 'array' && isFreeRecord(items.items));
}

const t = await startTestApp();
afterAll(() => t.close());
const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json() as { paths: Record<string, Partial<Record<typeof METHODS[number], Operation>>> };
const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
  METHODS.filter((m) => item[m]).map((m) => ({ name: `${m.toUpperCase()} ${path}`, operation: item[m]! })));
const jsonAnswers = operations.flatMap(({ name, operation }) =>
  Object.entries(operation.responses ?? {})
    .filter(([status]) => /^2\d\d$/.test(status))
    .flatMap(([status, response]) => {
      const schema = response.content?.['application/json']?.schema;
      return schema ? [{ name: `${name} → ${status}`, schema }] : [];
    }));

describe('the OpenAPI document as a contract', () => {
  it('declares the fields of the JSON answers: at most 5% are untyped records', () => {
    const untyped = jsonAnswers.filter((a) => isUntyped(a.schema)).map((a) => a.name);
    const share = untyped.length / jsonAnswers.length;
    console.log(`JSON answers: ${jsonAnswers.length}, typed ${jsonAnswers.length - untyped.length}, untyped ${untyped.length} (${(share * 100).toFixed(1)}%)${untyped.length ? `\n  ${untyped.join('\n  ')}` : ''}`);
    expect(jsonAnswers.length).toBeGreaterThan(100);
    expect(share, `untyped JSON answers:\n  ${untyped.join('\n  ')}`).toBeLessThanOrEqual(MAX_UNTYPED_SHARE);
  });

  it('gives every route a summary and a tag', () => {
    const missing = operations
      .filter(({ operation }) => !operation.summary?.trim() || !operation.tags?.length)
      .map(({ name, operation }) => `${name}${operation.summary?.trim() ? '' : ' (no summary)'}${operation.tags?.length ? '' : ' (no tag)'}`);
    expect(missing, `routes without a summary or a tag:\n  ${missing.join('\n  ')}`).toEqual([]);
  });

  it('documents the error answer on every operation, and the headers a client must send', () => {
    const detail = doc as unknown as { components?: { schemas?: Record<string, { properties?: Record<string, unknown> }> }; paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>; parameters?: { in: string; name: string }[] }>> };
    expect(Object.keys(detail.components?.schemas?.Error?.properties ?? {})).toEqual(['code', 'message', 'path', 'issues']);
    const withoutError = operations.filter(({ name }) => {
      const [method, path] = name.split(' ');
      return detail.paths[path][method.toLowerCase()].responses?.['4XX']?.content?.['application/json']?.schema?.$ref !== '#/components/schemas/Error';
    }).map(({ name }) => name);
    expect(withoutError, 'operations without the documented error answer').toEqual([]);
    const headers = (method: string, path: string) => (detail.paths[path][method].parameters ?? []).filter((p) => p.in === 'header').map((p) => p.name);
    expect(headers('post', '/api/manifests')).toEqual(expect.arrayContaining(['Idempotency-Key', 'x-csrf-token']));
    expect(headers('post', '/api/manifests/{id}/sign')).toContain('Idempotency-Key');
    expect(headers('get', '/api/manifests')).toEqual([]);
  });
});
