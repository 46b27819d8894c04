import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/database';
import { organisations, vehicles } from '../platform/organisations/schema';
import { users } from '../platform/accounts/schema';
import { manifests, manifestSignatures } from '../manifests/schema';
import { alarms } from '../alarms/schema';
import { createBatch, requireStreamCode } from '../ledger/service';
import { createManifest, signManifest } from '../manifests/service';
import { ingestPositions, type Point } from '../telemetry/service';
import { scanAll } from '../alarms/engine';
import { moveAlarm } from '../alarms/service';
import { demoActors } from './actors';
import { shanghaiDate } from '../../domain/labels';

// What is going on in 临清 as the demo starts: loads on the road with their GPS tracks, a load waiting
// for its truck, a load whose truck's terminal went quiet overnight, a reception short by 7 %, and the
// alarm scan over all of it, with last week's alarms handled and signed off by the ecology bureau.

const MINUTE = 60_000;
const DG = { dangerousGoodsClass: '第9类 杂项危险物质 UN3082', emergencyMeasures: '泄漏时以沙土围堵吸附，收集至备用桶，报告生态环境部门' };

/** A road-like path between two places: out along one axis, a dog-leg, then in along the other. */
export function roadPath(from: [number, number], to: [number, number]): [number, number][] {
  const [x0, y0] = from, [x1, y1] = to;
  const bend = 0.18 * Math.sign(x1 - x0 || 1);
  return [from, [x0 + (x1 - x0) * 0.15, y0 + (y1 - y0) * 0.05], [x0 + (x1 - x0) * (0.55 + bend * 0.1), y0 + (y1 - y0) * 0.35], [x0 + (x1 - x0) * 0.8, y0 + (y1 - y0) * 0.75], to];
}

/** A point `share` of the way along a path, by length. */
function along(path: [number, number][], share: number): [number, number] {
  const legs = path.slice(1).map((p, i) => Math.hypot(p[0] - path[i][0], p[1] - path[i][1]));
  let left = legs.reduce((a, b) => a + b, 0) * share;
  for (const [i, leg] of legs.entries()) {
    if (left <= leg) return [path[i][0] + (path[i + 1][0] - path[i][0]) * (left / leg), path[i][1] + (path[i + 1][1] - path[i][1]) * (left / leg)];
    left -= leg;
  }
  return path[path.length - 1];
}

/** A minute-by-minute track from `since` to now, from 10 % to `reached` of the way. */
export function track(plate: string, path: [number, number][], since: Date, now: Date, reached = 0.8): Point[] {
  const start = Math.max(since.getTime(), now.getTime() - 45 * MINUTE) + MINUTE;
  const minutes = Math.max(1, Math.floor((now.getTime() - start) / MINUTE));
  const points: Point[] = [];
  for (let i = 0; i <= minutes; i++) {
    const share = 0.1 + (reached - 0.1) * (i / minutes);
    const [longitude, latitude] = along(path, share);
    const [ahead] = [along(path, Math.min(1, share + 0.01))];
    const heading = Math.round((Math.atan2(ahead[0] - longitude, ahead[1] - latitude) * 180) / Math.PI + 360) % 360;
    points.push({ plate, at: new Date(start + i * MINUTE), longitude: Math.round(longitude * 1e6) / 1e6, latitude: Math.round(latitude * 1e6) / 1e6, speedKmh: 28 + ((i * 7) % 17), heading });
  }
  return points;
}

export async function seedLive(db: Db, now = new Date()): Promise<string> {
  const actor = demoActors(db);
  const ago = (minutes: number) => new Date(now.getTime() - minutes * MINUTE);
  const orgOf = async (username: string) => (await db.select().from(organisations).where(eq(organisations.id, (await actor(username)).actor.organisationId!)))[0];
  const carrier = await orgOf('transporter.demo'), receiver = await orgOf('receiver.demo');
  const fleet = await db.select().from(vehicles).where(eq(vehicles.organisationId, carrier.id)).orderBy(vehicles.loadT);
  const [small, large] = [fleet[0], fleet[fleet.length - 1]], third = fleet.find((v) => v.plate === '鲁P6F390')!;
  const driverId = (await db.execute<{ id: string }>(sql`SELECT d.id FROM drivers d JOIN users u ON u.id = d.user_id WHERE u.username = 'driver.demo'`)).rows[0].id;
  // A fresh load at a factory (waste oil, unless another code is named), sent as the demo starts.
  const load = async (username: string, t: number, minutesAgo: number, truck = t > small.loadT ? large : small, code = '900-249-08') => {
    const ctx = await actor(username);
    const entry = await requireStreamCode(db, 'hazardous', code);
    const batch = await createBatch(db, ctx, { stream: 'hazardous', wasteCode: entry.code, internalName: entry.name, physicalForm: code.endsWith('-08') ? '液态' : '固态',
      containerType: code.endsWith('-08') ? '200L钢桶' : '吨袋', containerVolumeL: code.endsWith('-08') ? 200 : 1000, containerCount: Math.ceil(t / 0.17),
      quantityT: t, storageFacility: '危险废物贮存库', generatedAt: ago(minutesAgo), storeNow: true });
    return { ctx, m: await createManifest(db, ctx, { batchIds: [batch.id], receiverId: receiver.id, transporterIds: [carrier.id], vehicleId: truck.id, driverId, plannedDate: shanghaiDate(now), ...DG }, 'hazardous') };
  };
  const driver = await actor('driver.demo');
  const pickup = async (ctx: Awaited<ReturnType<typeof actor>>, id: string, t: number, minutesAgo: number, origin: string) => {
    await signManifest(db, ctx, id, { action: 'sign_emission', at: ago(minutesAgo + 10) });
    await signManifest(db, driver, id, { action: 'sign_transport', at: ago(minutesAgo), data: { pickupWeightT: t, origin, destination: receiver.address } });
  };
  // 恒通轴承's waste oil on its way to 绿源 (its track below); 宏达轴承's oily rags wait for the truck.
  const henglong = await load('producer.demo', 3.2, 120, third);
  await pickup(henglong.ctx, henglong.m.id, 3.21, 50, '临清市松林镇恒通轴承');
  const hongda = await load('hongda.demo', 0.3, 90, small, '900-041-49');
  await signManifest(db, hongda.ctx, hongda.m.id, { action: 'sign_emission', at: ago(15) });
  // 鲁信's load left yesterday evening and the truck's terminal has been silent since: no track.
  const luxin = await load('luxin.demo', 2.4, 26 * 60, large);
  await pickup(luxin.ctx, luxin.m.id, 2.4, 20 * 60, '临清市烟店镇鲁信精密轴承');
  // 金泰化工's load of three days ago was received 7 % short of the loaded weight: a discrepancy to report.
  const jintai = await load('jintai.demo', 6.1, 3 * 24 * 60 + 120);
  await pickup(jintai.ctx, jintai.m.id, 6.12, 3 * 24 * 60, '临清市金郝庄镇金泰化工');
  await signManifest(db, await actor('receiver.demo'), jintai.m.id, { action: 'sign_reception', at: ago(3 * 24 * 60 - 150),
    data: { receptionOutcome: 'accepted', receivedWeightT: 5.69, treatmentMethod: 'R2', receptionNote: '过磅少 0.43 吨，桶内液位不足，已拍照留存' } });

  // GPS tracks of every load on the road except 鲁信's, sent by each truck's company.
  const onRoad = (await db.select({ id: manifests.id, data: manifests.data, producerId: manifests.producerId, receiverId: manifests.receiverId, transporterIds: manifests.transporterIds })
    .from(manifests).where(and(eq(manifests.status, 'in_transit'), sql`${manifests.data}->>'vehicleId' IS NOT NULL`))).filter((m) => m.id !== luxin.m.id);
  let tracked = 0;
  for (const m of onRoad) {
    const [{ at: pickedUp }] = await db.select({ at: manifestSignatures.at }).from(manifestSignatures).where(and(eq(manifestSignatures.manifestId, m.id), eq(manifestSignatures.step, 'transport')));
    const ends = await db.select().from(organisations).where(inArray(organisations.id, [m.producerId, m.receiverId]));
    const from = ends.find((o) => o.id === m.producerId)!, to = ends.find((o) => o.id === m.receiverId)!;
    const [vehicle] = await db.select().from(vehicles).where(eq(vehicles.id, String(m.data.vehicleId)));
    const [sender] = await db.select({ id: users.id }).from(users).where(eq(users.organisationId, vehicle.organisationId)).orderBy(sql`${users.role} = 'driver'`).limit(1);
    if (!sender || from.longitude === null || to.longitude === null) continue;
    const senderCtx = await actor((await db.select({ username: users.username }).from(users).where(eq(users.id, sender.id)))[0].username);
    await ingestPositions(db, senderCtx.actor, track(vehicle.plate, roadPath([from.longitude, from.latitude!], [to.longitude, to.latitude!]), pickedUp, now), now);
    tracked++;
  }

  // The alarm scan as the platform runs it, then the weight discrepancy handled by the producer and signed off.
  await scanAll(db, now);
  const eco = await actor('eco.linqing');
  const closed = await db.select().from(alarms).where(and(eq(alarms.rule, 'weight_mismatch'), eq(alarms.subjectId, jintai.m.id)));
  for (const a of closed) {
    const [owner] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'jintai.demo'));
    await moveAlarm(db, eco, a.id, 'assign', { ownerUserId: owner.id, note: '请金泰化工核实装桶量' });
    await moveAlarm(db, jintai.ctx, a.id, 'handle', { note: '经核查为装车时两桶未满，已补充过磅记录并更正装车台账' });
    await moveAlarm(db, eco, a.id, 'verify', { note: '资料齐全，同意销号' });
  }
  const [{ open, done }] = (await db.execute<{ open: number; done: number }>(sql`SELECT count(*) FILTER (WHERE status IN ('open', 'assigned', 'handled'))::int AS open, count(*) FILTER (WHERE status IN ('verified', 'dismissed'))::int AS done FROM alarms`)).rows;
  return `${onRoad.length + 1} loads on the road (${tracked} with tracks), ${open} open and ${done} closed alarms`;
}
