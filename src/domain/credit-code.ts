// 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character alphabet
// (digits and capitals without I, O, Z, S, V). Character 18 is a check over the first 17;
// characters 9-17 are the organisation code (GB 11714) whose 9th character is its own check.
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
const ORG_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export type CreditCodeProblem = 'LENGTH' | 'CHARACTER' | 'ORG_CHECK' | 'CHECK';

export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17[i]) * WEIGHTS[i];
  return ALPHABET[(31 - (sum % 31)) % 31];
}

export function orgCodeCheckChar(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += ORG_ALPHABET.indexOf(body8[i]) * ORG_WEIGHTS[i];
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** Returns null when the code is valid, otherwise what is wrong with it. */
export function creditCodeProblem(raw: string): CreditCodeProblem | null {
  const code = raw.trim().toUpperCase();
  if (code.length !== 18) return 'LENGTH';
  for (const ch of code) if (!ALPHABET.includes(ch)) return 'CHARACTER';
  if (orgCodeCheckChar(code.slice(8, 16)) !== code[16]) return 'ORG_CHECK';
  if (creditCodeCheckChar(code.slice(0, 17)) !== code[17]) return 'CHECK';
  return null;
}

export const isValidCreditCode = (raw: string): boolean => creditCodeProblem(raw) === null;

/**
 * Builds a valid code from a registration-authority prefix (2 chars), a 6-digit region code and an
 * 8-character organisation body. Used by the demo city and test factories.
 */
export function makeCreditCode(prefix: string, regionCode: string, orgBody8: string): string {
  const first16 = `${prefix}${regionCode}${orgBody8}`;
  const first17 = first16 + orgCodeCheckChar(orgBody8);
  return first17 + creditCodeCheckChar(first17);
}
