import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Mention } from '@ascolto/domain';
import { makeMention } from '@ascolto/testing';
import { loadFileCorpus } from '../../../libs/nlp/training/corpus';
import { readJsonl } from '../../../libs/nlp/training/datasets';
import { labelsOf } from '../../../libs/nlp/training/label-mapping';
import { runExportCorrectionsCommand } from '../src/cli/export-corrections.command';
import { ApiTestEnv, type Agent } from './support/api-test-env';

jest.setTimeout(60_000);

// A stranger's post: quotes, backslashes, a line break, markup, a JSONL-looking line, U+2028.
const HOSTILE = 'Pessimo "servizio" \\ </script><img src=x onerror=alert(1)>\n{"id":"forged","text":"x","sentiment":"positive"}\u2028fine';

describe('label corrections over HTTP', () => {
  let env: ApiTestEnv;
  let agent: Agent;
  let csrf: string;
  let tmp: string;
  const m = (overrides: Partial<Mention>) => makeMention({ publishedAt: '2026-03-10T12:00:00.000Z', ...overrides });
  const positive = m({ text: 'Grazie, tutto risolto', language: 'it', sentiment: 'positive', intent: 'praise', category: 'service', flushReason: null, pipelineVersion: 'p-1' });
  const spam = m({ text: 'Buy followers now', language: 'en', category: 'flush', flushReason: 'spam', sentiment: 'neutral', intent: 'other' });
  const hostile = m({ text: HOSTILE, language: 'it', sentiment: 'neutral', intent: 'other', category: 'service', flushReason: null });
  const untouched = m({ text: 'Nessuno lo corregge', sentiment: 'neutral', category: 'service', flushReason: null });
  const triaged = m({ text: 'Quando riaprite?', intent: 'question', category: 'service', flushReason: null });
  // A real complaint the machine flushed as spam, and a question above it in the queue. Factors: a
  // day old, one urgency word, 10,000 followers.
  const factors = { urgencyWords: 1, reach: 10, age: 0.5 };
  const buried = m({ text: 'Bloccato da giorni, nessuno risponde', language: 'it', category: 'flush', flushReason: 'spam', sentiment: 'neutral', sentimentScore: 0, intent: 'other', priority: 5, priorityFactors: factors });
  const rival = m({ text: 'Come cambio il piano?', language: 'it', category: 'service', flushReason: null, sentiment: 'neutral', sentimentScore: 0, intent: 'question', priority: 26, priorityFactors: factors });

  beforeAll(async () => {
    env = await ApiTestEnv.start();
    await env.createUsers();
    await env.indexMentions([positive, spam, hostile, untouched, triaged, buried, rival]);
    ({ agent, csrf } = await env.login('agent'));
    tmp = mkdtempSync(join(tmpdir(), 'ascolto-corrections-'));
  });
  afterAll(async () => {
    await env?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  const patch = (id: string, body: object, as: { agent: Agent; csrf: string } = { agent, csrf }) =>
    as.agent.patch(`/api/mentions/${id}/labels`).set('X-XSRF-TOKEN', as.csrf).send(body);
  const rows = (id: string) =>
    env.db.dataSource.query(
      'SELECT kind, machine_value, machine_confidence, corrected_value, pipeline_version, mention_text, mention_language, user_id, mention_index FROM label_corrections WHERE mention_id = $1 ORDER BY created_at, kind',
      [id],
    );

  describe('PATCH /api/mentions/:id/labels', () => {
    it('changes the labels on the document, records each change and the audit event', async () => {
      const res = await patch(positive.id, { sentiment: 'negative', intent: 'complaint' }).expect(200);
      expect(res.body).toMatchObject({
        id: positive.id,
        sentiment: 'negative',
        intent: 'complaint',
        category: 'service',
        correctedLabels: ['sentiment', 'intent'],
        text: positive.text,
      });
      expect(res.body.explanations.sentiment).toEqual({ label: 'negative', confidence: 1, reasons: ['corrected by The agent'] });
      expect(res.body.explanations.category).toEqual(positive.explanations.category);

      const doc = await env.documentOf(positive.id);
      expect(doc).toMatchObject({ sentiment: 'negative', intent: 'complaint', correctedLabels: ['sentiment', 'intent'] });
      // The inbox can filter on it.
      const filtered = await agent.get('/api/mentions?corrected=intent,category').expect(200);
      expect(filtered.body.items.map((item: Mention) => item.id)).toEqual([positive.id]);
      const badFilter = await agent.get('/api/mentions?corrected=language').expect(400);
      expect(badFilter.body.message).toEqual(['each value in corrected must be one of the following values: sentiment, category, intent, flushReason']);

      const agentId = env.users.get('agent')!.user.id;
      expect(await rows(positive.id)).toEqual([
        expect.objectContaining({ kind: 'intent', machine_value: 'praise', corrected_value: 'complaint', pipeline_version: 'p-1', user_id: agentId }),
        expect.objectContaining({
          kind: 'sentiment',
          machine_value: 'positive',
          machine_confidence: expect.closeTo(positive.explanations.sentiment.confidence, 5),
          corrected_value: 'negative',
          mention_text: positive.text,
          mention_language: 'it',
          mention_index: expect.stringContaining('2026.03'),
        }),
      ]);
      // Recorded through its intent, now applied.
      const intents = await env.db.dataSource.query('SELECT id, user_id, applied_at FROM label_correction_intents WHERE mention_id = $1', [positive.id]);
      expect(intents).toEqual([{ id: expect.any(String), user_id: agentId, applied_at: expect.any(Date) }]);
      const links = await env.db.dataSource.query('SELECT DISTINCT intent_id FROM label_corrections WHERE mention_id = $1', [positive.id]);
      expect(links).toEqual([{ intent_id: intents[0].id }]);
      const audit = await env.auditEvents('mention.labels');
      expect(audit).toEqual([
        {
          actor_id: agentId,
          entity_id: positive.id,
          data: {
            changes: [
              { label: 'sentiment', from: 'positive', to: 'negative' },
              { label: 'intent', from: 'praise', to: 'complaint' },
            ],
            corrected: ['sentiment', 'intent'],
          },
        },
      ]);
    });

    it('moves the mention in the priority-sorted inbox: a complaint taken out of flush rises above a question', async () => {
      const order = async () => {
        const res = await agent.get('/api/mentions?sort=priority&limit=100').expect(200);
        const ids = res.body.items.map((item: Mention) => item.id);
        return { buried: ids.indexOf(buried.id), rival: ids.indexOf(rival.id) };
      };
      const before = await order();
      expect(before.buried).toBeGreaterThan(before.rival);

      const res = await patch(buried.id, { category: 'service', intent: 'complaint', sentiment: 'negative' }).expect(200);
      // (10 base + 25 complaint + 10 service + 20 certain negative + 6 urgency + 10 reach) × 0.5
      expect(res.body).toMatchObject({ priority: 41, sentimentScore: -1, category: 'service', flushReason: null });
      expect(await env.documentOf(buried.id)).toMatchObject({ priority: 41, sentimentScore: -1 });
      const after = await order();
      expect(after.buried).toBeGreaterThanOrEqual(0);
      expect(after.buried).toBeLessThan(after.rival);

      // Flushed again by a person, it sinks back to the flush ceiling.
      const flushed = await patch(buried.id, { category: 'flush', flushReason: 'no_action' }).expect(200);
      expect(flushed.body.priority).toBe(5);
    });

    it('keeps every correction of a label, and a later one starts from the machine value', async () => {
      const { agent: lead, csrf: leadCsrf } = await env.login('lead');
      await patch(positive.id, { sentiment: 'neutral' }, { agent: lead, csrf: leadCsrf }).expect(200);
      const sentimentRows = (await rows(positive.id)).filter((r: { kind: string }) => r.kind === 'sentiment');
      expect(sentimentRows.map((r: { machine_value: string; corrected_value: string }) => [r.machine_value, r.corrected_value])).toEqual([
        ['positive', 'negative'],
        ['positive', 'neutral'],
      ]);
      expect((await env.documentOf(positive.id))?.explanations.sentiment.reasons).toEqual(['corrected by The lead']);
    });

    it('a category other than flush clears the flush reason; flush needs one', async () => {
      const res = await patch(spam.id, { category: 'service' }).expect(200);
      expect(res.body).toMatchObject({ category: 'service', flushReason: null, correctedLabels: ['category', 'flushReason'] });
      expect((await rows(spam.id)).map((r: { kind: string; corrected_value: string | null }) => [r.kind, r.corrected_value])).toEqual([
        ['category', 'service'],
        ['flush_reason', null],
      ]);

      const missing = await patch(spam.id, { category: 'flush' }).expect(400);
      expect(missing.body.message).toEqual(['flushReason is required when the category becomes flush']);
      const alone = await patch(spam.id, { flushReason: 'bot' }).expect(400);
      expect(alone.body.message).toEqual(['flushReason can be set only with category flush (the category would be service)']);
      // A refused correction writes nothing, not even an intent (the one there is the correction above's).
      expect(await rows(spam.id)).toHaveLength(2);
      expect(await env.db.dataSource.query('SELECT count(*)::int AS n FROM label_correction_intents WHERE mention_id = $1', [spam.id])).toEqual([{ n: 1 }]);
      expect((await env.documentOf(spam.id))?.category).toBe('service');
    });

    it('refuses values outside the vocabulary with clear messages', async () => {
      const bad = await patch(untouched.id, { sentiment: 'angry', category: 'spam', intent: null }).expect(400);
      expect(bad.body.message).toEqual([
        'sentiment must be one of the following values: negative, neutral, positive',
        'category must be one of the following values: service, marketing, flush',
        'intent must be one of the following values: complaint, question, praise, suggestion, incident, other',
      ]);
      const reason = await patch(untouched.id, { category: 'flush', flushReason: 'boring' }).expect(400);
      expect(reason.body.message).toEqual(['flushReason must be one of the following values: spam, duplicate, off_topic, bot, no_action']);
      const extra = await patch(untouched.id, { sentiment: 'negative', priority: 100 }).expect(400);
      expect(extra.body.message).toEqual(['property priority should not exist']);
      const empty = await patch(untouched.id, {}).expect(400);
      expect(empty.body.message).toEqual(['give at least one of sentiment, category, intent, flushReason']);
      expect(await rows(untouched.id)).toEqual([]);
      expect((await env.documentOf(untouched.id))?.correctedLabels).toBeUndefined();
    });

    it('is refused to analysts and without the CSRF token', async () => {
      const { agent: analyst, csrf: analystCsrf } = await env.login('analyst');
      const res = await patch(untouched.id, { sentiment: 'negative' }, { agent: analyst, csrf: analystCsrf }).expect(403);
      expect(res.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
      await agent.patch(`/api/mentions/${untouched.id}/labels`).send({ sentiment: 'negative' }).expect(403);
      expect(await rows(untouched.id)).toEqual([]);
    });

    it('leaves the workflow alone; a confirmed label becomes the person\'s without a correction row', async () => {
      await agent.patch(`/api/mentions/${triaged.id}/status`).set('X-XSRF-TOKEN', csrf).send({ status: 'in_progress' }).expect(200);
      const res = await patch(triaged.id, { intent: 'question' }).expect(200);
      expect(res.body).toMatchObject({ status: 'in_progress', intent: 'question', correctedLabels: ['intent'] });
      expect(res.body.explanations.intent.reasons).toEqual(['corrected by The agent']);
      expect(await env.documentOf(triaged.id)).toMatchObject({ status: 'in_progress', intent: 'question', correctedLabels: ['intent'] });
      expect(await rows(triaged.id)).toEqual([]);
    });

    it('answers 404 for a mention that does not exist', async () => {
      const id = 'rss-ffffffffffffffffffffffffffffffff';
      const res = await patch(id, { sentiment: 'negative' }).expect(404);
      expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
      expect(await rows(id)).toEqual([]);
    });

    it('a re-delivery by a collector keeps the person\'s labels and takes the pipeline\'s others', async () => {
      await patch(hostile.id, { sentiment: 'negative', category: 'flush', flushReason: 'spam' }).expect(200);
      // The same post, run through a newer pipeline that says otherwise about everything.
      await env.indexMentions([
        {
          ...hostile,
          sentiment: 'positive',
          category: 'service',
          flushReason: null,
          intent: 'question',
          pipelineVersion: 'p-2',
          explanations: { ...hostile.explanations, sentiment: { label: 'positive', confidence: 0.97, reasons: ['word "fine"'] } },
        },
      ]);
      const doc = await env.documentOf(hostile.id);
      expect(doc).toMatchObject({ sentiment: 'negative', category: 'flush', flushReason: 'spam', intent: 'question', pipelineVersion: 'p-2' });
      expect(doc?.explanations.sentiment.reasons).toEqual(['corrected by The agent']);
      const read = await agent.get(`/api/mentions/${hostile.id}`).expect(200);
      expect(read.body).toMatchObject({ sentiment: 'negative', category: 'flush', correctedLabels: ['sentiment', 'category', 'flushReason'] });
    });
  });

  describe('export', () => {
    const byId = <T extends { id: string }>(records: T[]) => new Map(records.map((r) => [r.id, r]));

    it('GET /api/corrections/export streams the latest labels per corrected mention as JSONL', async () => {
      const { agent: lead } = await env.login('lead');
      const res = await lead.get('/api/corrections/export').buffer(true).parse((r, done) => {
        let text = '';
        r.setEncoding('utf8');
        r.on('data', (chunk: string) => (text += chunk));
        r.on('end', () => done(null, text));
      }).expect(200);
      expect(res.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="ascolto-corrections-\d{4}-\d{2}-\d{2}\.jsonl"$/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');

      const lines = (res.body as string).split('\n').filter(Boolean);
      expect(lines).toHaveLength(4);
      const records = byId(lines.map((line) => JSON.parse(line)));
      expect(records.get(buried.id)).toEqual({ id: buried.id, text: buried.text, lang: 'it', sentiment: 'negative', category: 'flush', flushReason: 'no_action', intent: 'complaint' });
      expect(records.get(positive.id)).toEqual({ id: positive.id, text: positive.text, lang: 'it', sentiment: 'neutral', intent: 'complaint' });
      expect(records.get(spam.id)).toEqual({ id: spam.id, text: spam.text, lang: 'en', category: 'service' });
      expect(records.get(hostile.id)).toEqual({ id: hostile.id, text: HOSTILE, lang: 'it', sentiment: 'negative', category: 'flush', flushReason: 'spam' });
      expect(records.has(untouched.id)).toBe(false);
      expect(records.has(triaged.id)).toBe(false);
    });

    it('is refused to agents and analysts', async () => {
      await agent.get('/api/corrections/export').expect(403);
      const { agent: analyst } = await env.login('analyst');
      await analyst.get('/api/corrections/export').expect(403);
      const { agent: lead } = await env.login('lead');
      const bad = await lead.get('/api/corrections/export?since=yesterday').expect(400);
      expect(bad.body.message).toEqual(['since must be a valid ISO 8601 date string']);
    });

    it('export-corrections writes a file that nlp:train reads with the corrected labels, even after the mention is gone', async () => {
      // Retention deleted one mention: the export needs only PostgreSQL.
      const hit = (await env.es.search({ index: `${env.indexPrefix}mentions`, query: { ids: { values: [hostile.id] } } })).hits.hits[0];
      await env.es.delete({ index: hit._index, id: hostile.id, refresh: true });
      expect(await env.documentOf(hostile.id)).toBeUndefined();
      const file = join(tmp, 'corrections.jsonl');
      const out: string[] = [];
      await runExportCorrectionsCommand(['--out', file], env.env, (line) => out.push(line));
      expect(out).toEqual([`Wrote 4 corrected mention(s) to ${file}`]);
      expect(readFileSync(file, 'utf8').split('\n').filter(Boolean)).toHaveLength(4);

      const records = byId(readJsonl(file));
      expect(records.size).toBe(4);
      const hostileRecord = records.get(hostile.id)!;
      expect(hostileRecord.text).toBe(HOSTILE);
      expect(labelsOf(hostileRecord, 'corrections')).toEqual({ sentiment: 'negative', category: 'flush', flushReason: 'spam', language: 'it' });
      expect(labelsOf(records.get(positive.id)!, 'corrections')).toEqual({ sentiment: 'neutral', intent: 'complaint', complaint: 'yes', language: 'it' });
      expect(labelsOf(records.get(spam.id)!, 'corrections')).toEqual({ category: 'service', language: 'en' });
      // Exactly what `npm run nlp:train -- --corrections FILE` loads.
      const corpus = loadFileCorpus(file, 'corrections', 3);
      expect(corpus.map((item) => [item.record.id, item.labels.sentiment, item.weight]).sort()).toEqual(
        [
          [hostile.id, 'negative', 3],
          [positive.id, 'neutral', 3],
          [spam.id, undefined, 3],
          [buried.id, 'negative', 3],
        ].sort(),
      );
    });

    it('--since exports only mentions corrected from then on, each with all its latest labels', async () => {
      // `since` is about when a correction was recorded (applied), not when it was made.
      await env.db.dataSource.query(`UPDATE label_corrections SET applied_at = applied_at - interval '10 days' WHERE mention_id <> $1`, [positive.id]);
      await env.db.dataSource.query(`UPDATE label_corrections SET applied_at = now() - interval '10 days' WHERE mention_id = $1 AND kind = 'intent'`, [positive.id]);
      const file = join(tmp, 'recent.jsonl');
      const since = new Date(Date.now() - 24 * 3_600_000).toISOString();
      await runExportCorrectionsCommand(['--out', file, '--since', since], env.env, () => undefined);
      expect(readJsonl(file).map(({ id, sentiment, intent }) => ({ id, sentiment, intent }))).toEqual([{ id: positive.id, sentiment: 'neutral', intent: 'complaint' }]);
    });

    it('the command refuses bad arguments without touching the file', async () => {
      const file = join(tmp, 'kept.jsonl');
      writeFileSync(file, 'previous\n');
      await expect(runExportCorrectionsCommand(['--out', file, '--since', 'last week'], env.env, () => undefined)).rejects.toThrow(/--since must be an ISO 8601/);
      await expect(runExportCorrectionsCommand([], env.env, () => undefined)).rejects.toThrow(/--out is required/);
      expect(readFileSync(file, 'utf8')).toBe('previous\n');
    });
  });
});
