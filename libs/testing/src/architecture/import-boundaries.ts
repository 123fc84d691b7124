// The import rules of ARCHITECTURE.md ("Layout"), checked on the source text so they hold for
// every file, including ones no test imports. Used by import-boundaries.spec.ts.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export type Area =
  | 'apps/api'
  | 'apps/worker'
  | 'apps/dashboard'
  | 'libs/domain'
  | 'libs/nlp'
  | 'libs/collectors'
  | 'libs/search'
  | 'libs/persistence'
  | 'libs/testing'
  | 'outside';

const ALIASES: Record<string, Area> = {
  '@ascolto/domain': 'libs/domain',
  '@ascolto/nlp': 'libs/nlp',
  '@ascolto/collectors': 'libs/collectors',
  '@ascolto/search': 'libs/search',
  '@ascolto/persistence': 'libs/persistence',
  '@ascolto/testing': 'libs/testing',
};

/** What each area may import of ours (itself is always allowed). */
const ALLOWED: Record<Exclude<Area, 'outside'>, Area[]> = {
  'libs/domain': [],
  'libs/nlp': ['libs/domain'],
  'libs/collectors': ['libs/domain'],
  'libs/search': ['libs/domain'],
  'libs/persistence': ['libs/domain'],
  'libs/testing': ['libs/domain', 'libs/nlp', 'libs/collectors', 'libs/search', 'libs/persistence'],
  'apps/api': ['libs/domain', 'libs/nlp', 'libs/collectors', 'libs/search', 'libs/persistence'],
  'apps/worker': ['libs/domain', 'libs/nlp', 'libs/collectors', 'libs/search', 'libs/persistence'],
  'apps/dashboard': ['libs/domain'],
};

/** Test code may also use the test harness, and end-to-end tests start both apps. */
const ALLOWED_IN_TESTS: Area[] = ['libs/testing', 'apps/api', 'apps/worker'];

/** npm packages that must never reach the browser bundle or the framework-free libs. */
const SERVER_PACKAGES = /^(@nestjs\/|typeorm$|pg$|@elastic\/|argon2$|node-cron$|undici$|node:)/;

export interface Violation {
  file: string;
  specifier: string;
  rule: string;
}

export function areaOf(root: string, absolutePath: string): Area {
  const rel = relative(root, absolutePath).split(sep).join('/');
  const match = /^(apps|libs)\/([^/]+)/.exec(rel);
  if (!match) return 'outside';
  const area = `${match[1]}/${match[2]}` as Area;
  return area in ALLOWED ? area : 'outside';
}

function isTestFile(file: string): boolean {
  return /\.(spec|integration-spec|e2e-spec)\.ts$/.test(file) || /\/test\//.test(file) || /\/testing\//.test(file);
}

const IMPORT_PATTERN = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;

export function importsOf(source: string): string[] {
  const specifiers: string[] = [];
  for (const match of source.matchAll(IMPORT_PATTERN)) specifiers.push(match[1]);
  return specifiers;
}

function listTsFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist' || entry.startsWith('.')) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) listTsFiles(path, out);
    else if (entry.endsWith('.ts')) out.push(path);
  }
  return out;
}

export function findViolations(root: string): Violation[] {
  const violations: Violation[] = [];
  const files = [...listTsFiles(join(root, 'apps')), ...listTsFiles(join(root, 'libs'))];
  for (const file of files) {
    const area = areaOf(root, file);
    if (area === 'outside') continue;
    const rel = relative(root, file).split(sep).join('/');
    // The checker's own spec holds deliberately bad imports inside string fixtures.
    if (rel.endsWith('architecture/import-boundaries.spec.ts')) continue;
    const allowed = new Set<Area>([area, ...ALLOWED[area], ...(isTestFile(rel) ? ALLOWED_IN_TESTS : [])]);
    for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
      let target: Area | null = null;
      if (specifier.startsWith('.')) {
        target = areaOf(root, resolve(dirname(file), specifier));
        if (target === 'outside') {
          violations.push({ file: rel, specifier, rule: 'relative import leaves apps/ and libs/' });
          continue;
        }
      } else {
        const alias = Object.keys(ALIASES).find((name) => specifier === name || specifier.startsWith(`${name}/`));
        if (alias) target = ALIASES[alias];
      }
      if (target && !allowed.has(target)) {
        violations.push({ file: rel, specifier, rule: `${area} may not import ${target}` });
      }
      const frameworkFree = area === 'libs/domain' || area === 'apps/dashboard';
      if (frameworkFree && !isTestFile(rel) && SERVER_PACKAGES.test(specifier)) {
        violations.push({ file: rel, specifier, rule: `${area} must stay free of server packages` });
      }
      if (area === 'libs/domain' && !specifier.startsWith('.')) {
        violations.push({ file: rel, specifier, rule: 'libs/domain imports nothing but itself' });
      }
    }
  }
  return violations;
}
