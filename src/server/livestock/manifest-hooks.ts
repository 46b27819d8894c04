import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { calendarDay, quantityT, text } from '../http/inputs';
import { bilingual } from '../http/zod-messages';
import type { Queryable } from '../db/database';
import { organisations } from '../platform/organisations/schema';
import { badRequest, conflict } from '../http/errors';
import { verifiedTransporters, type Load, type ManifestHooks, type NewManifest } from '../manifests/hooks';
import { MANURE_CODE, MANURE_FORMS } from '../../domain/streams/manure';
import { speciesRule, type Species } from '../../domain/agri/livestock';
import { farmYearsInForce } from './sql';

// 畜禽粪污 to an organic-fertiliser plant: the load comes from a farm of the livestock register (its
// species for the hand-over's year), goes only to a verified organic-fertiliser plant of the farm's
// city, and is fetched by the plant's own truck (the plant is the one transporter and signs at pickup).

type Hand = NewManifest & { manureForm?: string };

const manureForm = z.enum(MANURE_FORMS.map((f) => f.value) as [string, ...string[]], { error: bilingual('粪污形态应为 solid（干粪）或 slurry（粪水）', 'The form is solid or slurry') });

const createBody = z.object({
  declaredWeightT: quantityT(60, { zh: '预估重量', en: 'The estimated weight' }),
  plannedDate: calendarDay,
  receiverId: z.uuid(),
  manureForm,
  producerContact: text(80).optional(),
}).strict();

/** The farm's register entry for the hand-over's year: the source of every manure load. */
async function farmLoad(tx: Queryable, producer: { id: string }, input: NewManifest): Promise<Load> {
  const [farm] = await tx.select({ capabilities: organisations.capabilities, name: organisations.name }).from(organisations).where(eq(organisations.id, producer.id));
  if (!farm.capabilities.includes('farm')) throw badRequest('NOT_A_FARM', '只有畜禽养殖场可以交接畜禽粪污', 'Only a livestock farm hands over manure', null);
  const year = Number(input.plannedDate.slice(0, 4));
  const [entry] = (await tx.execute<{ species: Species }>(sql`SELECT y.species FROM ${farmYearsInForce(year)} y WHERE y.organisation_id = ${producer.id}`)).rows;
  if (!entry) throw conflict('NO_FARM_YEAR', `${farm.name} 尚未登记${year}年的养殖情况：请先登记`, `${farm.name} has no register entry for ${year}: record it first`, 'plannedDate');
  const form = MANURE_FORMS.find((f) => f.value === (input as Hand).manureForm)!;
  const species = speciesRule(entry.species)!;
  return {
    wasteCode: MANURE_CODE, wasteName: `畜禽粪污（${species.zh}${form.zh}）`, physicalForm: form.zh, declaredWeightT: Number(input.declaredWeightT),
    batches: [], held: new Map(), extra: { species: species.zh },
  };
}

export const manureHooks: ManifestHooks = {
  createBody,

  prepare(raw) {
    return { ...(raw as z.infer<typeof createBody>), batchIds: [], transporterIds: [] };
  },

  load: farmLoad,

  async parties(tx, input) {
    const [receiver] = input.receiverId ? await tx.select().from(organisations).where(eq(organisations.id, input.receiverId)) : [];
    if (!receiver || receiver.status !== 'verified' || !receiver.capabilities.includes('fertiliser_plant')) {
      throw badRequest('NOT_A_FERTILISER_PLANT', '畜禽粪污只能交给已审核的有机肥生产企业', 'Manure goes only to a verified organic-fertiliser plant', 'receiverId');
    }
    if (!receiver.capabilities.includes('transporter')) {
      throw badRequest('PLANT_HAS_NO_TRUCK', `${receiver.name} 未登记运输能力，不能上门收运`, `${receiver.name} has no registered transport and cannot fetch the load`, 'receiverId');
    }
    return { receiver, transporterIds: await verifiedTransporters(tx, [receiver.id]), vehicle: null, driver: null };
  },

  data(input, load) {
    return { ...load.extra, physicalForm: load.physicalForm, manureForm: (input as Hand).manureForm ?? null };
  },
};
