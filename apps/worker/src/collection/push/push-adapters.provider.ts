import type { Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CollectorRegistry } from '../collector-registry';
import { WebhookInboxAdapter } from './webhook-inbox.adapter';

export const PUSH_ADAPTERS = Symbol('PUSH_ADAPTERS');

/**
 * Registers the worker's own readers of pushed sources with the registry, so webhook sources
 * are scheduled and run like polled ones (their "API" is the `inbound_items` table).
 */
export const pushAdaptersProvider: Provider = {
  provide: PUSH_ADAPTERS,
  inject: [CollectorRegistry, DataSource],
  useFactory: (registry: CollectorRegistry, dataSource: DataSource) => {
    const webhook = new WebhookInboxAdapter(dataSource);
    registry.register(webhook);
    return [webhook];
  },
};
