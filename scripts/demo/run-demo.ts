// Orchestrates the demo: a loopback feed that keeps publishing, demo data in PostgreSQL, and the
// built api and worker as child processes. Started by scripts/demo.sh, which has already made
// sure the services run and the apps are built.
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as argon2 from 'argon2';
import { DataSource } from 'typeorm';
import {
  CredentialCipher,
  dataSourceOptions,
  loadDatabaseConfig,
  migrateDatabase,
  SourceEntity,
  TopicEntity,
  UserEntity,
} from '@ascolto/persistence';
import type { SourceSettingValue, SourceType } from '@ascolto/domain';
import {
  AppStoreFakeServer,
  DEMO_HASHTAG,
  DEMO_TOPIC,
  DemoFeedPublisher,
  DemoSourcesPublisher,
  DiscourseFakeServer,
  FakeMastodonServer,
  LoopbackFeedServer,
} from '@ascolto/testing';

const DEMO_EMAIL = process.env.DEMO_EMAIL ?? 'demo@ascolto.local';
const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? 'ascolto-demo';
const PORT = process.env.PORT ?? '3000';
const FEED_PATH = '/vela-mobile/community.xml';
const DEMO_APP_ID = '1499999999';
const DEMO_COUNTRY = 'it';

/** A demo source of some type, pointed at its loopback fake (which listens on a new port each run). */
interface DemoSourceSpec {
  type: SourceType;
  name: string;
  url: string;
  schedule: string;
  settings?: Record<string, SourceSettingValue>;
  /** Stored encrypted, as the API stores them (scripts/demo.sh provides the key). */
  credentials?: Record<string, string>;
}
const LOG_DIR = join(process.cwd(), 'test-output', 'demo-logs');

async function seed(demoSources: DemoSourceSpec[]): Promise<void> {
  const database = loadDatabaseConfig();
  const ran = await migrateDatabase(database);
  if (ran.length) console.log(`[demo] applied migrations: ${ran.join(', ')}`);
  const dataSource = new DataSource(dataSourceOptions(database));
  await dataSource.initialize();
  try {
    const users = dataSource.getRepository(UserEntity);
    const existing = await users.findOneBy({ email: DEMO_EMAIL });
    const passwordHash = await argon2.hash(DEMO_PASSWORD, { type: argon2.argon2id });
    if (existing) {
      await users.update({ id: existing.id }, { passwordHash, disabledAt: null, role: 'admin' });
    } else {
      await users.save(users.create({ email: DEMO_EMAIL, name: 'Giulia Demo', passwordHash, role: 'admin', locale: 'it' }));
    }

    const topics = dataSource.getRepository(TopicEntity);
    let topic = await topics.findOneBy({ name: DEMO_TOPIC.name });
    topic ??= await topics.save(
      topics.create({ name: DEMO_TOPIC.name, query: DEMO_TOPIC.query, languages: [...DEMO_TOPIC.languages] }),
    );

    // The fakes listen on new ports each run, so the demo sources' URLs are refreshed every time.
    const sources = dataSource.getRepository(SourceEntity);
    const cipher = CredentialCipher.fromEnv();
    for (const spec of demoSources) {
      const existing = await sources.findOneBy({ name: spec.name });
      const fields = { url: spec.url, enabled: true, topicId: topic.id, settings: spec.settings ?? {}, attention: null, backoffUntil: null, consecutiveFailures: 0 };
      const id = existing ? existing.id : (await sources.save(sources.create({ type: spec.type, name: spec.name, schedule: spec.schedule, ...fields }))).id;
      if (existing) await sources.update({ id }, fields);
      // The cipher binds the source id in, so credentials are written once the row exists.
      if (spec.credentials) await sources.update({ id }, { credentialsEncrypted: cipher.encrypt(id, spec.credentials) });
    }
  } finally {
    await dataSource.destroy();
  }
}

function startApp(name: 'api' | 'worker', env: NodeJS.ProcessEnv): ChildProcess {
  const log = createWriteStream(join(LOG_DIR, `${name}.log`), { flags: 'a' });
  const child = spawn(process.execPath, [join('dist', 'apps', name, 'main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[${name}] ${chunk}`));
  child.on('exit', (code, signal) => {
    if (!shuttingDown) {
      console.error(`[demo] the ${name} exited (${signal ?? code}); see ${join(LOG_DIR, `${name}.log`)}`);
      void shutdown(1);
    }
  });
  return child;
}

let shuttingDown = false;
const children: ChildProcess[] = [];
let feed: LoopbackFeedServer | null = null;
let publisher: DemoFeedPublisher | null = null;
let otherPublisher: DemoSourcesPublisher | null = null;
const fakes: Array<{ stop(): Promise<void> }> = [];

async function shutdown(code: number): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  console.log('\n[demo] stopping…');
  publisher?.stop();
  otherPublisher?.stop();
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)))));
  await feed?.stop();
  for (const fake of fakes) await fake.stop();
  process.exit(code);
}

async function main(): Promise<void> {
  mkdirSync(LOG_DIR, { recursive: true });
  feed = new LoopbackFeedServer();
  const base = await feed.start();
  const feedUrl = `${base}${FEED_PATH}`;
  publisher = new DemoFeedPublisher(feed, FEED_PATH, { intervalSeconds: 4 });
  publisher.start(12);

  // Other source types, each behind a loopback fake of its real API: a Mastodon hashtag, a care
  // forum on Discourse, and the App Store reviews of the operator's app.
  const mastodon = new FakeMastodonServer({ username: 'velamobile', display_name: 'Vela Mobile' });
  const discourse = new DiscourseFakeServer();
  const appstore = new AppStoreFakeServer();
  const [mastodonUrl, discourseUrl, appstoreUrl] = [await mastodon.start(), await discourse.start(), await appstore.start()];
  fakes.push(mastodon, discourse, appstore);
  otherPublisher = new DemoSourcesPublisher({ mastodon, discourse, appstore, appId: DEMO_APP_ID, country: DEMO_COUNTRY }, { intervalSeconds: 6 });
  otherPublisher.start(6);

  await seed([
    { type: 'rss', name: 'Vela Mobile — community feed (demo)', url: feedUrl, schedule: '*/10 * * * * *' },
    { type: 'mastodon', name: `Mastodon #${DEMO_HASHTAG} (demo)`, url: mastodonUrl, schedule: '*/15 * * * * *', settings: { mode: 'hashtag', hashtag: DEMO_HASHTAG } },
    // The brand account's mentions: posts written to the brand (the inbox's "Written to the brand" filter).
    {
      type: 'mastodon',
      name: `Mastodon — menzioni di @${mastodon.brand.username} (demo)`,
      url: mastodonUrl,
      schedule: '*/15 * * * * *',
      settings: { mode: 'mentions' },
      credentials: { accessToken: [...mastodon.tokens][0] },
    },
    { type: 'discourse', name: 'Forum assistenza Vela (demo)', url: discourseUrl, schedule: '*/20 * * * * *', settings: { mode: 'latest', ownForum: true } },
    { type: 'appstore', name: 'App Vela — recensioni App Store (demo)', url: appstoreUrl, schedule: '*/30 * * * * *', settings: { appId: DEMO_APP_ID, country: DEMO_COUNTRY } },
  ]);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT,
    // The demo feed runs on loopback, which the outbound guard refuses unless allow-listed.
    OUTBOUND_ALLOWLIST: process.env.OUTBOUND_ALLOWLIST ?? '127.0.0.1',
  };
  children.push(startApp('api', env), startApp('worker', env));
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  const url = `http://127.0.0.1:${PORT}`;
  for (let attempt = 0; attempt < 60; attempt += 1) {
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.status < 500 || attempt > 20) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  console.log(`
  Ascolto is running with demo data.

    Dashboard:  ${url}
    Login:      ${DEMO_EMAIL}
    Password:   ${DEMO_PASSWORD}
    API docs:   ${url}/api/docs
    Demo feed:  ${feedUrl} (a new post every 4 s)
    Also:       Mastodon #${DEMO_HASHTAG} and mentions of the brand's account, a Discourse care forum and App Store reviews (loopback fakes, a post every 6 s)
    Logs:       ${LOG_DIR}

  Press Ctrl-C to stop.
`);
}

main().catch(async (error: Error) => {
  console.error(`[demo] ${error.stack ?? error.message}`);
  await shutdown(1);
});
