import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { listenOnLoopback } from '../loopback-listen';

/*
 * The base of every loopback fake source (Mastodon, Bluesky, Reddit, …) for tests, benchmarks and
 * the demo. A subclass registers routes that speak the real API; this class gives them a server on
 * 127.0.0.1, a log of every request, and faults a test can queue (error statuses with the source's
 * own headers and bodies, delays, malformed bodies, dropped connections). Test code only.
 */

export interface FakeRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  /** Named groups from the route pattern. */
  params: Record<string, string>;
  at: Date;
}

export interface FakeResponse {
  status?: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string as is. */
  body?: unknown;
}

export type FakeHandler = (req: FakeRequest) => FakeResponse | Promise<FakeResponse>;

/** What a queued fault does instead of (or to) the real answer. */
export interface FakeFault {
  /** Only requests whose path matches (default: any). */
  path?: RegExp;
  /** Answer with this instead of calling the route. */
  response?: FakeResponse;
  /** Wait this long before answering (longer than the client's timeout = a timeout). */
  delayMs?: number;
  /** Call the route, then cut its body in half (malformed JSON/XML). */
  truncateBody?: boolean;
  /** Destroy the socket without answering (a network error). */
  dropConnection?: boolean;
  /** How many matching requests it applies to. Default 1. */
  times?: number;
}

interface Route {
  method: string;
  pattern: RegExp;
  handler: FakeHandler;
}

export class FakeApiServer {
  readonly requests: FakeRequest[] = [];
  private readonly routes: Route[] = [];
  private readonly faults: Array<Required<Pick<FakeFault, 'times'>> & FakeFault> = [];
  private readonly sockets = new Set<Socket>();
  private server: Server | null = null;
  private base: string | null = null;

  /** Registers a route. Patterns match the whole path; use named groups for parameters. */
  route(method: string, pattern: RegExp | string, handler: FakeHandler): this {
    const regex = typeof pattern === 'string' ? new RegExp(`^${pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : pattern;
    this.routes.push({ method: method.toUpperCase(), pattern: regex, handler });
    return this;
  }

  /** Queues a fault for the next matching request(s). */
  fault(fault: FakeFault): this {
    this.faults.push({ times: 1, ...fault });
    return this;
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /** Requests whose path matches, in order. */
  requestsTo(path: RegExp | string): FakeRequest[] {
    return this.requests.filter((r) => (typeof path === 'string' ? r.path === path : path.test(r.path)));
  }

  async start(): Promise<string> {
    if (this.base) return this.base;
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: Error) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(`fake server error: ${error.message}`);
        } else {
          res.destroy();
        }
      });
    });
    this.base = await listenOnLoopback(server, this.sockets);
    this.server = server;
    return this.base;
  }

  get baseUrl(): string {
    if (!this.base) throw new Error(`${this.constructor.name} is not started`);
    return this.base;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    this.base = null;
    if (!server) return;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private takeFault(path: string): FakeFault | null {
    const index = this.faults.findIndex((f) => !f.path || f.path.test(path));
    if (index < 0) return null;
    const fault = this.faults[index];
    fault.times -= 1;
    if (fault.times <= 0) this.faults.splice(index, 1);
    return fault;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake.local');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request: FakeRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      params: {},
      at: new Date(),
    };
    this.requests.push(request);

    const fault = this.takeFault(request.path);
    if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (fault?.dropConnection) {
      req.socket.destroy();
      return;
    }
    let answer: FakeResponse;
    if (fault?.response) {
      answer = fault.response;
    } else {
      const route = this.routes.find((r) => r.method === request.method && r.pattern.test(request.path));
      if (!route) {
        answer = { status: 404, body: { error: 'Not Found' } };
      } else {
        request.params = { ...(route.pattern.exec(request.path)?.groups ?? {}) };
        answer = await route.handler(request);
      }
    }
    if (res.destroyed) return;
    let body = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    const headers: Record<string, string> = { ...(answer.headers ?? {}) };
    const hasType = Object.keys(headers).some((h) => h.toLowerCase() === 'content-type');
    if (!hasType && answer.body !== undefined) headers['content-type'] = typeof answer.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8';
    if (fault?.truncateBody) body = body.slice(0, Math.floor(body.length / 2));
    res.writeHead(answer.status ?? 200, headers);
    res.end(body);
  }
}
