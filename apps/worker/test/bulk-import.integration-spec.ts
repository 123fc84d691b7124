import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Mention } from '@ascolto/domain';
import { mentionId } from '@ascolto/collectors';
import { ImportJobEntity } from '@ascolto/persistence';
import { MentionIndexManager } from '@ascolto/search';
import { importSourceNamed, jobForFile, runImportCommand, sha256OfFile } from '../src/imports/import-command';
import { ImportRunnerService } from '../src/imports/import-runner.service';
import { WorkerHarness } from './worker-harness';

const REPO = resolve(__dirname, '../../..');

describe('bulk import', () => {
  const harness = new WorkerHarness();
  let dir: string;

  beforeAll(async () => {
    await harness.start();
    dir = await mkdtemp(join(tmpdir(), 'ascolto-import-test-'));
  });
  afterAll(async () => {
    await harness.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const runner = () => harness.app.get(ImportRunnerService);
  async function jobFor(name: string, content: string, sourceName: string, format: 'csv' | 'ndjson') {
    const path = join(dir, name);
    await writeFile(path, content);
    const source = await importSourceNamed(harness.dataSource, sourceName);
    const { job } = await jobForFile(harness.dataSource, { sourceId: source.id, fileName: name, filePath: path, sha256: await sha256OfFile(path), format, bytes: Buffer.byteLength(content), origin: 'cli' });
    return { job, source, path };
  }
  const jobState = (id: string) => harness.dataSource.getRepository(ImportJobEntity).findOneByOrFail({ id });

  it('imports a Brandwatch-like CSV (semicolons, quotes, multi-line text) and reports the bad rows', async () => {
    const csv = [
      'Date;Title;Full Text;Snippet;Url;Author;Sentiment;Twitter Followers;Mention Id;Custom',
      '2026-11-19 08:30:00;Ritardo;"Il corriere non è mai passato; pacco fermo";;https://example.com/p/1;Anna;negative;1200;bw-1;x',
      '19/11/2026 09:00;;;"solo lo snippet, con ""virgolette""";https://example.com/p/2;Bruno;neutral;;bw-2;y',
      'not a date;;testo;;;;;;bw-3;',
      '2026-11-19 10:00;;"=HYPERLINK(""http://evil"")";;javascript:alert(1);;;;bw-4;',
      '2026-11-19 11:00;;"riga\nsu due righe";;;Carla;;abc;bw-5;',
      '2026-11-19 12:00;;"=SUM(1,2) è testo per noi";;;Dario;;;bw-6;',
      '2026-11-19 13:00;;;;;;;;bw-7;',
      '',
    ].join('\n');
    const { job, source } = await jobFor('brandwatch.csv', csv, 'Brandwatch', 'csv');
    const outcome = await runner().run(job.id);
    expect(outcome.kind).toBe('finished');
    const done = await jobState(job.id);
    expect(done).toMatchObject({ status: 'succeeded', rowsDone: 7, imported: 3, rejectedCount: 4, created: 3, ignoredColumns: ['Custom'] });
    // Row numbers as a spreadsheet shows them (header = row 1); the multi-line record is row 6.
    expect(done.rejectedRows).toEqual([
      { row: 4, reason: 'publishedAt is not a date' },
      { row: 5, reason: 'url must be an absolute http(s) URL' },
      { row: 6, reason: 'author.followers must be a whole number ≥ 0' },
      { row: 8, reason: 'text is required' },
    ]);
    const docs = await harness.indexedMentions<Mention>();
    const first = docs.get(mentionId('import', source.id, 'bw-1'))!;
    expect(first).toMatchObject({ sourceType: 'import', title: 'Ritardo', content: 'Il corriere non è mai passato; pacco fermo', publishedAt: '2026-11-19T08:30:00.000Z', author: { name: 'Anna', followers: 1200 } });
    // Brandwatch's own sentiment column is not taken: the pipeline scores the text itself.
    expect(first.sentiment).toBeDefined();
    expect(docs.get(mentionId('import', source.id, 'bw-2'))).toMatchObject({ content: 'solo lo snippet, con "virgolette"', publishedAt: '2026-11-19T09:00:00.000Z' });
    // A formula-looking text is just text here; the CSV report and exports neutralise it.
    expect(docs.get(mentionId('import', source.id, 'bw-6'))).toMatchObject({ content: '=SUM(1,2) è testo per noi', author: { name: 'Dario' } });
  });

  it('imports NDJSON with broken lines and keys rows without an id by their content', async () => {
    const lines = [
      JSON.stringify({ id: 'n1', text: 'Bolletta sbagliata di nuovo', publishedAt: '2026-11-18T10:00:00Z', author: { name: 'Eva', handle: '@eva' }, engagement: { likes: 4 } }),
      '{"id": "n2", "text": "troncato',
      '[1, 2, 3]',
      '',
      JSON.stringify({ message: 'Senza id ma con data', created_time: '2026-11-18 11:00:00' }),
      JSON.stringify({ id: 'n5', text: 'x', publishedAt: '2026-11-18T12:00:00Z', url: 'file:///etc/passwd' }),
      JSON.stringify({ id: 'n6', text: 'y'.repeat(100), publishedAt: '2026-11-18T12:00:00Z', deleted: true }),
    ].join('\r\n');
    const { job, source } = await jobFor('export.ndjson', lines, 'Archivio', 'ndjson');
    await runner().run(job.id);
    const done = await jobState(job.id);
    expect(done).toMatchObject({ status: 'succeeded', rowsDone: 6, rejectedCount: 3 });
    expect(done.rejectedRows).toEqual([
      { row: 2, reason: 'line is not valid JSON' },
      { row: 3, reason: 'line is not a JSON object' },
      { row: 6, reason: 'url must be an absolute http(s) URL' },
    ]);
    const docs = await harness.indexedMentions<Mention>();
    expect(docs.get(mentionId('import', source.id, 'n1'))).toMatchObject({ author: { name: 'Eva', handle: '@eva' }, engagement: { likes: 4 } });
    const withoutId = [...docs.values()].find((m) => m.sourceId === source.id && m.content === 'Senza id ma con data');
    expect(withoutId?.externalId).toMatch(/^row-[0-9a-f]{32}$/);
    // A deleted row that carries its text is indexed already marked (text kept).
    expect(docs.get(mentionId('import', source.id, 'n6'))).toMatchObject({ deletedAtSource: expect.any(String) });
  });

  it('refuses a CSV without a text column as a whole, with the reason on the job', async () => {
    const { job } = await jobFor('bad.csv', 'date,url\n2026-11-19,https://example.com\n', 'Bad', 'csv');
    await runner().run(job.id);
    expect(await jobState(job.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/^no text column/) });
  });

  function rowsCsv(n: number, prefix: string): string {
    const out = ['id,date,text'];
    for (let i = 1; i <= n; i++) out.push(`${prefix}-${i},2026-11-17T${String(i % 24).padStart(2, '0')}:00:00Z,"messaggio numero ${i} sul servizio clienti"`);
    return `${out.join('\n')}\n`;
  }

  it('resumes after a crash between indexing a batch and its checkpoint: no duplicates, no gaps', async () => {
    const { job, source } = await jobFor('crash.csv', rowsCsv(120, 'cr'), 'Crash', 'csv');
    const real = runner().checkpoint.bind(runner());
    let calls = 0;
    const checkpoint = jest.spyOn(runner(), 'checkpoint').mockImplementation(async (...args) => {
      if (++calls === 2) throw new Error('process killed before the checkpoint');
      return real(...args);
    });
    await runner().run(job.id, { batchRows: 25 });
    checkpoint.mockRestore();
    const stopped = await jobState(job.id);
    // Batch 1 checkpointed, batch 2 indexed but not checkpointed: the job waits to be resumed.
    expect(stopped).toMatchObject({ status: 'pending', rowsDone: 25, error: 'process killed before the checkpoint' });

    await runner().run(job.id, { batchRows: 25 });
    const done = await jobState(job.id);
    expect(done).toMatchObject({ status: 'succeeded', rowsDone: 120, imported: 120, rejectedCount: 0 });
    const ids = (await harness.indexedIds()).filter((id) => id.startsWith('import-'));
    const expected = Array.from({ length: 120 }, (_v, i) => mentionId('import', source.id, `cr-${i + 1}`));
    expect(ids.filter((id) => expected.includes(id)).sort()).toEqual([...expected].sort());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('resumes after the import command is killed in the middle (SIGKILL), from its last checkpoint', async () => {
    const path = join(dir, 'big.csv');
    await writeFile(path, rowsCsv(3000, 'big'));
    const env = { ...process.env, DATABASE_URL: harness.db.url, ES_INDEX_PREFIX: harness.indexPrefix, LOG_LEVEL: 'error' };
    const command = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/worker/src/imports/import-cli.ts', path, '--source-name', 'Killed', '--batch-rows', '50'];
    const child = spawn(process.execPath, command, { cwd: REPO, env, stdio: 'ignore' });
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    // Wait until some batches are checkpointed, then kill without warning.
    const deadline = Date.now() + 90_000;
    let rowsDone = 0;
    while (Date.now() < deadline) {
      const [row] = await harness.dataSource.query(`SELECT j.rows_done FROM import_jobs j JOIN sources s ON s.id = j.source_id WHERE s.name = 'Killed'`);
      rowsDone = row?.rows_done ?? 0;
      if (rowsDone >= 200) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    await exited;
    expect(rowsDone).toBeGreaterThanOrEqual(200);
    const killed = await harness.dataSource.query(`SELECT j.id, j.status, j.rows_done FROM import_jobs j JOIN sources s ON s.id = j.source_id WHERE s.name = 'Killed'`);
    expect(killed[0].status).toBe('running');
    expect(killed[0].rows_done).toBeLessThan(3000);

    const lines: string[] = [];
    const code = await runImportCommand([path, '--source-name', 'Killed', '--batch-rows', '500'], env, (line) => lines.push(line), { progressBar: false });
    expect(code).toBe(0);
    expect(lines.join('\n')).toMatch(new RegExp(`Resuming job ${killed[0].id} from row \\d+`));
    const done = await jobState(killed[0].id);
    expect(done).toMatchObject({ status: 'succeeded', rowsDone: 3000, imported: 3000 });
    const source = await importSourceNamed(harness.dataSource, 'Killed');
    const ids = new Set((await harness.indexedIds()).filter((id) => id.startsWith('import-')));
    for (let i = 1; i <= 3000; i++) expect(ids.has(mentionId('import', source.id, `big-${i}`))).toBe(true);
    const alias = harness.app.get(MentionIndexManager).readAlias;
    const count = await harness.search.count({ index: alias, query: { term: { sourceId: source.id } } });
    expect(count.count).toBe(3000);

    // The same file again: recognised, not imported twice.
    const again: string[] = [];
    await expect(runImportCommand([path, '--source-name', 'Killed'], env, (line) => again.push(line), { progressBar: false })).resolves.toBe(0);
    expect(again.join('\n')).toMatch(/already imported/);
  });
});
