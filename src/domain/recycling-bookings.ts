import type { Labelled } from './enums';

// 线上预约、线下回收 (seed 004 三(五)): a resident books a pickup, a recycling company serving his
// community accepts it and dispatches a registered collector (《再生资源回收管理办法》 备案), who
// weighs, pays (cash or green-account points) and takes the goods to a station; the resident confirms
// and rates. Pure rules shared by the server and the phone pages: the states and who moves them, the
// time slots, the points a booking paid in points earns, and the service-level figures.

export const BOOKING_STATUSES: readonly Labelled[] = [
  { value: 'pending', zh: '待接单', en: 'Awaiting acceptance' },
  { value: 'accepted', zh: '已接单', en: 'Accepted' },
  { value: 'dispatched', zh: '已派单', en: 'Dispatched' },
  { value: 'visiting', zh: '上门中', en: 'On the way' },
  { value: 'awaiting_confirmation', zh: '待确认', en: 'Awaiting your confirmation' },
  { value: 'done', zh: '已完成', en: 'Done' },
  { value: 'cancelled', zh: '已取消', en: 'Cancelled' },
  { value: 'escalated', zh: '超时未接单（已报商务局）', en: 'Not accepted in time (reported to the bureau)' },
];
export type BookingStatus = 'pending' | 'accepted' | 'dispatched' | 'visiting' | 'awaiting_confirmation' | 'done' | 'cancelled' | 'escalated';
export const BOOKING_STATUS_VALUES = BOOKING_STATUSES.map((s) => s.value) as [BookingStatus, ...BookingStatus[]];

/** What the resident sees: a booking passed on to the next company after a timeout reads 已超时转派 until it is accepted. */
export function statusLabel(status: BookingStatus, passCount: number): Labelled {
  if (status === 'pending' && passCount > 0) return { value: 'passed_on', zh: '已超时转派', en: 'Timed out, passed on' };
  return BOOKING_STATUSES.find((s) => s.value === status)!;
}

export type BookingAction = 'accept' | 'dispatch' | 'on_way' | 'arrive' | 'record' | 'confirm' | 'cancel' | 'pass_on' | 'escalate';

/** Which states each action starts from. The route names the field that refuses, the table names the state. */
export const TRANSITIONS: Record<BookingAction, { from: BookingStatus[]; to: BookingStatus | null }> = {
  accept: { from: ['pending', 'escalated'], to: 'accepted' },
  // A company may re-dispatch to another collector until he sets out.
  dispatch: { from: ['accepted', 'dispatched'], to: 'dispatched' },
  on_way: { from: ['dispatched'], to: 'visiting' },
  arrive: { from: ['visiting'], to: 'visiting' },
  // He may record at the door without having marked each step.
  record: { from: ['dispatched', 'visiting'], to: 'awaiting_confirmation' },
  confirm: { from: ['awaiting_confirmation'], to: 'done' },
  cancel: { from: ['pending', 'accepted', 'dispatched', 'escalated'], to: 'cancelled' },
  pass_on: { from: ['pending'], to: 'pending' },
  escalate: { from: ['pending'], to: 'escalated' },
};

export const canMove = (action: BookingAction, status: BookingStatus) => TRANSITIONS[action].from.includes(status);
export const nextStatus = (action: BookingAction, status: BookingStatus): BookingStatus | null => (canMove(action, status) ? TRANSITIONS[action].to : null);

/** The three time slots of a day (Asia/Shanghai). */
export const SLOTS: readonly (Labelled & { start: string; end: string })[] = [
  { value: 'morning', zh: '上午 08:00–12:00', en: 'Morning 08:00–12:00', start: '08:00', end: '12:00' },
  { value: 'afternoon', zh: '下午 13:00–17:00', en: 'Afternoon 13:00–17:00', start: '13:00', end: '17:00' },
  { value: 'evening', zh: '晚上 18:00–20:00', en: 'Evening 18:00–20:00', start: '18:00', end: '20:00' },
];
export type Slot = 'morning' | 'afternoon' | 'evening';
export const SLOT_VALUES = SLOTS.map((s) => s.value) as [Slot, ...Slot[]];

/** How far ahead a resident may book. */
export const MAX_DAYS_AHEAD = 14;

/** When a slot starts and ends, as instants. */
export function slotWindow(day: string, slot: Slot): { start: Date; end: Date } {
  const s = SLOTS.find((x) => x.value === slot)!;
  return { start: new Date(`${day}T${s.start}:00+08:00`), end: new Date(`${day}T${s.end}:00+08:00`) };
}

/** Why a slot cannot be booked at `now`, or null: it has begun, or it lies beyond the booking horizon. */
export function slotProblem(day: string, slot: Slot, now: Date): 'SLOT_IN_PAST' | 'SLOT_TOO_FAR' | null {
  const { start } = slotWindow(day, slot);
  if (start.getTime() <= now.getTime()) return 'SLOT_IN_PAST';
  if (start.getTime() - now.getTime() > (MAX_DAYS_AHEAD + 1) * 86_400_000) return 'SLOT_TOO_FAR';
  return null;
}

/** A resident may cancel until his slot begins. */
export const cancellable = (status: BookingStatus, slotStart: Date, now: Date) => canMove('cancel', status) && now.getTime() < slotStart.getTime();

export const PAYMENTS: readonly Labelled[] = [
  { value: 'cash', zh: '现金（或转账）', en: 'Cash (or transfer)' },
  { value: 'points', zh: '绿色账户积分', en: 'Green-account points' },
];
export type Payment = 'cash' | 'points';

/** Price units: weighed categories by the kilogram, appliances and furniture by the piece. */
export const PRICE_UNITS: readonly Labelled[] = [
  { value: 'kg', zh: '元/千克', en: 'yuan/kg' },
  { value: 'piece', zh: '元/件', en: 'yuan/piece' },
];

/** The region setting: points credited per yuan of the recorded amount when a resident chose points. */
export const POINTS_PER_YUAN_SETTING = 'recycling.points_per_yuan';
export const ACCEPT_MINUTES_SETTING = 'recycling.accept_minutes';

/** Points for an amount: whole points, rounded down, never below zero. */
export const pointsForAmount = (amountYuan: number, pointsPerYuan: number) => Math.max(0, Math.floor(amountYuan * pointsPerYuan + 1e-9));

/** The median of a list of numbers (null when empty). */
export function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Share as a percentage to one decimal (null without a denominator). */
export const share = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : null);

/** 《再生资源回收管理办法》 第七条: a mobile collector is filed (备案) with the commerce bureau; the ID number is shown masked. */
export const maskIdNo = (idNo: string) => (idNo.length <= 8 ? idNo.replace(/./g, '*') : `${idNo.slice(0, 4)}${'*'.repeat(idNo.length - 8)}${idNo.slice(-4)}`);

/** A resident's ID card number: 18 characters, the last a digit or X. */
export const ID_CARD_NO = /^\d{17}[\dX]$/;
