import { sql } from 'drizzle-orm';
import type { AlarmRule } from '../rule';
import { RECYCLABLES } from '../../../domain/streams/recyclables';

// 线上预约、线下回收 (seed 004 三(五)): a resident's booked pickup that no company serving his community
// accepted within the region's time (recycling.accept_minutes), each in turn: the commerce bureau
// owns the alarm (no organisation), to find a company or extend the network there.
export const recyclingBookingUnaccepted: AlarmRule = {
  key: 'recycling_booking_unaccepted',
  stream: RECYCLABLES.key,
  label: { zh: '预约回收超时无企业接单', en: 'Booked recycling pickup accepted by no company' },
  severity: 'medium',
  deadlineHours: 24,
  candidates: (_now, subjectId) => sql`
    SELECT b.region_code, NULL::uuid AS organisation_id, 'recycling_booking' AS subject_type, b.id::text AS subject_id,
      '预约回收单 ' || b.booking_no || '（' || p.name || '）超时无回收企业接单' AS title,
      'Recycling pickup ' || b.booking_no || ' (' || p.name || ') accepted by no company in time' AS title_en,
      jsonb_build_object('bookingNo', b.booking_no, 'placeId', b.place_id, 'place', p.name, 'slotDate', b.slot_date, 'slot', b.slot, 'companiesTried', cardinality(b.passed_over)) AS details
    FROM recycling_bookings b JOIN household_places p ON p.id = b.place_id
    WHERE b.status = 'escalated'
      ${subjectId ? sql`AND b.id = ${subjectId}::uuid` : sql``}`,
};
