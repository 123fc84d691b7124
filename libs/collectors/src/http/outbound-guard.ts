import * as dns from 'node:dns';
import type { LookupAddress, LookupAllOptions, LookupOneOptions } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { OutboundUrlRefusedError } from './outbound-errors';

/*
 * The server-side request forgery guard. Every request to a URL that a user typed (feed URLs,
 * webhooks, "test connection") must only reach public unicast addresses, unless an operator
 * explicitly allow-listed a host or range (the tests and the demo do so for their loopback fakes).
 *
 * Two places apply the rule:
 *  - `checkUrlSyntax`: scheme, and hosts that are IP literals. The WHATWG URL parser has already
 *    normalised odd spellings (`2130706433`, `0177.0.0.1`, `0x7f.1`, `127.1`) to dotted quads and
 *    `[::ffff:127.0.0.1]` to `[::ffff:7f00:1]`, and Node's `net.connect` does not call a lookup
 *    function for IP literals, so they must be judged here.
 *  - `createGuardedLookup`: the DNS lookup function that the HTTP agent's sockets use, so the address
 *    that is judged is the address that is connected to (no check-then-connect race, no DNS
 *    rebinding between a check and the connection).
 */

const ALLOWED_PROTOCOLS = new Set(['http:', 'https:']);

/** Why an address range is refused; ranges not listed here fall back to a generic reason. */
const RANGE_REASONS: Record<string, string> = {
  loopback: 'a loopback address',
  private: 'a private (RFC 1918) address',
  carrierGradeNat: 'a carrier-grade NAT (100.64.0.0/10) address',
  linkLocal: 'a link-local address (this includes cloud metadata endpoints)',
  uniqueLocal: 'a unique-local IPv6 address',
  unspecified: 'an unspecified address (0.0.0.0/8 or ::)',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  reserved: 'a reserved address',
};

export interface AllowList {
  /** Lower-case host names without a trailing dot. */
  readonly hosts: ReadonlySet<string>;
  readonly ranges: ReadonlyArray<[ipaddr.IPv4 | ipaddr.IPv6, number]>;
}

/**
 * Reads `OUTBOUND_ALLOWLIST`: comma-separated host names (`localhost`), IP addresses
 * (`127.0.0.1`, `::1`) or CIDR ranges (`127.0.0.0/8`). Blank entries are ignored.
 *
 * A host-name entry allows that name whatever it resolves to. An address or range entry allows
 * URLs with that literal address, and names whose every resolved address is allowed: `localhost`
 * usually resolves to both 127.0.0.1 and ::1, so `127.0.0.1/32` alone does not allow it.
 */
export function parseAllowList(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
}

/** Compiles allow-list entries once per client; a malformed entry is a configuration error. */
export function compileAllowList(entries: readonly string[] = []): AllowList {
  const hosts = new Set<string>();
  const ranges: Array<[ipaddr.IPv4 | ipaddr.IPv6, number]> = [];
  for (const raw of entries) {
    const entry = raw.trim();
    if (!entry) continue;
    if (entry.includes('/')) {
      try {
        const [address, bits] = ipaddr.parseCIDR(entry);
        ranges.push([normaliseAddress(address), address.kind() === 'ipv6' && isMappedOrCompat(address) ? bits - 96 : bits]);
      } catch {
        throw new Error(`Invalid CIDR in outbound allow-list: ${JSON.stringify(entry)}`);
      }
      continue;
    }
    const unbracketed = entry.replace(/^\[(.*)\]$/, '$1');
    if (isIP(unbracketed)) {
      const address = normaliseAddress(ipaddr.parse(unbracketed));
      ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
      continue;
    }
    hosts.add(normaliseHostName(entry));
  }
  return { hosts, ranges };
}

function isMappedOrCompat(address: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  return address.kind() === 'ipv6' && normaliseAddress(address).kind() === 'ipv4';
}

/** `::ffff:127.0.0.1` and the deprecated `::127.0.0.1` are judged as the IPv4 address they carry. */
function normaliseAddress(address: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  if (address.kind() === 'ipv6') {
    const v6 = address as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) return v6.toIPv4Address();
    const parts = v6.parts;
    // ::a.b.c.d (IPv4-compatible, deprecated) except :: and ::1 themselves.
    if (parts.slice(0, 6).every((p) => p === 0) && (parts[6] !== 0 || parts[7] > 1)) {
      return ipaddr.fromByteArray(v6.toByteArray().slice(12));
    }
  }
  return address;
}

function normaliseHostName(host: string): string {
  return host.toLowerCase().replace(/\.$/, '');
}

function inAllowedRange(address: ipaddr.IPv4 | ipaddr.IPv6, allow: AllowList): boolean {
  for (const [range, bits] of allow.ranges) {
    if (range.kind() === address.kind() && address.match(range as never, bits)) return true;
  }
  return false;
}

/**
 * Returns null when the address is a public unicast address (or allow-listed), otherwise the
 * reason it must not be reached. Anything that is not plain unicast is refused: 6to4, Teredo and
 * NAT64 prefixes can carry an internal IPv4 address, and documentation/benchmark ranges have no
 * business being a feed.
 */
export function addressRefusalReason(ip: string, allow: AllowList = EMPTY_ALLOW_LIST): string | null {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = normaliseAddress(ipaddr.parse(ip.replace(/^\[(.*)\]$/, '$1')));
  } catch {
    return `is not a valid IP address (${JSON.stringify(ip)})`;
  }
  if (inAllowedRange(parsed, allow)) return null;
  const range = parsed.range();
  if (range === 'unicast') return null;
  const what = RANGE_REASONS[range] ?? `a non-public address (range "${range}")`;
  return `resolves to ${what} (${parsed.toString()})`;
}

export const EMPTY_ALLOW_LIST: AllowList = { hosts: new Set(), ranges: [] };

/** The host as the socket layer sees it: brackets removed from IPv6 literals. */
export function socketHostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * Checks everything that can be decided without DNS. Returns the parsed URL so callers do not
 * parse twice.
 */
export function checkUrlSyntax(url: string, allow: AllowList = EMPTY_ALLOW_LIST): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new OutboundUrlRefusedError(String(url), 'is not a valid absolute URL');
  }
  if (!ALLOWED_PROTOCOLS.has(parsed.protocol)) {
    throw new OutboundUrlRefusedError(url, `uses the unsupported scheme "${parsed.protocol.replace(/:$/, '')}" (only http and https are allowed)`);
  }
  const host = socketHostOf(parsed);
  if (!host) throw new OutboundUrlRefusedError(url, 'has no host');
  if (isIP(host)) {
    const reason = addressRefusalReason(host, allow);
    if (reason) throw new OutboundUrlRefusedError(url, reason);
  }
  return parsed;
}

export function isAllowListedHost(host: string, allow: AllowList): boolean {
  return allow.hosts.has(normaliseHostName(host));
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
export type Resolver = (hostname: string, options: LookupAllOptions) => Promise<LookupAddress[]>;

const systemResolver: Resolver = (hostname, options) => dns.promises.lookup(hostname, options);

/**
 * A drop-in for `dns.lookup` to hand to `net.connect`/`tls.connect`: resolves the name, refuses
 * the connection if ANY resolved address is not allowed (a mixed answer is how rebinding attacks
 * look), and otherwise returns the addresses in the shape the caller asked for.
 */
export function createGuardedLookup(allow: AllowList, resolve: Resolver = systemResolver) {
  return function guardedLookup(hostname: string, options: LookupOneOptions | LookupAllOptions | number | LookupCallback, maybeCallback?: LookupCallback): void {
    const callback = (typeof options === 'function' ? options : maybeCallback) as LookupCallback;
    const opts = typeof options === 'object' && options !== null ? options : typeof options === 'number' ? { family: options } : {};
    const wantAll = Boolean((opts as LookupAllOptions).all);
    resolveAllowed(hostname, allow, resolve, { family: (opts as LookupOneOptions).family, hints: (opts as LookupOneOptions).hints })
      .then((addresses) => {
        if (wantAll) callback(null, addresses);
        else callback(null, addresses[0].address, addresses[0].family);
      })
      .catch((err: NodeJS.ErrnoException) => callback(err, wantAll ? [] : ''));
  };
}

async function resolveAllowed(
  hostname: string,
  allow: AllowList,
  resolve: Resolver,
  options: { family?: number | 'IPv4' | 'IPv6'; hints?: number },
): Promise<LookupAddress[]> {
  const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : (options.family ?? 0);
  const addresses = await resolve(hostname, { all: true, family, hints: options.hints } as LookupAllOptions);
  if (addresses.length === 0) {
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
  }
  if (isAllowListedHost(hostname, allow)) return addresses;
  for (const { address } of addresses) {
    const reason = addressRefusalReason(address, allow);
    if (reason) throw new OutboundUrlRefusedError(`//${hostname}`, `host "${hostname}" ${reason}`);
  }
  return addresses;
}

/**
 * The same rules as the HTTP client, for validating a URL when a user saves it (the client checks
 * again on every request and redirect; this only gives an early, clear error).
 */
export async function assertOutboundUrlAllowed(url: string, allowList: string[] = [], resolve: Resolver = systemResolver): Promise<void> {
  const allow = compileAllowList(allowList);
  const parsed = checkUrlSyntax(url, allow);
  const host = socketHostOf(parsed);
  if (isIP(host) || isAllowListedHost(host, allow)) return;
  try {
    await resolveAllowed(host, allow, resolve, {});
  } catch (err) {
    if (err instanceof OutboundUrlRefusedError) throw new OutboundUrlRefusedError(url, err.reason);
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new OutboundUrlRefusedError(url, `host "${host}" could not be resolved (${code})`);
  }
}
