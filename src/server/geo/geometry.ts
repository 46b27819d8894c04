// Plain geometry over GeoJSON polygons (longitude, latitude in degrees): the checks an imported
// outline passes, its bounding box, and the approximate town areas of the demo. No IO.

export type Position = [number, number];
export type Ring = Position[];
export interface PolygonGeometry { type: 'Polygon'; coordinates: Ring[] }
export interface MultiPolygonGeometry { type: 'MultiPolygon'; coordinates: Ring[][] }
export type OutlineGeometry = PolygonGeometry | MultiPolygonGeometry;
export interface Bbox { minLon: number; minLat: number; maxLon: number; maxLat: number }

/** Why a geometry is refused: a code, the path inside the geometry, and the words for a person. */
export interface GeometryFault { code: string; path: string; zh: string; en: string }

// China with a margin, as the GPS ingest checks it: a file in another datum or with swapped axes
// (latitude first) falls outside.
const LON: [number, number] = [73, 136];
const LAT: [number, number] = [3, 54];

const polygonsOf = (g: OutlineGeometry): Ring[][] => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);

export const vertexCount = (g: OutlineGeometry) => polygonsOf(g).reduce((n, p) => n + p.reduce((m, r) => m + r.length, 0), 0);

export function bboxOf(g: OutlineGeometry): Bbox {
  let minLon = Infinity, minLat = Infinity, maxLon = -Infinity, maxLat = -Infinity;
  for (const polygon of polygonsOf(g)) for (const [lon, lat] of polygon[0]) {
    if (lon < minLon) minLon = lon;
    if (lon > maxLon) maxLon = lon;
    if (lat < minLat) minLat = lat;
    if (lat > maxLat) maxLat = lat;
  }
  return { minLon, minLat, maxLon, maxLat };
}

/** Twice the signed area in degrees² (the shoelace sum); zero for a ring with no inside. */
const signedArea2 = (ring: Ring) => {
  let s = 0;
  for (let i = 0; i < ring.length - 1; i++) s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return s;
};

const cross = (o: Position, a: Position, b: Position) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);

/** Whether segments ab and cd cross at a point inside both (touching at shared ends does not count). */
function segmentsCross(a: Position, b: Position, c: Position, d: Position): boolean {
  const d1 = cross(c, d, a), d2 = cross(c, d, b), d3 = cross(a, b, c), d4 = cross(a, b, d);
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

/**
 * Whether a closed ring crosses itself. Segments are put in grid buckets so that only neighbours
 * are compared: a county's outline of some thousands of vertices is checked in milliseconds.
 */
export function selfIntersects(ring: Ring): boolean {
  const n = ring.length - 1;
  if (n < 4) return false;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const [x, y] of ring) { minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y); }
  const side = Math.max(1, Math.ceil(Math.sqrt(n)));
  const w = (maxX - minX) / side || 1, h = (maxY - minY) / side || 1;
  const cell = (v: number, min: number, size: number) => Math.min(side - 1, Math.max(0, Math.floor((v - min) / size)));
  const buckets = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const [a, b] = [ring[i], ring[i + 1]];
    const x0 = cell(Math.min(a[0], b[0]), minX, w), x1 = cell(Math.max(a[0], b[0]), minX, w);
    const y0 = cell(Math.min(a[1], b[1]), minY, h), y1 = cell(Math.max(a[1], b[1]), minY, h);
    for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) {
      const key = x * side + y;
      const list = buckets.get(key);
      if (list) list.push(i); else buckets.set(key, [i]);
    }
  }
  for (const list of buckets.values()) {
    for (let p = 0; p < list.length; p++) for (let q = p + 1; q < list.length; q++) {
      const i = list[p], j = list[q];
      // Neighbouring segments share a vertex; so do the first and the last.
      if (Math.abs(i - j) === 1 || Math.abs(i - j) === n - 1) continue;
      if (segmentsCross(ring[i], ring[i + 1], ring[j], ring[j + 1])) return true;
    }
  }
  return false;
}

/**
 * Reads a GeoJSON geometry as an outline: a Polygon or MultiPolygon whose rings are closed, have at
 * least four positions of finite degrees inside China, enclose an area and do not cross themselves.
 * Coordinates are kept to 6 decimals (about 0.1 m). Returns the outline or the first fault.
 */
export function readOutline(value: unknown, path: string): { geometry: OutlineGeometry } | { fault: GeometryFault } {
  const fault = (code: string, at: string, zh: string, en: string) => ({ fault: { code, path: at, zh, en } });
  const g = value as { type?: unknown; coordinates?: unknown } | null;
  if (!g || typeof g !== 'object' || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) {
    return fault('OUTLINE_NOT_POLYGON', `${path}.type`, '边界须为 Polygon 或 MultiPolygon 面要素', 'An outline must be a Polygon or MultiPolygon');
  }
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  if (!Array.isArray(polygons) || polygons.length === 0) return fault('OUTLINE_EMPTY', `${path}.coordinates`, '边界没有坐标', 'The outline has no coordinates');
  const clean: Ring[][] = [];
  for (let p = 0; p < polygons.length; p++) {
    const rings = polygons[p];
    const at = g.type === 'Polygon' ? `${path}.coordinates` : `${path}.coordinates[${p}]`;
    if (!Array.isArray(rings) || rings.length === 0) return fault('OUTLINE_EMPTY', at, '面要素没有外环', 'A polygon has no outer ring');
    const cleanRings: Ring[] = [];
    for (let r = 0; r < rings.length; r++) {
      const ring = rings[r];
      const ringAt = `${at}[${r}]`;
      if (!Array.isArray(ring) || ring.length < 4) return fault('OUTLINE_RING_SHORT', ringAt, '每个环至少需要 4 个坐标点（首尾相同）', 'Each ring needs at least 4 positions (the first repeated last)');
      const out: Ring = [];
      for (let i = 0; i < ring.length; i++) {
        const pos = ring[i];
        if (!Array.isArray(pos) || pos.length < 2 || typeof pos[0] !== 'number' || typeof pos[1] !== 'number' || !Number.isFinite(pos[0]) || !Number.isFinite(pos[1])) {
          return fault('OUTLINE_BAD_POSITION', `${ringAt}[${i}]`, '坐标须为 [经度, 纬度] 数字', 'A position must be [longitude, latitude] as numbers');
        }
        if (pos[0] < LON[0] || pos[0] > LON[1] || pos[1] < LAT[0] || pos[1] > LAT[1]) {
          return fault('OUTLINE_OUT_OF_RANGE', `${ringAt}[${i}]`, `坐标超出中国范围（经度 ${LON[0]}–${LON[1]}，纬度 ${LAT[0]}–${LAT[1]}）：请检查是否为 WGS-84 经纬度、经度在前`, `Position outside China (longitude ${LON[0]}–${LON[1]}, latitude ${LAT[0]}–${LAT[1]}): check it is WGS-84 degrees, longitude first`);
        }
        out.push([Math.round(pos[0] * 1e6) / 1e6, Math.round(pos[1] * 1e6) / 1e6]);
      }
      const [first, last] = [out[0], out[out.length - 1]];
      if (first[0] !== last[0] || first[1] !== last[1]) return fault('OUTLINE_RING_OPEN', ringAt, '环未闭合：最后一个坐标须与第一个相同', 'The ring is not closed: its last position must repeat the first');
      if (selfIntersects(out)) return fault('OUTLINE_SELF_INTERSECTS', ringAt, '环自相交', 'The ring crosses itself');
      if (Math.abs(signedArea2(out)) < 1e-12) return fault('OUTLINE_NO_AREA', ringAt, '环没有面积', 'The ring encloses no area');
      cleanRings.push(out);
    }
    clean.push(cleanRings);
  }
  return { geometry: g.type === 'Polygon' ? { type: 'Polygon', coordinates: clean[0] } : { type: 'MultiPolygon', coordinates: clean } };
}

/** Whether a point lies inside a ring (even-odd rule). */
export function inRing([x, y]: Position, ring: Ring): boolean {
  let inside = false;
  for (let i = 0; i < ring.length - 1; i++) {
    const [x1, y1] = ring[i], [x2, y2] = ring[i + 1];
    if ((y1 > y) !== (y2 > y) && x < x1 + ((y - y1) * (x2 - x1)) / (y2 - y1)) inside = !inside;
  }
  return inside;
}

/** Whether a point lies inside an outline (in an outer ring and in none of its holes). */
export const inOutline = (p: Position, g: OutlineGeometry) => polygonsOf(g).some((rings) => inRing(p, rings[0]) && !rings.slice(1).some((hole) => inRing(p, hole)));

/**
 * The Voronoi cell of each seat, clipped to a county's outer ring: the county's ring cut by the
 * half-plane nearer to the seat than to each other seat (Sutherland–Hodgman, which is exact for a
 * convex clip such as a half-plane). Distances are taken with longitude scaled by cos(latitude), so
 * a boundary is the true perpendicular bisector on the ground. Approximate town areas (示意) for a
 * demo without surveyed town boundaries.
 */
export function voronoiCells(county: Ring, seats: Position[]): Ring[] {
  const k = Math.cos((county.reduce((s, p) => s + p[1], 0) / county.length) * (Math.PI / 180));
  const toPlane = ([lon, lat]: Position): Position => [lon * k, lat];
  const fromPlane = ([x, y]: Position): Position => [Math.round((x / k) * 1e5) / 1e5, Math.round(y * 1e5) / 1e5];
  const planeSeats = seats.map(toPlane);
  return planeSeats.map((seat, i) => {
    let ring = county.slice(0, -1).map(toPlane);
    for (let j = 0; j < planeSeats.length && ring.length > 0; j++) {
      if (j === i) continue;
      const other = planeSeats[j];
      // Keep points p with (p - mid)·(other - seat) <= 0: nearer to this seat.
      const n: Position = [other[0] - seat[0], other[1] - seat[1]];
      const mid: Position = [(seat[0] + other[0]) / 2, (seat[1] + other[1]) / 2];
      const side = (p: Position) => (p[0] - mid[0]) * n[0] + (p[1] - mid[1]) * n[1];
      const out: Position[] = [];
      for (let a = 0; a < ring.length; a++) {
        const p = ring[a], q = ring[(a + 1) % ring.length];
        const sp = side(p), sq = side(q);
        if (sp <= 0) out.push(p);
        if ((sp < 0 && sq > 0) || (sp > 0 && sq < 0)) {
          const t = sp / (sp - sq);
          out.push([p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t]);
        }
      }
      ring = out;
    }
    const cell = ring.map(fromPlane);
    return cell.length >= 3 ? [...cell, cell[0]] : [];
  });
}
