import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { creditCodeProblem, isValidCreditCode, makeCreditCode } from '../../src/domain/credit-code';

// 统一社会信用代码 (GB 32100-2015): the validator behind every registration.
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const codeChar = fc.constantFrom(...ALPHABET.split(''));
const chars = (n: number) => fc.array(codeChar, { minLength: n, maxLength: n }).map((a) => a.join(''));
const digits = (n: number) => fc.array(fc.constantFrom(...'0123456789'.split('')), { minLength: n, maxLength: n }).map((a) => a.join(''));
const validCode = fc.tuple(chars(2), digits(6), chars(8)).map(([prefix, region, body]) => makeCreditCode(prefix, region, body));

describe('the credit code validator', () => {
  it('accepts a known public code', () => {
    expect(creditCodeProblem('91350100M000100Y43')).toBeNull();
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
  });

  it('accepts the code in lower case and with surrounding spaces', () => {
    expect(creditCodeProblem(' 91350100m000100y43 ')).toBeNull();
  });

  it.each([
    ['LENGTH', '91350100M000100Y4'],
    ['LENGTH', '91350100M000100Y433'],
    ['LENGTH', ''],
    ['CHARACTER', '91350100M000100I43'],
    ['CHARACTER', '91350100M0001-0Y43'],
    ['CHECK', '91350100M000100Y44'],
    ['ORG_CHECK', '91350100M000100X43'],
  ])('names the problem %s in %s', (problem, code) => {
    expect(creditCodeProblem(code)).toBe(problem);
  });

  it('catches every single-character change of a valid code', () => {
    const replacements = `${ALPHABET}IOZSV-*`;
    fc.assert(fc.property(validCode, fc.nat(17), fc.constantFrom(...replacements.split('')), (code, position, replacement) => {
      fc.pre(code[position] !== replacement);
      const changed = `${code.slice(0, position)}${replacement}${code.slice(position + 1)}`;
      expect(creditCodeProblem(code)).toBeNull();
      expect(creditCodeProblem(changed)).not.toBeNull();
    }), { numRuns: 2000 });
  });

  it('makes valid codes that carry their parts back unchanged', () => {
    fc.assert(fc.property(chars(2), digits(6), chars(8), (prefix, region, body) => {
      const code = makeCreditCode(prefix, region, body);
      expect(code).toHaveLength(18);
      expect(isValidCreditCode(code)).toBe(true);
      expect([code.slice(0, 2), code.slice(2, 8), code.slice(8, 16)]).toEqual([prefix, region, body]);
    }));
  });
});
