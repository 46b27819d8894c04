import { pgTable, text, uuid, timestamp, numeric, doublePrecision, date, index } from 'drizzle-orm/pg-core';

// 工业固体废物交易信息平台: producers offer what they have, users ask for what they need; the platform
// matches by class and distance, the two get in touch, and the deals done are recorded for regulators.
export const exchangeListings = pgTable('exchange_listings', {
  id: uuid('id').primaryKey().defaultRandom(),
  regionCode: text('region_code').notNull(),
  organisationId: uuid('organisation_id').notNull(),
  kind: text('kind', { enum: ['offer', 'demand'] }).notNull(),
  // 'waste': general industrial solid waste offered for use; 'product': a recycled product
  // (再生产品供求信息, e.g. 再生骨料 from construction waste), published to the public as well.
  category: text('category', { enum: ['waste', 'product'] }).notNull().default('waste'),
  // A class of the general industrial solid-waste catalogue (e.g. SW02 粉煤灰), or for a product its kind.
  wasteClass: text('waste_class').notNull(),
  title: text('title').notNull(),
  quantityT: numeric('quantity_t', { precision: 14, scale: 3, mode: 'number' }).notNull(),
  // The unit of quantityT: 吨 for waste; products may count in 立方米 or 万块.
  unit: text('unit').notNull().default('吨'),
  priceYuan: numeric('price_yuan', { precision: 14, scale: 2, mode: 'number' }),
  // How often: 一次性, 每月, 每年 …
  frequency: text('frequency').notNull().default(''),
  place: text('place').notNull().default(''),
  longitude: doublePrecision('longitude'),
  latitude: doublePrecision('latitude'),
  composition: text('composition').notNull().default(''),
  contactName: text('contact_name').notNull().default(''),
  contactPhone: text('contact_phone').notNull().default(''),
  validUntil: date('valid_until'),
  status: text('status', { enum: ['open', 'closed'] }).notNull().default('open'),
  createdBy: uuid('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  closedAt: timestamp('closed_at', { withTimezone: true }),
}, (t) => [
  index('exchange_listings_match_idx').on(t.wasteClass, t.kind, t.status),
  index('exchange_listings_category_idx').on(t.category, t.status, t.createdAt),
  index('exchange_listings_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.status),
  index('exchange_listings_org_idx').on(t.organisationId, t.createdAt),
]);

/** 联系: one party asks the other about a listing; the owner answers. */
export const exchangeContacts = pgTable('exchange_contacts', {
  id: uuid('id').primaryKey().defaultRandom(),
  listingId: uuid('listing_id').notNull(),
  fromOrganisationId: uuid('from_organisation_id').notNull(),
  fromListingId: uuid('from_listing_id'),
  message: text('message').notNull(),
  reply: text('reply'),
  createdBy: uuid('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  repliedAt: timestamp('replied_at', { withTimezone: true }),
}, (t) => [index('exchange_contacts_listing_idx').on(t.listingId, t.createdAt), index('exchange_contacts_from_idx').on(t.fromOrganisationId, t.createdAt)]);

/** 成交: what was agreed between a supplier and a user, recorded by either; regulators count them. */
export const exchangeDeals = pgTable('exchange_deals', {
  id: uuid('id').primaryKey().defaultRandom(),
  regionCode: text('region_code').notNull(),
  supplierId: uuid('supplier_id').notNull(),
  buyerId: uuid('buyer_id').notNull(),
  offerListingId: uuid('offer_listing_id'),
  demandListingId: uuid('demand_listing_id'),
  wasteClass: text('waste_class').notNull(),
  quantityT: numeric('quantity_t', { precision: 14, scale: 3, mode: 'number' }).notNull(),
  agreedOn: date('agreed_on').notNull(),
  // The hand-over manifest, once the load moves on the engine.
  manifestId: uuid('manifest_id'),
  note: text('note').notNull().default(''),
  recordedBy: uuid('recorded_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('exchange_deals_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.agreedOn),
  index('exchange_deals_parties_idx').on(t.supplierId, t.buyerId),
  index('exchange_deals_class_idx').on(t.wasteClass, t.agreedOn),
]);
