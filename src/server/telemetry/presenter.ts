import { z } from 'zod';
import { instant, itemsOf, pgTimestamp } from '../http/presenter';

// What leaves the server about vehicle positions: a manifest's track and the loads on the road now.

const end = z.object({ id: z.string(), name: z.string(), longitude: z.number().nullable(), latitude: z.number().nullable() });

/** The route actually driven for a manifest, between the transport and reception signatures. */
export const manifestTrackSchema = z.object({
  manifestId: z.string(), number: z.string(), status: z.string(),
  from: end.optional().describe('the producer'), to: end.optional().describe('the receiver'),
  points: z.array(z.object({ at: instant, longitude: z.number(), latitude: z.number(), speedKmh: z.number().nullable() })),
});

/**
 * Each load on the road the caller may see, with its vehicle's last position. Read by db.execute, so
 * `at` is PostgreSQL's text ("2025-03-01 08:00:00+08"), not ISO 8601; null before the first position.
 */
export const liveVehiclesSchema = itemsOf(z.object({
  manifestId: z.string(), number: z.string(), wasteCode: z.string(), wasteName: z.string().nullable(), declaredWeightT: z.number(),
  plate: z.string().nullable(), at: pgTimestamp.nullable(), longitude: z.number().nullable(), latitude: z.number().nullable(),
}));
