import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/database';
import { users } from '../platform/accounts/schema';
import { organisations } from '../platform/organisations/schema';
import { manifests } from '../manifests/schema';
import { exchangeContacts, exchangeDeals, exchangeListings } from '../exchange/schema';
import { demoActors } from './actors';
import { recordAudit } from '../platform/audit/service';
import { createListing, recordDeal, replyContact, sendContact, type NewListing } from '../exchange/service';
import { shanghaiDate } from '../../domain/labels';

// The demo's exchange board (工业固体废物交易信息平台, 再生产品供求信息): what 临清's and 冠县's plants
// have to offer and what the brick works needs, the recycled aggregate and bricks of the construction-
// waste plants, one exchange of messages and a few deals, each posted a while ago. SW04 (煤矸石) is
// left free for the API tests' matching story.

interface DemoListing extends NewListing { key: string; by: string; daysAgo: number; validDays: number }

const LISTINGS: DemoListing[] = [
  { key: 'ash', by: 'power.demo', kind: 'offer', category: 'waste', wasteClass: 'SW02', title: '粉煤灰（Ⅱ级，干排）', quantity: 3000, frequency: '每月', priceYuan: 30,
    composition: 'SiO₂ 约52%，Al₂O₃ 约27%，烧失量 ≤ 5%，细度（45μm筛余）≤ 25%', place: '临清市先锋路街道 华能临清热电 灰库', longitude: 115.722, latitude: 36.851, daysAgo: 40, validDays: 150 },
  { key: 'gypsum', by: 'power.demo', kind: 'offer', category: 'waste', wasteClass: 'SW06', title: '脱硫石膏', quantity: 800, frequency: '每月', priceYuan: 15,
    composition: 'CaSO₄·2H₂O ≥ 90%，含水率约10%', place: '临清市先锋路街道 华能临清热电 石膏库', longitude: 115.722, latitude: 36.851, daysAgo: 38, validDays: 150 },
  { key: 'foundry-slag', by: 'foundry', kind: 'offer', category: 'waste', wasteClass: 'SW01', title: '铸造熔炼炉渣', quantity: 120, frequency: '每月',
    composition: '中频炉熔炼渣，粒径 0-50mm，已磁选除铁', place: '临清市戴湾镇 金鼎铸造厂区', longitude: 115.795, latitude: 36.74, daysAgo: 25, validDays: 90 },
  { key: 'guanxian-slag', by: 'guanxian', kind: 'offer', category: 'waste', wasteClass: 'SW03', title: '锅炉炉渣', quantity: 260, frequency: '每月',
    composition: '燃煤导热油炉炉渣，含碳量 ≤ 8%', place: '冠县清泉街道 冠华板材厂区', longitude: 115.442, latitude: 36.484, daysAgo: 21, validDays: 120 },
  { key: 'want-ash', by: 'ashuse.demo', kind: 'demand', category: 'waste', wasteClass: 'SW02', title: '求购粉煤灰（蒸压粉煤灰砖原料）', quantity: 2500, frequency: '每月',
    composition: '要求烧失量 ≤ 8%，含水率 ≤ 1%', place: '临清市尚店镇 新型墙材厂区', longitude: 115.64, latitude: 36.70, daysAgo: 35, validDays: 180 },
  { key: 'want-slag', by: 'ashuse.demo', kind: 'demand', category: 'waste', wasteClass: 'SW03', title: '求购炉渣（空心砌块骨料）', quantity: 600, frequency: '每月',
    place: '临清市尚店镇 新型墙材厂区', longitude: 115.64, latitude: 36.70, daysAgo: 18, validDays: 180 },
  { key: 'want-gypsum', by: 'ashuse.demo', kind: 'demand', category: 'waste', wasteClass: 'SW06', title: '求购脱硫石膏（石膏砌块）', quantity: 300, frequency: '每月',
    place: '临清市尚店镇 新型墙材厂区', longitude: 115.64, latitude: 36.70, daysAgo: 12, validDays: 120 },
  { key: 'tq-aggregate', by: 'cw.tianqiao', kind: 'offer', category: 'product', wasteClass: '再生骨料', title: '再生骨料（0-5、5-10、10-31.5mm）', quantity: 20000, unit: '吨', frequency: '每月', priceYuan: 28,
    composition: '建筑垃圾破碎筛分，符合 GB/T 25177 混凝土用再生粗骨料 Ⅱ类', daysAgo: 30, validDays: 180 },
  { key: 'tq-bricks', by: 'cw.tianqiao', kind: 'offer', category: 'product', wasteClass: '再生砖', title: '再生透水砖、再生标准砖', quantity: 200, unit: '万块', frequency: '每月',
    composition: '再生骨料掺量 ≥ 70%，强度等级 MU15', daysAgo: 28, validDays: 180 },
  { key: 'lq-aggregate', by: 'cwsite.demo', kind: 'offer', category: 'product', wasteClass: '再生骨料', title: '再生骨料（道路基层用）', quantity: 6000, unit: '立方米', frequency: '每月', priceYuan: 35,
    place: '临清市刘垓子镇 建筑垃圾资源化利用厂', longitude: 115.735, latitude: 36.815, daysAgo: 20, validDays: 120 },
  { key: 'want-aggregate', by: 'site.demo', kind: 'demand', category: 'product', wasteClass: '再生骨料', title: '求购再生骨料（市民文化中心道路基层）', quantity: 3000, unit: '立方米', frequency: '一次性',
    place: '临清市青年路与永青路交叉口', longitude: 115.71, latitude: 36.845, daysAgo: 16, validDays: 60 },
  { key: 'tq-want-bricks', by: 'site.tianqiao', kind: 'demand', category: 'product', wasteClass: '再生砖', title: '求购再生透水砖（小区景观铺装）', quantity: 40, unit: '万块', frequency: '一次性',
    daysAgo: 9, validDays: 60 },
];

const DAY = 86_400_000;

/** The board's demo history; does nothing when the board has listings already. */
export async function seedExchange(db: Db, now = new Date()): Promise<string> {
  const [{ existing }] = await db.select({ existing: sql<number>`count(*)`.mapWith(Number) }).from(exchangeListings);
  if (existing > 0) return 'exchange board already has listings';
  const daysAgo = (n: number, hour = 10) => new Date(`${shanghaiDate(new Date(now.getTime() - n * DAY))}T${String(hour).padStart(2, '0')}:00:00+08:00`);
  const dateIn = (n: number) => shanghaiDate(new Date(now.getTime() + n * DAY));

  const as = demoActors(db);
  const orgId = async (name: string) => (await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.name, name)))[0].id;
  const [admin] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'admin'));
  // Companies without a login on the demo: their listings were entered by the platform operator (平台代录).
  const byOperator: Record<string, string> = { foundry: '临清市金鼎铸造有限公司', guanxian: '冠县冠华板材有限公司' };

  const ids = new Map<string, string>();
  for (const { key, by, daysAgo: ago, validDays, ...input } of LISTINGS) {
    const validUntil = dateIn(validDays - ago);
    let id: string;
    if (byOperator[by]) {
      const [org] = await db.select().from(organisations).where(eq(organisations.id, await orgId(byOperator[by])));
      id = await db.transaction(async (tx) => {
        const [listing] = await tx.insert(exchangeListings).values({
          regionCode: org.regionCode, organisationId: org.id, kind: input.kind, category: input.category, wasteClass: input.wasteClass, title: input.title!, quantityT: input.quantity,
          unit: input.unit ?? '吨', frequency: input.frequency ?? '', place: input.place ?? org.address, longitude: input.longitude ?? org.longitude, latitude: input.latitude ?? org.latitude,
          composition: input.composition ?? '', contactName: org.contactName, contactPhone: org.contactPhone, validUntil, createdBy: admin.id,
        }).returning();
        await recordAudit(tx, { actor: null, actorLabel: 'demo-seed' }, { action: 'exchange.listing', entityType: 'exchange_listing', entityId: listing.id, regionCode: listing.regionCode, organisationId: org.id, after: listing });
        return listing.id;
      });
    } else {
      id = (await createListing(db, await as(by), { ...input, validUntil })).id;
    }
    await db.update(exchangeListings).set({ createdAt: daysAgo(ago, 9) }).where(eq(exchangeListings.id, id));
    ids.set(key, id);
  }

  // The brick works asks the power plant about its fly ash, pointing at its own demand; the plant answers.
  const ask = await sendContact(db, await as('ashuse.demo'), ids.get('ash')!, {
    message: '我厂蒸压粉煤灰砖生产线每月需粉煤灰约2500吨，贵厂Ⅱ级灰能否长期供应？请告知出厂价及运输安排。', fromListingId: ids.get('want-ash'),
  });
  await replyContact(db, await as('power.demo'), ask.id, '可以长期供应，Ⅱ级灰出厂价30元/吨，我厂可安排罐车送货，欢迎来厂看样，联系电话见本信息。');
  await db.update(exchangeContacts).set({ createdAt: daysAgo(33, 9), repliedAt: daysAgo(32, 15) }).where(eq(exchangeContacts.id, ask.id));
  // 天桥城建 asks about the permeable bricks; not answered yet, so the plant's inbox has one waiting.
  const bricks = await sendContact(db, await as('site.tianqiao'), ids.get('tq-bricks')!, { message: '北园大街安置房景观铺装需再生透水砖约40万块，请提供检测报告和报价。', fromListingId: ids.get('tq-want-bricks') });
  await db.update(exchangeContacts).set({ createdAt: daysAgo(8, 11) }).where(eq(exchangeContacts.id, bricks.id));
  // 临清城建 asks the 临清 plant about aggregate for the road base, and gets its answer.
  const aggregate = await sendContact(db, await as('site.demo'), ids.get('lq-aggregate')!, { message: '市民文化中心道路基层需再生骨料约3000立方米，能否分批送到工地？', fromListingId: ids.get('want-aggregate') });
  await replyContact(db, await as('cwsite.demo'), aggregate.id, '可以，每天可供约300立方米，送到工地价每立方米40元。');
  await db.update(exchangeContacts).set({ createdAt: daysAgo(15, 10), repliedAt: daysAgo(15, 16) }).where(eq(exchangeContacts.id, aggregate.id));

  // Deals. The fly-ash one carries its hand-over manifest when the demo has a received one between the two.
  const power = await orgId('华能临清热电有限公司'), brickWorks = await orgId('临清市建材新型墙材有限公司');
  const [manifest] = await db.select({ id: manifests.id }).from(manifests)
    .leftJoin(exchangeDeals, eq(exchangeDeals.manifestId, manifests.id))
    .where(and(eq(manifests.stream, 'industrial'), eq(manifests.producerId, power), eq(manifests.receiverId, brickWorks), eq(manifests.wasteCode, 'SW02'), eq(manifests.status, 'received'), isNull(exchangeDeals.id)))
    .limit(1);
  const deals = [
    await recordDeal(db, await as('ashuse.demo'), { supplierId: power, buyerId: brickWorks, wasteClass: 'SW02', quantity: 1200, agreedOn: shanghaiDate(daysAgo(30)),
      offerListingId: ids.get('ash'), demandListingId: ids.get('want-ash'), manifestId: manifest?.id, note: '首月试供1200吨，罐车送货，按月结算' }),
    await recordDeal(db, await as('cwsite.demo'), { supplierId: await orgId('临清市建筑垃圾资源化利用有限公司'), buyerId: await orgId('临清市城建工程建设有限公司'), wasteClass: '再生骨料', quantity: 3000,
      agreedOn: shanghaiDate(daysAgo(14)), offerListingId: ids.get('lq-aggregate'), demandListingId: ids.get('want-aggregate'), note: '分十批送至市民文化中心工地' }),
    await recordDeal(db, await as('cw.tianqiao'), { supplierId: await orgId('济南天桥建筑垃圾资源化利用有限公司'), buyerId: await orgId('济南天桥城市建设发展有限公司'), wasteClass: '再生骨料', quantity: 800,
      agreedOn: shanghaiDate(daysAgo(6)), offerListingId: ids.get('tq-aggregate'), note: '棚改安置房二期道路基层' }),
  ];
  return `${LISTINGS.length} listings, 3 messages, ${deals.length} deals${manifest ? ' (one with its manifest)' : ''}`;
}
