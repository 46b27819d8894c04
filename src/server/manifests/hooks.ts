import { and, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { Queryable } from '../db/database';
import { organisations, vehicles, drivers } from '../platform/organisations/schema';
import type { wasteBatches } from '../ledger/schema';
import { badRequest } from '../http/errors';
import type { ManifestData, ManifestAction } from '../../domain/manifests/engine';
import type { AuditContext } from '../platform/audit/service';
import type { Actor } from '../platform/policy';
import type { manifests } from './schema';

// What the shared manifest service asks of a stream where data cannot say it: where a load comes
// from when not from store batches, who may take it, and what the platform writes on the manifest
// at creation. One file per stream implements it (src/server/<area>/manifest-hooks.ts); the shared
// service calls it without knowing which stream it is (src/server/streams.ts wires them).

export interface NewManifest {
  batchIds: string[]; transporterIds: string[]; plannedDate: string;
  /** The receiver (hazardous, industrial); a construction load goes to the organisation running its site. */
  receiverId?: string;
  /** Hazardous waste: the first transporter's vehicle and driver, the dangerous-goods class and emergency measures. */
  vehicleId?: string; driverId?: string; dangerousGoodsClass?: string; emergencyMeasures?: string; packaging?: string;
  /** General industrial waste: utilisation or disposal, and the plate if a vehicle is known. */
  purpose?: string; vehiclePlate?: string;
  /** Construction waste: a truckload of one category from a project to a site of its approved plan. */
  projectId?: string; wasteCode?: string; declaredWeightT?: number; siteId?: string;
  /** Kitchen waste: the standard buckets a pickup takes (the producer's count). */
  bucketCount?: number;
  /** Dead livestock: the death report the pickup collects. */
  reportId?: string;
  producerContact?: string;
  paper?: { paperNumber: string; transferredAt: Date };
}

type Batch = typeof wasteBatches.$inferSelect;
type Organisation = typeof organisations.$inferSelect;

/** What a manifest carries: batches out of the producer's store, or a load from another source (a project's truckload). */
export interface Load {
  wasteCode: string; wasteName: string; physicalForm: string; declaredWeightT: number; batches: Batch[]; held: Map<string, number>;
  /** Fields the source writes on the manifest (a project's id and name). */
  extra: ManifestData;
  /** What the source knows that the party rules need (a construction project's approved plan). */
  context?: unknown;
}

/** Who takes the load: the receiver, the transporters in order, the first one's vehicle and driver. */
export interface Parties { receiver: Organisation; transporterIds: string[]; vehicle: typeof vehicles.$inferSelect | null; driver: typeof drivers.$inferSelect | null; extra?: ManifestData }

export interface ManifestHooks {
  /** What a create request of this stream carries (without `stream`): the one create route reads it. */
  createBody: z.ZodObject;
  /** The request turned into the service's input, with the stream's own request checks (a paper manifest's window). */
  prepare(body: Record<string, unknown>): NewManifest;
  /** Where a load comes from, for a stream whose definition's loadSource is not 'batches'. */
  load?(tx: Queryable, producer: { id: string }, input: NewManifest): Promise<Load>;
  /** The stream's party rules: who may take this load. */
  parties(tx: Queryable, input: NewManifest, load: Load): Promise<Parties>;
  /** What the platform writes on the manifest at creation beyond the common fields (code, name, weight, date, contact). */
  data(input: NewManifest, load: Load, parties: Parties): ManifestData;
  /**
   * The stream's checks of a signature's values that the rule table cannot say (a truck of the
   * transporter's, a use that fits the code), given the manifest and its data as signed; throws to refuse.
   */
  signing?(tx: Queryable, manifest: { wasteCode: string; transporterIds: string[] }, action: string, data: ManifestData): Promise<void>;
  /**
   * What the stream records of a signature beyond the shared ledger (a sorting centre's intake of the
   * load it received, the units of a load marked shipped or received), in the signing transaction
   * after the ledger's movements, given the manifest as signed; throws to refuse the signature.
   */
  signed?(tx: Queryable, ctx: AuditContext & { actor: Actor }, manifest: typeof manifests.$inferSelect, action: ManifestAction, at: Date): Promise<void>;
}

/** Every transporter must be a verified transport company. */
export async function verifiedTransporters(tx: Queryable, ids: string[]) {
  const transporterIds = [...new Set(ids)];
  const transporters = transporterIds.length ? await tx.select().from(organisations).where(inArray(organisations.id, transporterIds)) : [];
  if (transporters.length !== transporterIds.length || transporters.some((t) => t.status !== 'verified' || !t.capabilities.includes('transporter'))) {
    throw badRequest('NOT_A_TRANSPORTER', '承运单位须为已审核的运输单位', 'Every transporter must be a verified transport company', 'transporterIds');
  }
  return transporterIds;
}

/**
 * The truck of the first transporter that takes the load: an active vehicle of that company whose
 * rated load (核定载质量) is not below the declared weight, and an active driver of the same company.
 */
export async function firstTruck(tx: Queryable, transporterId: string, input: { vehicleId?: string; driverId?: string }, declaredWeightT: number) {
  const [vehicle] = input.vehicleId ? await tx.select().from(vehicles).where(and(eq(vehicles.id, input.vehicleId), eq(vehicles.organisationId, transporterId), eq(vehicles.active, true))) : [];
  if (!vehicle) throw badRequest('UNKNOWN_VEHICLE', '车辆不属于第一承运单位', 'The vehicle does not belong to the first transporter', 'vehicleId');
  if (vehicle.loadT < declaredWeightT) throw badRequest('OVERLOAD', `转移量 ${declaredWeightT} 吨超过车辆核定载质量 ${vehicle.loadT} 吨`, `${declaredWeightT} t exceeds the vehicle's ${vehicle.loadT} t load`, 'vehicleId');
  const [driver] = input.driverId ? await tx.select().from(drivers).where(and(eq(drivers.id, input.driverId), eq(drivers.organisationId, transporterId), eq(drivers.active, true))) : [];
  if (!driver) throw badRequest('UNKNOWN_DRIVER', '驾驶员不属于第一承运单位', 'The driver does not belong to the first transporter', 'driverId');
  return { vehicle, driver };
}
