import { join } from 'node:path';
import { checkPureClosure, checkPureFiles, forbiddenImports, pureClosure } from './support/dependency-rule';

describe('the dependency rule for deciders and events', () => {
  const root = join(__dirname, '..');

  it('holds for every *.decider.ts and *.events.ts in libs', () => {
    expect(checkPureFiles(root, ['libs'])).toEqual([]);
  });

  it('holds for every project file they reach, however indirectly', () => {
    const reached = [...pureClosure(root, ['libs']).keys()];
    // The walk really follows imports: the deciders reach the calendar and the ledger's domain types.
    expect(reached.some((file) => file.includes(join('libs', 'calendar', 'src')))).toBe(true);
    expect(reached.some((file) => file.endsWith(join('libs', 'ledger', 'src', 'domain.ts')))).toBe(true);
    expect(checkPureClosure(root, ['libs'])).toEqual([]);
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
      "import { Decider } from '@app/ledger/decider';",
      "import { handleCommand } from '@app/ledger';",
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
      '@app/ledger',
    ]);
  });
});
