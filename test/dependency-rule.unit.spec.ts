import { join } from 'node:path';
import { checkPureFiles, forbiddenImports } from './support/dependency-rule';

describe('the dependency rule for deciders and events', () => {
  it('holds for every *.decider.ts and *.events.ts in libs', () => {
    expect(checkPureFiles(join(__dirname, '..'), ['libs'])).toEqual([]);
  });

  it('catches framework, storage, HTTP and adapter imports in any form', () => {
    const source = [
      "import { Injectable } from '@nestjs/common';",
      "import Database from 'better-sqlite3';",
      "import type { Pool } from 'pg';",
      "import { readFileSync } from 'node:fs';",
      "const http = require('http');",
      "const later = import('../postgres/postgres-event-store.adapter');",
      "import { CasesController } from './cases.controller';",
      "import { Decider } from '@app/ledger';",
      "import type { CaseEvent } from './case.events';",
    ].join('\n');
    expect(forbiddenImports('case.decider.ts', source).map((v) => v.specifier)).toEqual([
      '@nestjs/common',
      'better-sqlite3',
      'pg',
      'node:fs',
      'http',
      '../postgres/postgres-event-store.adapter',
      './cases.controller',
    ]);
  });
});
