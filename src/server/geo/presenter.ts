import { z } from 'zod';

// What leaves the server about outlines.

const ring = z.array(z.tuple([z.number(), z.number()]));
const geometry = z.union([
  z.object({ type: z.literal('Polygon'), coordinates: z.array(ring) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring)) }),
]);
const bbox = z.tuple([z.number(), z.number(), z.number(), z.number()]).describe('[minLon, minLat, maxLon, maxLat]');

export const outlinesSchema = z.object({
  regionCode: z.string().describe('the region the map shows'),
  bbox: bbox.nullable(),
  tiles: z.object({ url: z.string().describe('tile URL template with {z}/{x}/{y}'), attribution: z.string() }).nullable().describe('null: no base map (WUFEI_MAP_TILES unset): outlines only'),
  outlines: z.array(z.object({
    regionCode: z.string(), name: z.string(), level: z.string(), version: z.number(), source: z.string(), licence: z.string(),
    approximate: z.boolean().describe('an approximate line (示意), not a surveyed boundary'), importedAt: z.string(), bbox, geometry,
  })),
});

export const importResultSchema = z.object({ imported: z.array(z.object({ regionCode: z.string(), version: z.number(), vertices: z.number() })) });

export const versionsSchema = z.object({
  regionCode: z.string(),
  items: z.array(z.object({ version: z.number(), source: z.string(), licence: z.string(), approximate: z.boolean(), importedAt: z.string(), replacedAt: z.string().nullable() })),
});
