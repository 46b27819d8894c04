import { describe, expect, it } from 'vitest';
import { plainArray, textArray } from './arrays';

describe('array literals for unnest inserts', () => {
  it('writes plain values as they are and null or undefined as NULL', () => {
    expect(plainArray([1, 2.5, null, undefined, true, '2026-12-06T06:00:00.000Z'])).toBe('{1,2.5,NULL,NULL,true,2026-12-06T06:00:00.000Z}');
    expect(plainArray([])).toBe('{}');
  });

  it('quotes text so that commas, braces, quotes, backslashes, spaces and the word NULL stay text', () => {
    expect(textArray(['a,b', '{x}', 'say "hi"', 'c:\\path', ' 鲁P 12345 ', 'NULL', null, ''])).toBe('{"a,b","{x}","say \\"hi\\"","c:\\\\path"," 鲁P 12345 ","NULL",NULL,""}');
  });
});
