import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { loadConfig } from '../../config';

// The audit's secrets live in files outside the database (ADR 0010): someone who can write SQL but
// cannot read these files can neither forge a row's MAC, nor re-chain rows after changing one, nor
// sign a head. Each file is created on first use with mode 0600; writing it exclusively ('wx') lets
// several processes starting at once agree on one key.

export interface AuditKeys {
  file: string;
  /** HMAC key of the writers' per-row MAC. */
  mac: Buffer;
  /** HMAC key of the sealer's chain. */
  chain: Buffer;
  /** Names the key without revealing it; the database remembers which key sealed it. */
  id: string;
}

export class AuditKeyError extends Error {}

function readOrCreate(file: string, create: boolean, make: () => string): string {
  if (!fs.existsSync(file)) {
    if (!create) throw new AuditKeyError(`no audit key at ${file}: run with the WUFEI_DATA_DIR (or WUFEI_AUDIT_KEY / WUFEI_AUDIT_SIGNING_KEY) the server uses`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Written whole under another name, then linked into place: a process starting at the same moment
    // either wins the link or reads the winner's complete file, never a half-written one.
    const draft = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
    fs.writeFileSync(draft, make(), { mode: 0o600, flag: 'wx' });
    try {
      fs.linkSync(draft, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      fs.rmSync(draft, { force: true });
    }
  }
  return fs.readFileSync(file, 'utf8');
}

export function loadAuditKeys(file: string, create: boolean): AuditKeys {
  const secret = Buffer.from(readOrCreate(file, create, () => `${crypto.randomBytes(32).toString('base64')}\n`).trim(), 'base64');
  if (secret.length < 32) throw new AuditKeyError(`the audit key at ${file} is shorter than 32 bytes`);
  const derive = (label: string) => Buffer.from(crypto.hkdfSync('sha256', secret, Buffer.alloc(0), label, 32));
  return { file, mac: derive('wufei audit row mac'), chain: derive('wufei audit chain'), id: derive('wufei audit key id').toString('hex').slice(0, 16) };
}

let current: AuditKeys | null = null;

/** Which key this process writes and seals with: the server sets it from its settings at start. */
export function useAuditKeys(keys: AuditKeys): void { current = keys; }

/** The process's keys; without a setting, those of the environment's settings (created if missing). */
export function auditKeys(): AuditKeys {
  current ??= loadAuditKeys(loadConfig().audit.keyFile, true);
  return current;
}

export interface SigningKey { privateKey: crypto.KeyObject; publicKey: crypto.KeyObject; publicPem: string; keyId: string }

/** The Ed25519 key that signs exported heads; its public half is written beside it (`.pub.pem`) for third parties. */
export function loadSigningKey(file: string, create: boolean): SigningKey {
  const pem = readOrCreate(file, create, () => crypto.generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  const privateKey = crypto.createPrivateKey(pem);
  const publicKey = crypto.createPublicKey(privateKey);
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const publicFile = file.replace(/(\.pem)?$/, '.pub.pem');
  if (!fs.existsSync(publicFile) || fs.readFileSync(publicFile, 'utf8') !== publicPem) fs.writeFileSync(publicFile, publicPem, { mode: 0o644 });
  return { privateKey, publicKey, publicPem, keyId: publicKeyId(publicKey) };
}

/** The SHA-256 of the public key's DER, shortened: printed with the key and carried by each export. */
export function publicKeyId(publicKey: crypto.KeyObject): string {
  return crypto.createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}
