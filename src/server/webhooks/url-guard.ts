import dns from 'node:dns';
import net from 'node:net';

// A webhook must point outside: never at this server, loopback, private, link-local or metadata
// addresses (SSRF). Checked at subscription, again before every delivery, and on the address the
// delivery actually connects to (see transport.ts), since a name can resolve elsewhere by then.
// WUFEI_WEBHOOK_ALLOW_HOSTS lists hosts (host or host:port) an operator (or the test suite) allows anyway;
// the platform's own address is refused even then.
const allowed = () => new Set((process.env.WUFEI_WEBHOOK_ALLOW_HOSTS ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean));

const blocked = new net.BlockList();
for (const [prefix, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24],
  ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked.addSubnet(prefix, bits, 'ipv4');
// IPv4-mapped addresses (::ffff:10.0.0.1) are checked against the IPv4 ranges by BlockList itself.
for (const [prefix, bits] of [
  ['::', 96], // unspecified, loopback and the old IPv4-compatible form (::10.0.0.1)
  ['64:ff9b::', 96], ['2002::', 16], // NAT64 and 6to4 carry an IPv4 address that may be private
  ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
] as const) blocked.addSubnet(prefix, bits, 'ipv6');

export function isPrivateAddress(address: string): boolean {
  const type = net.isIP(address);
  if (!type) return false;
  return blocked.check(address, type === 4 ? 'ipv4' : 'ipv6');
}

export type UrlProblem = 'SCHEME' | 'CREDENTIALS' | 'PRIVATE' | 'UNRESOLVABLE' | 'SELF';
export type Resolve = (host: string) => Promise<string[]>;

const resolveAll: Resolve = async (host) => (await dns.promises.lookup(host, { all: true, verbatim: true })).map((a) => a.address);
const bare = (hostname: string) => hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
const LOCAL_NAMES = /^localhost$|\.localhost$|\.local$|\.internal$|\.localdomain$/i;

/** This server, as `host` or `host:port` (the Host it is called by, its own name and port): a URL there is refused. */
function isSelf(url: URL, selfHosts: string[]): boolean {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return selfHosts.some((self) => {
    let parsed: URL;
    try { parsed = new URL(`http://${self}`); } catch { return false; }
    // A Host without a port is the public name in front of the server: every port of it is the server's.
    return bare(parsed.hostname) === bare(url.hostname) && (!/:\d+$/.test(self) || parsed.port === port || (!parsed.port && port === '80'));
  });
}

/** Why a webhook URL may not be used, or null. Names are resolved: every address they give must be public. */
export async function webhookUrlProblem(raw: string, selfHosts: string[] = [], resolve: Resolve = resolveAll): Promise<UrlProblem | null> {
  let url: URL;
  try { url = new URL(raw); } catch { return 'SCHEME'; }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'SCHEME';
  if (url.username || url.password) return 'CREDENTIALS';
  // The URL parser has already turned 127.1, 0x7f000001 and ::ffff:127.0.0.1 into their plain forms.
  const host = bare(url.hostname);
  if (isSelf(url, selfHosts)) return 'SELF';
  if (allowed().has(url.host.toLowerCase()) || allowed().has(host)) return null;
  if (LOCAL_NAMES.test(host)) return 'SELF';
  if (net.isIP(host)) return isPrivateAddress(host) ? 'PRIVATE' : null;
  let addresses: string[];
  try { addresses = await resolve(host); } catch { return 'UNRESOLVABLE'; }
  if (!addresses.length) return 'UNRESOLVABLE';
  return addresses.some(isPrivateAddress) ? 'PRIVATE' : null;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http(s).request that refuses to connect to a private address, so that a name which
 * resolved to a public address when checked cannot be pointed inside by the time the delivery connects.
 */
export function guardedLookup(hostname: string, options: dns.LookupOptions, callback: LookupCallback) {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const trusted = allowed().has(bare(hostname));
    if (!trusted && addresses.some((a) => isPrivateAddress(a.address))) {
      return callback(Object.assign(new Error(`refused: ${hostname} resolves to a private address`), { code: 'EWEBHOOKPRIVATE' }), []);
    }
    if (options.all) return callback(null, addresses);
    return callback(null, addresses[0].address, addresses[0].family);
  });
}
