import { describe, expect, it } from 'vitest';
import { describeError } from './describe-error';

describe('describeError', () => {
  it('never reads "undefined", whatever was thrown', () => {
    for (const thrown of [undefined, null, '', new Error(''), new AggregateError([]), {}, Symbol('x'), 0]) {
      const text = describeError(thrown);
      expect(text).not.toMatch(/^undefined$|^$/);
      expect(text.length).toBeGreaterThan(0);
    }
  });

  it('says what a connection refusal says, address by address', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(describeError(new AggregateError([refused]))).toBe('connect ECONNREFUSED 127.0.0.1:5432');
  });

  it('keeps the cause of a wrapped error', () => {
    expect(describeError(new Error('Failed query: SELECT 1', { cause: new Error('relation "x" does not exist') }))).toBe('Failed query: SELECT 1 (relation "x" does not exist)');
  });
});
