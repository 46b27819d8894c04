import type { Db, Queryable } from '../db/database';
import type { Capability, Domain, Role } from '../../domain/enums';
import { users } from '../platform/accounts/schema';
import { drivers, licences, vehicles } from '../platform/organisations/schema';
import { disposalSites } from '../construction/schema';
import { insertOrganisation } from '../platform/organisations/service';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import { demoCreditCode } from './seed';
import { TIANQIAO_CAST, JNKFQ_CAST } from './districts-cast';
import { demoContact } from './contacts';
import { seedDistrictYear } from './districts-year';
import { seedDistrictRegisters } from './districts-registers';

// The demo's other two jurisdictions, 天桥区 (济南) and 济宁经济开发区, with a year of their own so that
// every row of their indicator tables bound to a formula has records behind it: the companies, their
// logins, trucks, drivers and licences (this file, from districts-cast.ts), a year of hazardous,
// medical, industrial, sludge and construction waste (districts-year.ts), and their registers,
// statistics and project list (districts-registers.ts). Credit codes are numbered from 500, so that
// 临清's companies keep theirs.

const SEED: AuditContext = { actor: null, actorLabel: 'demo-seed' };
const FIRST_CODE = 500;

export interface CastParty {
  key: string; name: string; regionCode: string; industry: string; at: [number, number];
  capabilities?: Capability[];
  /** A department (government) of the area, with its domain. */
  domain?: Domain;
  logins?: { username: string; displayName: string; role?: Role }[];
  vehicles?: { plate: string; vehicleType: string; loadT: number; dgPermitNo?: string }[];
  /** A driver of the company's trucks; `login` is the username that signs pickups, when the driver has one. */
  drivers?: { name: string; phone: string; licenceNo: string; qualificationNo?: string; login?: string }[];
  licences?: { number: string; validFrom: string; validTo: string; wasteCodes: string[]; annualCapacityT: number }[];
  sites?: { name: string; kind: 'recycling' | 'consumption'; at: [number, number]; capacityT: number; openingFillT: number; accepts: string[] }[];
}

export interface DistrictCast { regionCode: string; phonePrefix: string; parties: CastParty[] }

/** The parties of one area: organisations, logins, trucks, drivers, licences and disposal sites, in one transaction. */
async function insertCast(tx: Queryable, cast: DistrictCast, firstCode: number, passwordHash: string) {
  let n = firstCode;
  for (const [i, p] of cast.parties.entries()) {
    const org = await insertOrganisation(tx, SEED, {
      kind: p.domain ? 'government' : 'enterprise', name: p.name, creditCode: demoCreditCode(p.domain ? 'government' : 'enterprise', p.regionCode, n++), regionCode: p.regionCode,
      domain: p.domain ?? null, capabilities: p.capabilities ?? [], industry: p.domain ? undefined : p.industry, address: `${p.name.replace(/有限公司|股份有限公司|集团/g, '')}${p.domain ? '' : '厂区'}`,
      longitude: p.at[0], latitude: p.at[1], ...demoContact(firstCode + i, cast.phonePrefix), status: 'verified',
    });
    const logins = new Map<string, string>();
    for (const l of p.logins ?? []) {
      const role = l.role ?? (p.domain ? 'regulator' : 'enterprise_admin');
      const [user] = await tx.insert(users).values({
        username: l.username, passwordHash, displayName: l.displayName, role, organisationId: org.id, regionCode: org.regionCode, domain: role === 'office' || role === 'regulator' ? org.domain : null,
      }).returning({ id: users.id, username: users.username, role: users.role });
      await recordAudit(tx, SEED, { action: 'user.create', entityType: 'user', entityId: user.id, regionCode: org.regionCode, organisationId: org.id, after: user });
      logins.set(l.username, user.id);
    }
    if (p.vehicles?.length) await tx.insert(vehicles).values(p.vehicles.map((v) => ({ organisationId: org.id, ...v })));
    if (p.drivers?.length) await tx.insert(drivers).values(p.drivers.map(({ login, ...d }) => ({ organisationId: org.id, ...d, userId: login ? logins.get(login)! : null })));
    if (p.licences?.length) await tx.insert(licences).values(p.licences.map((l) => ({ organisationId: org.id, ...l })));
    if (p.sites?.length) {
      await tx.insert(disposalSites).values(p.sites.map(({ at, ...s }) => ({ organisationId: org.id, regionCode: org.regionCode, longitude: at[0], latitude: at[1], ...s })));
    }
  }
  return n;
}

export const DISTRICT_CASTS = [TIANQIAO_CAST, JNKFQ_CAST];

/** 天桥区 and 济宁经开区: their parties, their year and their registers. */
export async function seedDistricts(db: Db, passwordHash: string, now = new Date()): Promise<string> {
  await db.transaction(async (tx) => {
    let n = FIRST_CODE;
    for (const cast of DISTRICT_CASTS) n = await insertCast(tx, cast, n, passwordHash);
  });
  // The registers touch none of the year's records: both are told at once.
  const [year, registers] = await Promise.all([seedDistrictYear(db, now), seedDistrictRegisters(db, now)]);
  const parties = DISTRICT_CASTS.reduce((t, c) => t + c.parties.length, 0);
  const logins = DISTRICT_CASTS.reduce((t, c) => t + c.parties.reduce((u, p) => u + (p.logins?.length ?? 0), 0), 0);
  return `${parties} organisations and ${logins} logins of 天桥区 and 济宁经开区; ${year}; ${registers}`;
}
