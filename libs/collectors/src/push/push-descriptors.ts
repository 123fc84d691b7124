import type { BrandChannel, SourceTypeDescriptor } from '@ascolto/domain';

/** Where a webhook's items come from; private care channels arrive through a messaging platform's forwarder. */
export const WEBHOOK_CHANNELS = ['generic', 'whatsapp', 'messenger', 'instagram_direct', 'x_dm'] as const;
export type WebhookChannel = (typeof WEBHOOK_CHANNELS)[number];

/**
 * Private messages are written to the brand by definition; what a generic webhook forwards (a form,
 * another tool's feed) may be anything, so it says nothing.
 */
export function brandChannelOfWebhook(channel: unknown): BrandChannel | null {
  return channel === 'whatsapp' || channel === 'messenger' || channel === 'instagram_direct' || channel === 'x_dm' ? 'direct_message' : null;
}

export const WEBHOOK_DESCRIPTOR: SourceTypeDescriptor = {
  type: 'webhook',
  label: { it: 'Webhook (push, integrazioni, canali privati)', en: 'Webhook (push, integrations, private channels)' },
  polled: false,
  defaultUrl: null,
  urlLabel: { it: 'Indirizzo di origine (facoltativo, solo descrittivo)', en: 'Origin address (optional, descriptive only)' },
  // The worker reads what the API stored (PostgreSQL only, no outside request), so it can look often:
  // a pushed message reaches the inbox within seconds.
  defaultSchedule: '*/10 * * * * *',
  searchable: false,
  settings: [
    {
      key: 'channel',
      label: { it: 'Canale', en: 'Channel' },
      kind: 'select',
      required: false,
      options: [...WEBHOOK_CHANNELS],
      default: 'generic',
      help: {
        it: 'Da dove arrivano i messaggi: generico, WhatsApp Business, Messenger, Instagram Direct o messaggi diretti di X (inoltrati dalla piattaforma).',
        en: 'Where the messages come from: generic, WhatsApp Business, Messenger, Instagram Direct or X direct messages (forwarded by the platform).',
      },
    },
  ],
  credentials: [
    {
      key: 'signingSecret',
      label: { it: 'Segreto di firma', en: 'Signing secret' },
      required: true,
      help: {
        it: 'Il mittente firma ogni richiesta con HMAC-SHA256 di "<timestamp>.<corpo>" (vedi docs/webhooks.md). Almeno 16 caratteri.',
        en: 'The sender signs every request with HMAC-SHA256 of "<timestamp>.<body>" (see docs/webhooks.md). At least 16 characters.',
      },
    },
  ],
  budget: null,
};

export const IMPORT_DESCRIPTOR: SourceTypeDescriptor = {
  type: 'import',
  label: { it: 'Importazione di file (NDJSON, CSV)', en: 'File import (NDJSON, CSV)' },
  polled: false,
  defaultUrl: null,
  urlLabel: { it: 'Origine dei file (facoltativa, solo descrittiva)', en: 'Where the files come from (optional, descriptive only)' },
  // Never scheduled: files are processed as import jobs (dashboard upload or `npm run import`).
  defaultSchedule: '0 0 1 1 *',
  searchable: false,
  settings: [],
  credentials: [],
  budget: null,
};
