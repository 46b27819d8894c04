import { pgTable, text, uuid, timestamp, integer, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { organisations } from '../organisations/schema';
import { regions } from '../regions/schema';

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  username: text('username').notNull(),
  passwordHash: text('password_hash').notNull(),
  displayName: text('display_name').notNull(),
  phone: text('phone'),
  role: text('role', {
    enum: ['platform_admin', 'office', 'regulator', 'enterprise_admin', 'enterprise_member', 'driver', 'resident'],
  }).notNull(),
  // Residents have no organisation; everyone else belongs to one (an enterprise or a department).
  organisationId: uuid('organisation_id').references(() => organisations.id),
  // The user's place: the department's region for officials, the company's for enterprise users.
  regionCode: text('region_code').notNull().references(() => regions.code),
  domain: text('domain'),
  status: text('status', { enum: ['active', 'disabled'] }).notNull().default('active'),
  // A machine account stands for one API token: what the token writes is recorded under it (signatures,
  // ledger entries, the audit log) and named after the token. It has no password and cannot log in.
  kind: text('kind', { enum: ['person', 'machine'] }).notNull().default('person'),
  failedLogins: integer('failed_logins').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
  passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }).notNull().defaultNow(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('users_username_uq').on(sql`lower(${t.username})`),
  index('users_org_idx').on(t.organisationId),
  index('users_region_idx').using('btree', t.regionCode.op('text_pattern_ops')),
]);

// The cookie carries a random token; the table keeps only its SHA-256.
export const sessions = pgTable('sessions', {
  tokenHash: text('token_hash').primaryKey(),
  userId: uuid('user_id').notNull().references(() => users.id),
  csrfToken: text('csrf_token').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  ip: text('ip'),
  userAgent: text('user_agent'),
}, (t) => [index('sessions_user_idx').on(t.userId)]);

// Machine credentials (weighbridges, GPS terminals, third-party software) for one organisation.
export const apiTokens = pgTable('api_tokens', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  name: text('name').notNull(),
  prefix: text('prefix').notNull(),
  secretHash: text('secret_hash').notNull(),
  scopes: text('scopes').array().notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  createdBy: uuid('created_by').notNull().references(() => users.id),
  /** The token's own machine account, the principal of what it writes. */
  userId: uuid('user_id').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
}, (t) => [index('api_tokens_org_idx').on(t.organisationId), uniqueIndex('api_tokens_prefix_uq').on(t.prefix)]);

/**
 * Login attempts counted per client address in a fixed window, in the database so that a restart or
 * a second server process does not reset them. One row per address, rewritten in place; rows whose
 * window ended long ago are pruned by the login route.
 */
export const loginThrottle = pgTable('login_throttle', {
  subject: text('subject').primaryKey(),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
  hits: integer('hits').notNull(),
}, (t) => [index('login_throttle_window_idx').on(t.windowStart)]);
