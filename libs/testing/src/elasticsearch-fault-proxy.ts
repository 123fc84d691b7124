import {
  Agent,
  createServer,
  request as upstreamRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { Socket } from 'node:net';
import { listenOnLoopback } from './loopback-listen';
import { deferred, type Deferred } from './deferred';

/*
 * A loopback HTTP proxy in front of a real Elasticsearch node, for tests of what the apps do when
 * Elasticsearch answers too late. Everything is forwarded unchanged, except the next request that
 * matches a hold: that one is either sent to Elasticsearch with its answer kept from the client
 * (the write lands, the client times out: "did it happen?"), or never sent at all (the client times
 * out and nothing happened). Either way the client gives up by itself, through its own request
 * timeout: the proxy waits for the client to close the connection, with no timer of its own, so the
 * test is as fast as the client's timeout and does not depend on how loaded the machine is.
 * Test code only: never started by the product.
 */

export interface ProxiedRequest {
  method: string;
  /** Path and query string, as sent (`/t-…-mentions-2026-04/_update/abc?if_seq_no=3&…`). */
  url: string;
  /** The decoded path, without the query string. */
  path: string;
  body: string;
}

/**
 * `forward`: Elasticsearch gets the request and answers; the answer is withheld until the client
 * gives up. `drop`: Elasticsearch never sees the request. `forward-then-reset`: Elasticsearch gets
 * the request and answers, then the client's connection is cut instead of answered (the node went
 * down right after applying it). `reset`: the connection is cut at once, never forwarded (the node
 * is down).
 */
export type HoldFate = 'forward' | 'drop' | 'forward-then-reset' | 'reset';

export interface HeldRequest {
  /** The request the hold caught, when it arrives. */
  readonly arrived: Promise<ProxiedRequest>;
  /** `forward` only: the status Elasticsearch answered with (the request was applied, or refused). */
  readonly upstreamAnswered: Promise<{ status: number; body: string }>;
  /** The client closed the connection without an answer: it timed out (or was aborted). */
  readonly clientGaveUp: Promise<void>;
}

interface PendingHold {
  matches: (request: { method: string; path: string }) => boolean;
  fate: HoldFate;
  arrived: Deferred<ProxiedRequest>;
  upstreamAnswered: Deferred<{ status: number; body: string }>;
  clientGaveUp: Deferred<void>;
}

// Per connection, not end to end (RFC 9110 §7.6.1): not copied from one side to the other.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade']);

export class ElasticsearchFaultProxy {
  /** Every request that reached the proxy, in order (held ones included). */
  readonly requests: ProxiedRequest[] = [];
  private readonly holds: PendingHold[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly agent = new Agent({ keepAlive: true });
  private readonly target: URL;
  private server?: Server;

  /** `target`: the Elasticsearch node, e.g. `http://127.0.0.1:9200`. */
  constructor(target: string) {
    this.target = new URL(target);
  }

  /** Listens on 127.0.0.1 on a free port; returns the proxy's URL, to use as the node's. */
  async start(): Promise<string> {
    const server = createServer((req, res) => void this.handle(req, res));
    const url = await listenOnLoopback(server, this.sockets);
    this.server = server;
    return url;
  }

  /**
   * The next request for which `matches` holds (method upper case, path decoded) is held with
   * `fate`; later ones pass again. Holds are used in the order they were made.
   */
  holdNext(matches: (request: { method: string; path: string }) => boolean, fate: HoldFate): HeldRequest {
    const hold: PendingHold = { matches, fate, arrived: deferred(), upstreamAnswered: deferred(), clientGaveUp: deferred() };
    this.holds.push(hold);
    return { arrived: hold.arrived.promise, upstreamAnswered: hold.upstreamAnswered.promise, clientGaveUp: hold.clientGaveUp.promise };
  }

  /** The requests seen so far for which `matches` holds. */
  seen(matches: (request: { method: string; path: string }) => boolean): ProxiedRequest[] {
    return this.requests.filter(matches);
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.agent.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body: Buffer;
    try {
      body = await readAll(req);
    } catch {
      res.destroy();
      return;
    }
    const url = req.url ?? '/';
    const proxied: ProxiedRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      url,
      path: decodeURIComponent(new URL(url, 'http://proxy').pathname),
      body: body.toString('utf8'),
    };
    this.requests.push(proxied);
    const at = this.holds.findIndex((hold) => hold.matches(proxied));
    const hold = at >= 0 ? this.holds.splice(at, 1)[0] : undefined;
    if (!hold) {
      this.forward(
        req,
        body,
        (status, headers, answer) => {
          res.writeHead(status, endToEnd(headers));
          res.end(answer);
        },
        () => res.destroy(),
      );
      return;
    }

    hold.arrived.resolve(proxied);
    // Nothing is ever written to `res`: its closing means the client dropped the connection.
    res.on('close', () => hold.clientGaveUp.resolve());
    if (hold.fate === 'reset') {
      res.destroy();
      return;
    }
    if (hold.fate === 'forward' || hold.fate === 'forward-then-reset') {
      const cut = hold.fate === 'forward-then-reset';
      this.forward(
        req,
        body,
        (status, _headers, answer) => {
          hold.upstreamAnswered.resolve({ status, body: answer.toString('utf8') });
          if (cut) res.destroy();
        },
        (error) => {
          hold.upstreamAnswered.reject(error);
          if (cut) res.destroy();
        },
      );
    }
  }

  private forward(
    req: IncomingMessage,
    body: Buffer,
    onAnswer: (status: number, headers: IncomingHttpHeaders, body: Buffer) => void,
    onError: (error: Error) => void,
  ): void {
    const upstream = upstreamRequest(
      {
        protocol: this.target.protocol,
        hostname: this.target.hostname,
        port: this.target.port,
        method: req.method,
        path: req.url,
        headers: { ...endToEnd(req.headers), 'content-length': String(body.length) },
        agent: this.agent,
      },
      (answer) => {
        readAll(answer).then((bytes) => onAnswer(answer.statusCode ?? 502, answer.headers, bytes), onError);
      },
    );
    upstream.on('error', onError);
    upstream.end(body);
  }
}

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const kept: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!HOP_BY_HOP.has(name) && name !== 'content-length' && value !== undefined) kept[name] = value;
  }
  return kept;
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
    stream.on('aborted', () => reject(new Error('connection closed before the whole message arrived')));
  });
}
