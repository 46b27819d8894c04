import { sql } from 'drizzle-orm';
import type { AlarmRule } from '../rule';

// 农膜 (issue 16): a farm-input dealer tried to record a sale of PE mulch film thinner than 0.010 mm
// (农用薄膜管理办法: such film may not be sold). The sale was refused; the alarm goes to the
// agriculture bureau of the dealer's area, about the dealer, so that someone checks its shelves.
export const filmThinMulch: AlarmRule = {
  key: 'film_thin_mulch',
  stream: 'film',
  label: { zh: '销售不合格地膜（厚度小于0.01毫米）', en: 'Sale of mulch film under 0.01 mm' },
  severity: 'high',
  deadlineHours: 7 * 24,
  candidates: (now, subjectId) => sql`
    SELECT r.region_code, r.organisation_id, 'film_refusal' AS subject_type, r.id::text AS subject_id,
      o.name || ' 试图销售厚度 ' || trim(to_char(r.thickness_mm, 'FM0.0000')) || ' 毫米的聚乙烯地膜 ' || trim(to_char(r.tonnes, 'FM999990.999')) || ' 吨（' || r.day || '），已拒绝记录' AS title,
      o.name || ' tried to sell ' || trim(to_char(r.tonnes, 'FM999990.999')) || ' t of PE mulch film ' || trim(to_char(r.thickness_mm, 'FM0.0000')) || ' mm thick (' || r.day || '); the sale was refused' AS title_en,
      jsonb_build_object('day', r.day, 'thicknessMm', r.thickness_mm, 'tonnes', r.tonnes, 'buyer', r.counterpart_name) AS details
    FROM film_refusals r JOIN organisations o ON o.id = r.organisation_id
    WHERE r.recorded_at > ${now}::timestamptz - interval '30 days'
      ${subjectId ? sql`AND r.id = ${subjectId}::uuid` : sql``}`,
};
