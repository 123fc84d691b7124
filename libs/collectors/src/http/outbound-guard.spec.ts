import type { LookupAddress } from 'node:dns';
import { OutboundUrlRefusedError } from './outbound-errors';
import {
  addressRefusalReason,
  assertOutboundUrlAllowed,
  checkUrlSyntax,
  compileAllowList,
  createGuardedLookup,
  parseAllowList,
  type Resolver,
} from './outbound-guard';

function refusal(fn: () => unknown): OutboundUrlRefusedError {
  try {
    fn();
  } catch (err) {
    if (err instanceof OutboundUrlRefusedError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('addressRefusalReason', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.1.2.3', 'private'],
    ['::127.0.0.1', 'loopback'],
    ['2002:7f00:1::', 'non-public'],
    ['64:ff9b::7f00:1', 'non-public'],
  ])('refuses %s (%s)', (ip, what) => {
    expect(addressRefusalReason(ip)).toContain(what);
  });

  it.each(['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111', '151.101.1.1'])('allows the public address %s', (ip) => {
    expect(addressRefusalReason(ip)).toBeNull();
  });

  it('says "resolves to a loopback address" for 127.0.0.1', () => {
    expect(addressRefusalReason('127.0.0.1')).toMatch(/^resolves to a loopback address/);
  });

  it('lets allow-listed addresses and ranges through, and nothing else', () => {
    const allow = compileAllowList(['127.0.0.1/32', '10.20.0.0/16', '::1']);
    expect(addressRefusalReason('127.0.0.1', allow)).toBeNull();
    expect(addressRefusalReason('::ffff:127.0.0.1', allow)).toBeNull();
    expect(addressRefusalReason('::1', allow)).toBeNull();
    expect(addressRefusalReason('10.20.3.4', allow)).toBeNull();
    expect(addressRefusalReason('127.0.0.2', allow)).toContain('loopback');
    expect(addressRefusalReason('10.21.0.1', allow)).toContain('private');
  });
});

describe('checkUrlSyntax', () => {
  it.each([
    ['http://127.0.0.1/feed', 'loopback'],
    ['http://[::1]/feed', 'loopback'],
    ['http://[::ffff:127.0.0.1]/feed', 'loopback'],
    ['http://2130706433/feed', 'loopback'],
    ['http://0177.0.0.1/feed', 'loopback'],
    ['http://0x7f.1/feed', 'loopback'],
    ['http://127.1/feed', 'loopback'],
    ['http://127.0.0.1./feed', 'loopback'],
    ['http://10.0.0.1/feed', 'private'],
    ['http://169.254.169.254/latest/meta-data/', 'link-local'],
    ['https://[fd00::1]:8443/x', 'unique-local'],
    ['http://0.0.0.0:80/', 'unspecified'],
  ])('refuses %s before any connection (%s)', (url, what) => {
    expect(refusal(() => checkUrlSyntax(url)).reason).toContain(what);
  });

  it.each(['file:///etc/passwd', 'ftp://127.0.0.1/x', 'ftp://files.example/x', 'gopher://x.example/', 'javascript:alert(1)', 'data:text/plain,hi', 'ws://x.example/'])(
    'refuses the scheme of %s',
    (url) => {
      expect(refusal(() => checkUrlSyntax(url)).reason).toMatch(/unsupported scheme/);
    },
  );

  it.each(['not a url', '', 'http://', '//no-scheme.example/feed'])('refuses the malformed URL %j', (url) => {
    expect(() => checkUrlSyntax(url)).toThrow(OutboundUrlRefusedError);
  });

  it('accepts public literals and names (names are judged at connection time)', () => {
    expect(checkUrlSyntax('https://93.184.215.14/feed').hostname).toBe('93.184.215.14');
    expect(checkUrlSyntax('https://feeds.example/rss').hostname).toBe('feeds.example');
  });
});

describe('parseAllowList / compileAllowList', () => {
  it('splits on commas and drops blanks', () => {
    expect(parseAllowList(' localhost, 127.0.0.1/32 ,,::1 ')).toEqual(['localhost', '127.0.0.1/32', '::1']);
    expect(parseAllowList(undefined)).toEqual([]);
    expect(parseAllowList('')).toEqual([]);
  });

  it('rejects a malformed CIDR instead of silently allowing nothing (or everything)', () => {
    expect(() => compileAllowList(['127.0.0.1/99'])).toThrow(/Invalid CIDR/);
  });

  it('normalises host names', () => {
    expect(compileAllowList(['LocalHost.']).hosts.has('localhost')).toBe(true);
  });
});

describe('createGuardedLookup (the check inside the connection)', () => {
  const fakeResolver =
    (answers: Record<string, LookupAddress[]>): Resolver =>
    async (host) => answers[host] ?? [];

  function lookup(host: string, allow: string[], answers: Record<string, LookupAddress[]>, all = true) {
    const fn = createGuardedLookup(compileAllowList(allow), fakeResolver(answers));
    return new Promise<{ err: NodeJS.ErrnoException | null; address: unknown; family?: number }>((resolve) => {
      fn(host, { all } as never, (err, address, family) => resolve({ err, address, family }));
    });
  }

  it('returns public answers in the shape asked for', async () => {
    const answers = { 'feeds.example': [{ address: '93.184.215.14', family: 4 }] };
    expect((await lookup('feeds.example', [], answers)).address).toEqual([{ address: '93.184.215.14', family: 4 }]);
    const one = await lookup('feeds.example', [], answers, false);
    expect(one.address).toBe('93.184.215.14');
    expect(one.family).toBe(4);
  });

  it('refuses a name that resolves to a private address', async () => {
    const { err } = await lookup('intranet.example', [], { 'intranet.example': [{ address: '10.1.2.3', family: 4 }] });
    expect(err).toBeInstanceOf(OutboundUrlRefusedError);
    expect((err as OutboundUrlRefusedError).reason).toContain('private');
  });

  it('refuses a mixed answer (public + metadata address), the shape of a rebinding attack', async () => {
    const { err } = await lookup('rebind.example', [], {
      'rebind.example': [
        { address: '93.184.215.14', family: 4 },
        { address: '169.254.169.254', family: 4 },
      ],
    });
    expect((err as OutboundUrlRefusedError).reason).toContain('link-local');
  });

  it('refuses IPv4-mapped IPv6 answers pointing at loopback', async () => {
    const { err } = await lookup('mapped.example', [], { 'mapped.example': [{ address: '::ffff:127.0.0.1', family: 6 }] });
    expect((err as OutboundUrlRefusedError).reason).toContain('loopback');
  });

  it('allows an allow-listed host name whatever it resolves to', async () => {
    const { err } = await lookup('localhost', ['localhost'], { localhost: [{ address: '127.0.0.1', family: 4 }] });
    expect(err).toBeNull();
  });

  it('reports a name that does not resolve as ENOTFOUND', async () => {
    const { err } = await lookup('nothing.example', [], {});
    expect(err?.code).toBe('ENOTFOUND');
  });
});

describe('assertOutboundUrlAllowed', () => {
  it.each(['http://127.0.0.1/feed', 'http://[::1]/', 'http://2130706433/', 'http://0x7f.1/', 'http://10.0.0.1/', 'http://169.254.169.254/', 'file:///etc/passwd', 'ftp://127.0.0.1/'])(
    'refuses %s',
    async (url) => {
      await expect(assertOutboundUrlAllowed(url)).rejects.toBeInstanceOf(OutboundUrlRefusedError);
    },
  );

  it('refuses localhost because it resolves to loopback (real system resolver, no network)', async () => {
    await expect(assertOutboundUrlAllowed('http://localhost:8080/feed')).rejects.toThrow(/loopback/);
  });

  it('accepts loopback when the allow-list says so', async () => {
    await expect(assertOutboundUrlAllowed('http://localhost:8080/feed', ['localhost'])).resolves.toBeUndefined();
    await expect(assertOutboundUrlAllowed('http://127.0.0.1:8080/feed', ['127.0.0.1/32'])).resolves.toBeUndefined();
  });

  it('accepts a name that resolves to a public address', async () => {
    const resolver: Resolver = async () => [{ address: '93.184.215.14', family: 4 }];
    await expect(assertOutboundUrlAllowed('https://feeds.example/rss', [], resolver)).resolves.toBeUndefined();
  });

  it('refuses a name that does not resolve, with a clear reason', async () => {
    const resolver: Resolver = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    await expect(assertOutboundUrlAllowed('https://nope.example/rss', [], resolver)).rejects.toThrow(/could not be resolved \(ENOTFOUND\)/);
  });
});
