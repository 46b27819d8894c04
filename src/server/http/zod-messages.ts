import type { Message } from './errors';

// Our own refinements carry both languages in one string, "中文||English".
export const bilingual = (zh: string, en: string): string => `${zh}||${en}`;

interface ZodIssueLike {
  code?: string;
  message?: string;
  expected?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  format?: string;
  keys?: string[];
  origin?: string;
}

/** Turns a zod issue into a message a user can act on, in Chinese and English. */
export function issueMessage(issue: ZodIssueLike): Message {
  if (issue.message?.includes('||')) {
    const [zh, en] = issue.message.split('||');
    return { zh, en };
  }
  const size = issue.origin === 'string' ? { zh: '个字符', en: ' characters' } : issue.origin === 'array' ? { zh: '项', en: ' items' } : { zh: '', en: '' };
  switch (issue.code) {
    case 'invalid_type':
      return issue.message?.includes('received undefined')
        ? { zh: '必填项', en: 'Required' }
        : { zh: `类型错误，应为 ${issue.expected}`, en: `Wrong type: expected ${issue.expected}` };
    case 'too_small':
      return { zh: `不能少于 ${issue.minimum}${size.zh}`, en: `Must be at least ${issue.minimum}${size.en}` };
    case 'too_big':
      return { zh: `不能超过 ${issue.maximum}${size.zh}`, en: `Must be at most ${issue.maximum}${size.en}` };
    case 'invalid_format':
      return { zh: `格式不正确（${issue.format}）`, en: `Invalid format (${issue.format})` };
    case 'invalid_value':
      return { zh: '取值不在允许范围内', en: 'Value is not one of the allowed options' };
    case 'unrecognized_keys':
      return { zh: `不认识的字段：${issue.keys?.join(', ')}`, en: `Unknown fields: ${issue.keys?.join(', ')}` };
    default:
      return { zh: `输入不正确：${issue.message ?? ''}`, en: `Invalid input: ${issue.message ?? ''}` };
  }
}
