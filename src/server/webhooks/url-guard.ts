import dns from 'node:dns/promises';
import net from 'node:net';

// A webhook must point outside: never at this server, loopback, private, link-local or metadata
// addresses (SSRF). Checked at subscription and again at every delivery, since DNS can change.
// WUFEI_WEBHOOK_ALLOW_HOSTS lists hosts an operator (or the test suite) allows anyway.
const allowed = () => new Set((process.env.WUFEI_WEBHOOK_ALLOW_HOSTS ?? '').split(',').map((h) => h.trim()).filter(Boolean));

export function isPrivateAddress(address: string): boolean {
  if (net.isIPv4(address)) {
    const [a, b] = address.split('.').map(Number);
    return a === 0 || a === 10 || a === 127 || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31)
      || (a === 192 && b === 168) || (a === 192 && b === 0) || (a === 198 && (b === 18 || b === 19)) || a >= 224;
  }
  const v6 = address.toLowerCase();
  if (v6.startsWith('::ffff:')) return isPrivateAddress(v6.slice(7));
  return v6 === '::1' || v6 === '::' || v6.startsWith('fc') || v6.startsWith('fd') || v6.startsWith('fe80') || v6.startsWith('ff');
}

export type UrlProblem = 'SCHEME' | 'CREDENTIALS' | 'PRIVATE' | 'UNRESOLVABLE' | 'SELF';

export async function webhookUrlProblem(raw: string, selfHosts: string[] = []): Promise<UrlProblem | null> {
  let url: URL;
  try { url = new URL(raw); } catch { return 'SCHEME'; }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'SCHEME';
  if (url.username || url.password) return 'CREDENTIALS';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (allowed().has(url.host) || allowed().has(host)) return null;
  if (selfHosts.includes(url.host) || /^localhost$|\.localhost$|\.local$|\.internal$/i.test(host)) return 'SELF';
  if (net.isIP(host)) return isPrivateAddress(host) ? 'PRIVATE' : null;
  try {
    const addresses = await dns.lookup(host, { all: true });
    return addresses.some((a) => isPrivateAddress(a.address)) ? 'PRIVATE' : null;
  } catch {
    return 'UNRESOLVABLE';
  }
}
