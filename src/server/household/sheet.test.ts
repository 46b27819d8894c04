import { describe, expect, it } from 'vitest';
import { dayOf, momentOf, parseNumber, columnLetter, type SheetCell } from './sheet';
import { ticketClassOf } from './tickets-import';

// How an uploaded sheet's cells are read: dates and times as the weighbridge software and Excel
// write them (read as Beijing time), numbers with separators, and the class a cargo name says.
const text = (t: string): SheetCell => ({ text: t, number: parseNumber(t), date: null, bool: null });

describe('reading cells', () => {
  it('reads a day written the usual ways, and refuses a day that does not exist', () => {
    expect(['2026-05-01', '2026/5/1', '2026.5.1', '2026年5月1日'].map((t) => dayOf(text(t)))).toEqual(Array(4).fill('2026-05-01'));
    expect(dayOf({ text: '', number: null, date: new Date('2026-05-01T00:00:00Z'), bool: null })).toBe('2026-05-01');
    expect(dayOf(text('46143'))).toBe('2026-05-01');
    expect(dayOf(text('2026-02-30'))).toBeNull();
    expect(dayOf(text('可能'))).toBeNull();
  });

  it('reads a weighing time as Beijing time, from text, an Excel date-time or an ISO time with its offset', () => {
    expect(momentOf(text('2026-05-01 08:30'))?.toISOString()).toBe('2026-05-01T00:30:00.000Z');
    expect(momentOf(text('2026/5/1 8:30:15'))?.toISOString()).toBe('2026-05-01T00:30:15.000Z');
    expect(momentOf({ text: '', number: null, date: new Date('2026-05-01T08:30:00Z'), bool: null })?.toISOString()).toBe('2026-05-01T00:30:00.000Z');
    expect(momentOf(text('2026-05-01T08:30:00+08:00'))?.toISOString()).toBe('2026-05-01T00:30:00.000Z');
    expect(momentOf(text('46143.5'))?.toISOString()).toBe('2026-05-01T04:00:00.000Z');
    expect(momentOf(text('2026-05-01 25:00'))).toBeNull();
    expect(momentOf(text('上午八点'))).toBeNull();
  });

  it('reads numbers with separators and full-width digits, and names columns past Z', () => {
    expect(parseNumber('18,400')).toBe(18400);
    expect(parseNumber('１２．５')).toBe(12.5);
    expect(parseNumber('-5')).toBe(-5);
    expect(parseNumber('12吨')).toBeNull();
    expect([0, 25, 26, 27].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AB']);
  });
});

describe('the class a cargo name says', () => {
  it('maps the names weighbridge software uses, mixed before household waste', () => {
    expect(['生活垃圾', '其他垃圾', '厨余垃圾', '餐厨垃圾', '可回收物', '有害垃圾', '大件垃圾', '装修垃圾', '混合生活垃圾', 'kitchen'].map(ticketClassOf))
      .toEqual(['other', 'other', 'kitchen', 'kitchen', 'recyclable', 'hazardous', 'bulky', 'renovation', 'mixed', 'kitchen']);
    expect(ticketClassOf('建筑垃圾')).toBeNull();
    expect(ticketClassOf('')).toBeNull();
  });
});
