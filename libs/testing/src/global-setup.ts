// Runs once before the integration and end-to-end tiers. Tests that need PostgreSQL or
// Elasticsearch must fail loudly when either is missing, never skip: so we check both up front
// and stop the run with a message that says how to start them.
import { Client } from 'pg';

export default async function globalSetup(): Promise<void> {
  const databaseUrl = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const esNode = (process.env.ELASTICSEARCH_NODES ?? 'http://127.0.0.1:9200').split(',')[0];
  const problems: string[] = [];

  const pg = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  try {
    await pg.connect();
    await pg.query('SELECT 1');
  } catch (error) {
    problems.push(`PostgreSQL at ${databaseUrl} is not reachable (${(error as Error).message}).`);
  } finally {
    await pg.end().catch(() => undefined);
  }

  try {
    const response = await fetch(`${esNode}/_cluster/health`, { signal: AbortSignal.timeout(5000) });
    const body = (await response.json()) as { status?: string };
    if (!response.ok || !['green', 'yellow'].includes(body.status ?? '')) {
      problems.push(`Elasticsearch at ${esNode} answered ${response.status} with status ${body.status}.`);
    }
  } catch (error) {
    problems.push(`Elasticsearch at ${esNode} is not reachable (${(error as Error).message}).`);
  }

  if (problems.length) {
    throw new Error(
      `Integration tests need the real services:\n  ${problems.join('\n  ')}\n` +
        'Start them with `bash scripts/services.sh start` (or run everything with `bash scripts/test.sh`).',
    );
  }
}
