import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { badRequest } from '../http/errors';

// Photos citizens send with a report (issue 18): kept on disk under <dataDir>/photos, not in the
// database. The type is read from the bytes (JPEG, PNG, WebP), never from the name or the header the
// browser sent; metadata that can carry where and when a photo was taken (JPEG APP1 Exif/XMP, APP13
// IPTC, comments; PNG eXIf and text chunks; WebP EXIF and XMP) is removed before the file is stored,
// so what is stored can be shown publicly. No native code: the containers are walked by hand.

export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;
export type PhotoType = 'jpeg' | 'png' | 'webp';
export const PHOTO_MIME: Record<PhotoType, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };
const EXT: Record<PhotoType, string> = { jpeg: 'jpg', png: 'png', webp: 'webp' };
/** A stored photo's name: a random id and the type's extension. */
export const PHOTO_NAME = /^[0-9a-f]{32}\.(jpg|png|webp)$/;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The image type the bytes begin with, or null. */
export function sniffPhoto(bytes: Buffer): PhotoType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return 'png';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  return null;
}

const unreadable = () => badRequest('PHOTO_UNREADABLE', '照片文件已损坏，无法读取', 'The photo is damaged and cannot be read', 'photo');

/** JPEG without APP1 (Exif, XMP), APP13 (IPTC) and comment segments; the image data after SOS is copied as is. */
export function stripJpeg(bytes: Buffer): Buffer {
  const out: Buffer[] = [bytes.subarray(0, 2)];
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) throw unreadable();
    const marker = bytes[at + 1];
    if (marker === 0xff) { at++; continue; }
    if (marker === 0xda || marker === 0xd9) { out.push(bytes.subarray(at)); return Buffer.concat(out); }
    // Markers without a length (RSTn, TEM).
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) { out.push(bytes.subarray(at, at + 2)); at += 2; continue; }
    const length = bytes.readUInt16BE(at + 2);
    if (length < 2 || at + 2 + length > bytes.length) throw unreadable();
    const drop = marker === 0xe1 || marker === 0xed || marker === 0xfe;
    if (!drop) out.push(bytes.subarray(at, at + 2 + length));
    at += 2 + length;
  }
  throw unreadable();
}

const PNG_DROP = new Set(['eXIf', 'tEXt', 'zTXt', 'iTXt', 'tIME']);

/** PNG without eXIf, text and time chunks. */
export function stripPng(bytes: Buffer): Buffer {
  const out: Buffer[] = [PNG_SIGNATURE];
  let at = 8;
  while (at + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    const end = at + 12 + length;
    if (end > bytes.length) throw unreadable();
    if (!PNG_DROP.has(type)) out.push(bytes.subarray(at, end));
    at = end;
    if (type === 'IEND') return Buffer.concat(out);
  }
  throw unreadable();
}

/** WebP without EXIF and XMP chunks, the VP8X flags and the RIFF size set to match. */
export function stripWebp(bytes: Buffer): Buffer {
  const chunks: Buffer[] = [];
  let at = 12;
  while (at + 8 <= bytes.length) {
    const type = bytes.toString('latin1', at, at + 4);
    const length = bytes.readUInt32LE(at + 4);
    const end = at + 8 + length + (length % 2);
    if (at + 8 + length > bytes.length) throw unreadable();
    if (type !== 'EXIF' && type !== 'XMP ') {
      const chunk = Buffer.from(bytes.subarray(at, Math.min(end, bytes.length)));
      // VP8X flags: bit 3 Exif, bit 2 XMP present.
      if (type === 'VP8X' && chunk.length > 8) chunk[8] &= ~0x0c;
      chunks.push(chunk);
    }
    at = end;
  }
  const body = Buffer.concat(chunks);
  const header = Buffer.alloc(12);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(body.length + 4, 4);
  header.write('WEBP', 8, 'latin1');
  return Buffer.concat([header, body]);
}

/** The photo's bytes with location and other metadata removed; refuses what is not a JPEG, PNG or WebP, or is over the size limit. */
export function cleanPhoto(bytes: Buffer): { type: PhotoType; bytes: Buffer } {
  if (bytes.length === 0) throw badRequest('PHOTO_EMPTY', '照片文件为空', 'The photo file is empty', 'photo');
  if (bytes.length > PHOTO_MAX_BYTES) throw badRequest('PHOTO_TOO_LARGE', `照片不能超过 ${PHOTO_MAX_BYTES / 1024 / 1024} MB`, `A photo may be ${PHOTO_MAX_BYTES / 1024 / 1024} MB at most`, 'photo');
  const type = sniffPhoto(bytes);
  if (!type) throw badRequest('PHOTO_TYPE', '只能上传 JPEG、PNG 或 WebP 格式的图片', 'Only JPEG, PNG or WebP images may be uploaded', 'photo');
  const clean = type === 'jpeg' ? stripJpeg(bytes) : type === 'png' ? stripPng(bytes) : stripWebp(bytes);
  return { type, bytes: clean };
}

const folder = (dataDir: string) => path.join(dataDir, 'photos');

/** Checks, cleans and stores a photo; its name. Nothing is written for a refused file. */
export async function storePhoto(dataDir: string, bytes: Buffer): Promise<{ name: string; type: PhotoType; size: number }> {
  const clean = cleanPhoto(bytes);
  const name = `${crypto.randomBytes(16).toString('hex')}.${EXT[clean.type]}`;
  await fs.mkdir(folder(dataDir), { recursive: true });
  // Written under a temporary name and renamed, so that a reader never sees half a file.
  const target = path.join(folder(dataDir), name);
  await fs.writeFile(`${target}.part`, clean.bytes);
  await fs.rename(`${target}.part`, target);
  return { name, type: clean.type, size: clean.bytes.length };
}

/** Whether a stored photo of that name exists. */
export async function photoExists(dataDir: string, name: string): Promise<boolean> {
  if (!PHOTO_NAME.test(name)) return false;
  return fs.access(path.join(folder(dataDir), name)).then(() => true, () => false);
}

/** A stored photo's bytes and type, or null. */
export async function readPhoto(dataDir: string, name: string): Promise<{ bytes: Buffer; mime: string } | null> {
  if (!PHOTO_NAME.test(name)) return null;
  const bytes = await fs.readFile(path.join(folder(dataDir), name)).catch(() => null);
  if (!bytes) return null;
  const type = sniffPhoto(bytes);
  return type ? { bytes, mime: PHOTO_MIME[type] } : null;
}
