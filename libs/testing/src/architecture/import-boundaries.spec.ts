import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { findViolations, importsOf } from './import-boundaries';

const repoRoot = resolve(__dirname, '../../../..');

describe('import boundaries of ARCHITECTURE.md', () => {
  it('hold for every source file in apps/ and libs/', () => {
    expect(findViolations(repoRoot)).toEqual([]);
  });

  describe('the checker', () => {
    let root: string;
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    };
    beforeEach(() => {
      root = mkdtempSync(join(tmpdir(), 'boundaries-'));
      mkdirSync(join(root, 'apps'));
      mkdirSync(join(root, 'libs'));
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    it('finds static, dynamic and require imports', () => {
      expect(importsOf(`import { a } from '@ascolto/nlp';\nconst b = await import("../x");\nrequire('y');\nimport 'z';`)).toEqual([
        '@ascolto/nlp',
        '../x',
        'y',
        'z',
      ]);
    });

    it('reports a lib that imports an app, nlp importing search, and the dashboard importing server code', () => {
      write('libs/search/src/a.ts', `import { x } from '../../../apps/api/src/main';`);
      write('libs/nlp/src/b.ts', `import { y } from '@ascolto/search';`);
      write('apps/dashboard/src/c.ts', `import { Injectable } from '@nestjs/common';\nimport { z } from '@ascolto/persistence';`);
      write('libs/domain/src/d.ts', `import { createHash } from 'node:crypto';`);
      const rules = findViolations(root).map((v) => `${v.file}: ${v.rule}`);
      expect(rules).toEqual(
        expect.arrayContaining([
          'libs/search/src/a.ts: libs/search may not import apps/api',
          'libs/nlp/src/b.ts: libs/nlp may not import libs/search',
          'apps/dashboard/src/c.ts: apps/dashboard must stay free of server packages',
          'apps/dashboard/src/c.ts: apps/dashboard may not import libs/persistence',
          'libs/domain/src/d.ts: libs/domain imports nothing but itself',
        ]),
      );
    });

    it('accepts allowed imports', () => {
      write('apps/api/src/a.ts', `import { x } from '@ascolto/search';\nimport { y } from '@ascolto/domain';`);
      write('libs/nlp/src/b.ts', `import type { Mention } from '@ascolto/domain';\nimport './c';`);
      expect(findViolations(root)).toEqual([]);
    });
  });
});
