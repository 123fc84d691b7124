// Elasticsearch goes down while the worker runs: nothing is lost, and when it is back the same
// items are indexed exactly once. This test stops and restarts a REAL node — a second one on its
// own port and data folder, so the node the other tests use keeps running.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { LoopbackFeedServer } from '@ascolto/testing';
import { WorkerHarness } from './worker-harness';

const PORT = process.env.OUTAGE_ES_PORT ?? '9251';
const script = resolve(__dirname, '../../../scripts/elasticsearch.sh');
const nodeEnv = { ...process.env, ES_PORT: PORT, ES_HEAP: '512m', ES_HOME_BASE: '/var/tmp/ascolto-es-outage-test' };
const es = (command: 'start' | 'stop') => execFileSync('bash', [script, command], { env: nodeEnv, stdio: 'inherit', timeout: 240_000 });

describe('an Elasticsearch outage during collection', () => {
  const feed = new LoopbackFeedServer();
  const harness = new WorkerHarness();
  let feedUrl: string;

  beforeAll(async () => {
    es('start');
    feedUrl = `${await feed.start()}/outage/feed.xml`;
    await harness.start({ ELASTICSEARCH_NODES: `http://127.0.0.1:${PORT}`, ES_REQUEST_TIMEOUT_MS: '3000' });
  }, 300_000);

  afterAll(async () => {
    await harness.stop();
    await feed.stop();
    es('stop');
  }, 120_000);

  it('fails the run without moving the cursor, then indexes the same items once when the node is back', async () => {
    const item = (n: number) => ({
      guid: `outage-${n}`,
      title: `Outage ${n}`,
      link: `https://forum.example/outage/${n}`,
      description: `Internet down again in Milano, ticket ${n}`,
      pubDate: new Date(Date.UTC(2026, 10, 21, 9, n)),
    });
    feed.setItems('/outage/feed.xml', [item(1), item(2)]);
    const source = await harness.addSource(feedUrl, 'Outage feed');
    await harness.runs.runSource(source.id);
    expect(await harness.indexedIds()).toHaveLength(2);
    const cursorBefore = await harness.cursorOf(source.id);

    es('stop');
    feed.addItem('/outage/feed.xml', item(3));
    feed.addItem('/outage/feed.xml', item(4));
    await harness.runs.runSource(source.id);
    const failed = (await harness.runsOf(source.id)).at(-1)!;
    expect(failed.status).toBe('failed');
    expect(failed.error).toBeTruthy();
    expect(await harness.cursorOf(source.id)).toEqual(cursorBefore);

    es('start');
    await harness.runs.runSource(source.id);
    const recovered = (await harness.runsOf(source.id)).at(-1)!;
    expect(recovered).toMatchObject({ status: 'succeeded', created: 2 });
    const ids = await harness.indexedIds();
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(4);

    // And once more: nothing new, nothing doubled.
    await harness.runs.runSource(source.id);
    expect(await harness.indexedIds()).toHaveLength(4);
  }, 300_000);
});
