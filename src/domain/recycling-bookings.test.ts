import { describe, expect, it } from 'vitest';
import { BOOKING_STATUS_VALUES, cancellable, canMove, maskIdNo, median, nextStatus, pointsForAmount, share, slotProblem, slotWindow, statusLabel, TRANSITIONS } from './recycling-bookings';

describe('the booking state machine', () => {
  it('walks a pickup from the booking to done', () => {
    let s = nextStatus('accept', 'pending')!;
    s = nextStatus('dispatch', s)!;
    s = nextStatus('on_way', s)!;
    expect(s).toBe('visiting');
    s = nextStatus('record', s)!;
    expect(s).toBe('awaiting_confirmation');
    expect(nextStatus('confirm', s)).toBe('done');
  });

  it('refuses steps out of turn', () => {
    expect(canMove('confirm', 'visiting')).toBe(false);
    expect(canMove('record', 'accepted')).toBe(false);
    expect(canMove('cancel', 'visiting')).toBe(false);
    expect(canMove('cancel', 'done')).toBe(false);
    expect(nextStatus('accept', 'done')).toBeNull();
  });

  it('moves only to known states', () => {
    for (const t of Object.values(TRANSITIONS)) {
      for (const from of t.from) expect(BOOKING_STATUS_VALUES).toContain(from);
      if (t.to) expect(BOOKING_STATUS_VALUES).toContain(t.to);
    }
  });

  it('reads a booking passed on after a timeout as 已超时转派 until accepted', () => {
    expect(statusLabel('pending', 0).zh).toBe('待接单');
    expect(statusLabel('pending', 1).zh).toBe('已超时转派');
    expect(statusLabel('accepted', 1).zh).toBe('已接单');
  });
});

describe('time slots (Asia/Shanghai)', () => {
  const now = new Date('2026-03-10T09:30:00+08:00');
  it('places the slots in Shanghai time', () => {
    expect(slotWindow('2026-03-10', 'afternoon').start.toISOString()).toBe('2026-03-10T05:00:00.000Z');
    expect(slotWindow('2026-03-10', 'evening').end.toISOString()).toBe('2026-03-10T12:00:00.000Z');
  });
  it('refuses a slot that has begun, and one beyond 14 days', () => {
    expect(slotProblem('2026-03-10', 'morning', now)).toBe('SLOT_IN_PAST');
    expect(slotProblem('2026-03-09', 'evening', now)).toBe('SLOT_IN_PAST');
    expect(slotProblem('2026-03-10', 'afternoon', now)).toBeNull();
    expect(slotProblem('2026-03-24', 'evening', now)).toBeNull();
    expect(slotProblem('2026-03-26', 'morning', now)).toBe('SLOT_TOO_FAR');
  });
  it('lets a resident cancel until the slot begins', () => {
    const start = slotWindow('2026-03-10', 'afternoon').start;
    expect(cancellable('dispatched', start, now)).toBe(true);
    expect(cancellable('dispatched', start, new Date('2026-03-10T13:00:00+08:00'))).toBe(false);
    expect(cancellable('visiting', start, now)).toBe(false);
  });
});

describe('figures', () => {
  it('credits whole points per yuan, rounded down', () => {
    expect(pointsForAmount(42.5, 10)).toBe(425);
    expect(pointsForAmount(12.49, 1)).toBe(12);
    expect(pointsForAmount(0.3 * 3, 10)).toBe(9);
    expect(pointsForAmount(5, 0)).toBe(0);
  });
  it('takes the median and the share', () => {
    expect(median([])).toBeNull();
    expect(median([30, 10, 20])).toBe(20);
    expect(median([10, 20, 30, 40])).toBe(25);
    expect(share(1, 3)).toBe(33.3);
    expect(share(1, 0)).toBeNull();
  });
  it('masks an ID number to its first and last four characters', () => {
    expect(maskIdNo('37158119850627452X')).toBe('3715**********452X');
  });
});
