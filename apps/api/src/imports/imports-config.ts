import { isAbsolute, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';

export interface ImportsConfig {
  /** Absolute folder where uploads wait for the worker (API and worker must both see it). */
  dir: string;
  maxUploadBytes: number;
}

/**
 * IMPORT_DIR (default `<system temp>/ascolto-imports`) and IMPORT_MAX_UPLOAD_MB (default 200,
 * at most 2048). Read here rather than in ApiConfig so the feature carries its own settings.
 */
export function loadImportsConfig(env: NodeJS.ProcessEnv = process.env): ImportsConfig {
  const dirRaw = env.IMPORT_DIR?.trim();
  const dir = dirRaw ? (isAbsolute(dirRaw) ? dirRaw : resolve(process.cwd(), dirRaw)) : join(tmpdir(), 'ascolto-imports');
  const mbRaw = env.IMPORT_MAX_UPLOAD_MB?.trim();
  const mb = mbRaw ? Number(mbRaw) : 200;
  if (!Number.isInteger(mb) || mb < 1 || mb > 2048) throw new Error(`IMPORT_MAX_UPLOAD_MB must be an integer between 1 and 2048 (got "${mbRaw}")`);
  return { dir, maxUploadBytes: mb * 1024 * 1024 };
}
