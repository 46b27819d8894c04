import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../db/database';
import type { Actor } from '../platform/policy';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import { badRequest, conflict, forbidden, notFound } from '../http/errors';
import { PHOTO_MIME, readPhoto, storePhoto } from '../files/photos';
import { FINAL_STATUSES } from '../../domain/manifests/engine';
import { driverOf } from '../driver/service';
import { manifests, manifestPhotos, manifestSignatures } from './schema';
import { manifestRefusal } from './policy';
import { refusalError } from './service';

// Photos taken with a signature (issue 20: the driver photographs the load at pickup). A photo is
// uploaded first, for one manifest, by someone who may sign it (a driver: only a load that names
// him); the signature then names it, and may name only photos its own signer uploaded for that
// manifest and no earlier signature holds, so nobody attaches someone else's file. A photo is shown
// to whoever may see the manifest once a signature holds it; before that, to its uploader only.

const PHOTO = { zh: '照片', en: 'Photo' };
/** Uploads kept per person and manifest: a few photos per signature, and retries after a lost answer. */
export const PHOTOS_PER_MANIFEST = 30;

type Ctx = AuditContext & { actor: Actor };

async function manifestFor(q: Queryable, actor: Actor, id: string, action: 'read' | 'sign') {
  const [row] = await q.select().from(manifests).where(eq(manifests.id, id));
  const refusal = manifestRefusal(actor, action, row);
  if (refusal) throw refusalError(refusal);
  return row;
}

/** Stores a photo for a manifest the caller may sign now or later; answers its name for the signature. */
export async function uploadManifestPhoto(db: Db, ctx: Ctx, dataDir: string, manifestId: string, read: () => Promise<Buffer>) {
  const row = await manifestFor(db, ctx.actor, manifestId, 'sign');
  // A photo is a person's, taken where the load is; a machine's token sends none.
  if (ctx.actor.via !== 'session' || !ctx.actor.userId || !ctx.actor.organisationId) throw forbidden('照片须由登录的人员上传', 'Photos are uploaded by a person logged in');
  if (ctx.actor.role === 'driver') {
    // A driver sees his company's loads, but photographs only those that name him.
    const driver = await driverOf(db, ctx.actor);
    if (!driver || row.data.driverId !== driver.id) throw forbidden('这不是安排给您的运输任务', 'This load is not assigned to you');
  }
  if (FINAL_STATUSES.includes(row.status as never)) throw conflict('MANIFEST_FINAL', '联单已办结，不能再添加照片', 'The manifest is closed: no more photos can be added');
  const [{ n }] = (await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${manifestPhotos} WHERE manifest_id = ${manifestId} AND user_id = ${ctx.actor.userId}`)).rows;
  if (n >= PHOTOS_PER_MANIFEST) throw badRequest('PHOTO_LIMIT', `每张联单最多上传 ${PHOTOS_PER_MANIFEST} 张照片`, `${PHOTOS_PER_MANIFEST} photos per manifest at most`, 'photo');
  // Read only now, once the caller may add one: a refused upload's body is never buffered.
  const bytes = await read();
  // The file first (a rename, never half a file), then its record and audit row together.
  const stored = await storePhoto(dataDir, bytes);
  await db.transaction(async (tx) => {
    await tx.insert(manifestPhotos).values({ name: stored.name, manifestId, userId: ctx.actor.userId!, organisationId: ctx.actor.organisationId!, mime: PHOTO_MIME[stored.type], bytes: stored.size });
    await recordAudit(tx, ctx, { action: 'manifest.photo_upload', entityType: 'manifest', entityId: manifestId, regionCode: row.regionCode, organisationId: ctx.actor.organisationId, after: { photo: stored.name, bytes: stored.size } });
  });
  return { name: stored.name, mime: PHOTO_MIME[stored.type], bytes: stored.size };
}

/**
 * Refuses photo names a signature may not carry: one not uploaded by this signer for this manifest,
 * one an earlier signature holds, one named twice. Read in the signature's transaction, under its row lock.
 */
export async function checkSignaturePhotos(tx: Queryable, actor: Actor, manifestId: string, names: string[], held: string[]) {
  if (!names.length) return;
  const uploaded = new Set((await tx.select({ name: manifestPhotos.name }).from(manifestPhotos)
    .where(and(eq(manifestPhotos.manifestId, manifestId), eq(manifestPhotos.userId, actor.userId ?? ''), inArray(manifestPhotos.name, names)))).map((p) => p.name));
  names.forEach((name, i) => {
    if (!uploaded.has(name) || held.includes(name) || names.indexOf(name) !== i) {
      throw badRequest('UNKNOWN_PHOTO', `第 ${i + 1} 张照片不是您为这张联单上传的，请重新上传`, `Photo ${i + 1} was not uploaded by you for this manifest: upload it again`, `photos.${i}`);
    }
  });
}

/** A photo of a manifest, for whoever may see the manifest once a signature holds it (before that, its uploader). */
export async function manifestPhoto(db: Db, actor: Actor, dataDir: string, manifestId: string, name: string) {
  await manifestFor(db, actor, manifestId, 'read');
  const [photo] = await db.select({ userId: manifestPhotos.userId, signed: sql<boolean>`EXISTS (SELECT 1 FROM ${manifestSignatures} s WHERE s.manifest_id = ${manifestId} AND ${name} = ANY(s.photos))` })
    .from(manifestPhotos).where(and(eq(manifestPhotos.manifestId, manifestId), eq(manifestPhotos.name, name)));
  if (!photo || (!photo.signed && photo.userId !== actor.userId)) throw notFound(PHOTO);
  const file = await readPhoto(dataDir, name);
  if (!file) throw notFound(PHOTO);
  return file;
}
