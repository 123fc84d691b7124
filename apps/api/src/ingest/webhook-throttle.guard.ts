import { HttpException, HttpStatus, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';

/** Requests per minute per client address and source; generous for a forwarder, tight for a flood. */
export const WEBHOOK_REQUESTS_PER_MINUTE = 600;
const WINDOW_MS = 60_000;
/** Counters kept at most; old windows are dropped first, so memory stays bounded under a spray of addresses. */
const MAX_KEYS = 10_000;

/**
 * Slows a sender (or an attacker guessing ids or secrets) down before any database work: a fixed
 * one-minute window per client address and source, in memory. Several API instances count on
 * their own, so the limit multiplies by their number (as for the login throttle).
 */
@Injectable()
export class WebhookThrottleGuard implements CanActivate {
  private readonly windows = new Map<string, { start: number; count: number }>();

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    const now = Date.now();
    const key = `${req.ip ?? ''}|${String(req.params?.sourceId ?? '').slice(0, 64)}`;
    let window = this.windows.get(key);
    if (!window || now - window.start >= WINDOW_MS) {
      if (this.windows.size >= MAX_KEYS) this.evict(now);
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count++;
    if (window.count > WEBHOOK_REQUESTS_PER_MINUTE) {
      const retryAfter = Math.max(1, Math.ceil((window.start + WINDOW_MS - now) / 1000));
      context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(retryAfter));
      throw new HttpException('Too many webhook requests; slow down and retry after the Retry-After delay', HttpStatus.TOO_MANY_REQUESTS);
    }
    return true;
  }

  private evict(now: number): void {
    for (const [key, window] of this.windows) if (now - window.start >= WINDOW_MS) this.windows.delete(key);
    // Still full: every window is current; drop the oldest entries (Map keeps insertion order).
    for (const key of this.windows.keys()) {
      if (this.windows.size < MAX_KEYS) break;
      this.windows.delete(key);
    }
  }
}
