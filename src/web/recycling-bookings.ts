import { APPLIANCE_TYPES, RECYCLABLE_CATEGORIES } from '../domain/recycling';
import { SLOTS, statusLabel, type BookingStatus } from '../domain/recycling-bookings';
import type { Lang } from './i18n';

// Shared by the pickup pages (resident, collector, console): the booking as the API returns it and its words.

export interface BookingItem { category: string; applianceType: string; estimatedKg: number | null; estimatedCount: number | null }
export interface BookingLine { category: string; weightKg: number; itemCount: number | null; unit: 'kg' | 'piece'; unitPriceYuan: number; amountYuan: number; units: { applianceType: string; brand: string; serial: string; weightKg: number }[] }
export interface Booking {
  id: string; bookingNo: string; placeId: string; placeName: string; regionName: string | null; address: string; contactPhone: string; slotDate: string; slot: string; slotStart: string; payment: 'cash' | 'points';
  photos: string[]; note: string; status: BookingStatus; companyName: string | null; passCount: number; collectorId: string | null; collectorName: string | null; collectorPhone: string | null; collectorFilingNo: string | null;
  acceptedAt: string | null; dispatchedAt: string | null; onWayAt: string | null; arrivedAt: string | null; recordedAt: string | null; stationName: string | null; amountYuan: number | null; points: number | null;
  confirmedAt: string | null; cancelledAt: string | null; escalatedAt: string | null; stars: number | null; ratingComment: string | null; createdAt: string; items: BookingItem[]; lines: BookingLine[];
}
export interface Price { category: string; applianceType: string; unit: string; priceYuan: number }

export const STATUS_COLOUR: Record<string, string> = {
  pending: 'gold', passed_on: 'orange', accepted: 'blue', dispatched: 'geekblue', visiting: 'cyan', awaiting_confirmation: 'purple', done: 'green', cancelled: 'default', escalated: 'red',
};

export const statusOf = (b: Pick<Booking, 'status' | 'passCount'>) => statusLabel(b.status, b.passCount);
export const categoryWord = (value: string, lang: Lang) => { const c = RECYCLABLE_CATEGORIES.find((x) => x.value === value); return c ? (lang === 'zh' ? c.zh : c.en) : value; };
export const applianceWord = (value: string, lang: Lang) => { const a = APPLIANCE_TYPES.find((x) => x.value === value); return a ? (lang === 'zh' ? a.zh : a.en) : value; };
export const slotWord = (value: string, lang: Lang) => { const s = SLOTS.find((x) => x.value === value); return s ? (lang === 'zh' ? s.zh : s.en) : value; };
export const yuan = (n: number | null | undefined, lang: Lang) => (n === null || n === undefined ? '—' : `${n.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${lang === 'zh' ? '元' : 'yuan'}`);
export const priceWord = (p: Price, lang: Lang) => `${p.priceYuan.toFixed(2)} ${p.unit === 'piece' ? (lang === 'zh' ? '元/件' : 'yuan/piece') : (lang === 'zh' ? '元/千克' : 'yuan/kg')}`;
export const itemWord = (i: BookingItem, lang: Lang) => `${i.applianceType ? applianceWord(i.applianceType, lang) : categoryWord(i.category, lang)} ${i.estimatedCount ? `${i.estimatedCount} ${lang === 'zh' ? '件' : 'pcs'}` : i.estimatedKg ? `${i.estimatedKg} kg` : ''}`;
export const lineWord = (l: BookingLine, lang: Lang) => `${l.units.length ? l.units.map((u) => applianceWord(u.applianceType, lang)).join('、') : categoryWord(l.category, lang)} ${l.itemCount ? `${l.itemCount} ${lang === 'zh' ? '件' : 'pcs'} · ` : ''}${l.weightKg} kg × ${l.unitPriceYuan.toFixed(2)} = ${yuan(l.amountYuan, lang)}`;
