import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/database';
import { organisations } from '../platform/organisations/schema';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import { recyclingSites } from '../recycling/schema';
import { RECYCLING_STATIONS } from './recycling-cast';

// The recycling network of 临清 (issue 17): the company's six stations with the communities and towns
// they serve, and the county sorting centre, which serves the whole county. Registered before the
// bookings and the stations' ledgers of the other demo files; after the household register, whose
// communities the stations serve.

const SEED: AuditContext = { actor: null, actorLabel: 'demo-seed' };
const COMPANY = '临清市再生资源回收利用有限公司';
const SORTING_CENTRE = '临清市城市矿产分拣中心有限公司';

export async function seedRecyclingNetwork(db: Db): Promise<string> {
  const names = [COMPANY, SORTING_CENTRE, ...RECYCLING_STATIONS.map((s) => s.name)];
  const orgs = new Map((await db.select({ id: organisations.id, name: organisations.name, regionCode: organisations.regionCode }).from(organisations).where(inArray(organisations.name, names))).map((o) => [o.name, o]));
  const places = new Map((await db.execute<{ id: string; name: string }>(sql`SELECT id, name FROM household_places WHERE kind = 'community' AND region_code LIKE '371581%'`)).rows.map((p) => [p.name, p.id]));
  const company = orgs.get(COMPANY)!, centre = orgs.get(SORTING_CENTRE)!;
  const rows = [
    ...RECYCLING_STATIONS.map((s) => ({
      organisationId: orgs.get(s.name)!.id, operatorId: company.id, regionCode: s.town, kind: 'station' as const,
      servedPlaceIds: s.communities.map((c) => { const id = places.get(c); if (!id) throw new Error(`community ${c} is not in the household register`); return id; }),
      servedTownCodes: s.towns, openedOn: '2023-11-01',
    })),
    // One sorting centre per county (seed 004 三(三)): it takes the stations' loads from the whole county.
    { organisationId: centre.id, operatorId: company.id, regionCode: centre.regionCode, kind: 'sorting_centre' as const, servedPlaceIds: [], servedTownCodes: ['371581'], openedOn: '2023-12-15' },
  ];
  await db.transaction(async (tx) => {
    const written = await tx.insert(recyclingSites).values(rows).returning();
    for (const site of written) {
      await recordAudit(tx, SEED, { action: 'recycling_site.register', entityType: 'recycling_site', entityId: site.organisationId, regionCode: site.regionCode, organisationId: site.organisationId, after: site });
    }
  });
  return `${RECYCLING_STATIONS.length} stations and the sorting centre of ${COMPANY}`;
}
