import type { Lang } from './i18n';
import { GRADES } from '../domain/green';
import { HOUSEHOLD_CLASSES } from '../domain/household';

// What the green-account pages share: the answers' shapes and how a grade, a class, points and a rate read.

export interface Household { id: string; regionName: string | null; placeId: string; placeName: string; address: string; cardNo: string; qrToken: string; resident: string | null; balance: number; deliveries: number; lastDeliveryAt: string | null }
export interface Delivery { id: string; cardNo: string; address: string; placeName: string; facilityName: string; wasteClass: string; weightKg: number | null; deliveredAt: string; recordedBy: string; grade: string | null; points: number | null }
export interface Rate { placeId: string; name: string; regionName: string | null; households: number; participating: number; deliveries: number; graded: number; accurate: number; participationPct: number | null; accuracyPct: number | null }
export interface Rules { perDelivery: Record<string, number>; perKg: number; gradePct: Record<string, number>; expiryMonths: number }

export const classWord = (c: string | null, lang: Lang) => (c ? HOUSEHOLD_CLASSES[c as keyof typeof HOUSEHOLD_CLASSES]?.[lang] ?? c : '');
export const gradeWord = (g: string | null, lang: Lang) => (g ? `${GRADES[g as keyof typeof GRADES]?.zh ?? g}${lang === 'en' ? ` (${GRADES[g as keyof typeof GRADES]?.en ?? g})` : ''}` : '');
export const GRADE_COLOUR: Record<string, string> = { A: 'green', B: 'cyan', C: 'orange', D: 'red' };
export const pct = (n: number | null | undefined) => (n === null || n === undefined ? '—' : `${n.toLocaleString('zh-CN', { maximumFractionDigits: 1 })}%`);
export const pts = (n: number, lang: Lang) => `${n.toLocaleString('zh-CN')} ${lang === 'zh' ? '分' : 'pts'}`;
export const kg = (n: number | null, lang: Lang) => (n === null ? '—' : `${n.toLocaleString('zh-CN', { maximumFractionDigits: 2 })} ${lang === 'zh' ? '千克' : 'kg'}`);
/** The four classes a collection point takes. */
export const POINT_CLASSES = ['kitchen', 'recyclable', 'other', 'hazardous'] as const;
