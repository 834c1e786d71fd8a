import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/**
 * The batch rules stay plain TypeScript: the deciders, events and the run plan, and every file
 * of this library they reach, import only the library's own files and the pure deep paths below;
 * nothing they reach, however indirectly, pulls in a framework, storage, I/O or the ledger's index
 * (which brings the stores with it).
 */
const ROOT = resolve(__dirname, '../../..');
const SRC = resolve(__dirname, '../src');
const ALLOWED = [
  '@app/ledger/domain',
  '@app/ledger/envelope',
  '@app/ledger/decider',
  '@app/platform/roles',
  '@app/platform/jurisdiction',
  '@app/calendar',
];
const FORBIDDEN_ANYWHERE = [
  /^@nestjs\//,
  /^(node:)?(fs|http|https|net|child_process|worker_threads|crypto)(\/|$)/,
  /^better-sqlite3$/,
  /^pg$/,
  /^rxjs/,
  /^@app\/ledger$/,
  /^@app\/platform$/,
];

function importsOf(file: string): string[] {
  return ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((f) => f.fileName);
}

function ruleFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return ruleFiles(path);
    return /\.(decider|events|plan|queries)\.ts$/.test(entry.name) ? [path] : [];
  });
}

function resolveImport(from: string, specifier: string): string | undefined {
  const base = specifier.startsWith('.')
    ? resolve(dirname(from), specifier)
    : specifier.startsWith('@app/')
      ? join(ROOT, 'libs', specifier.slice(5).split('/')[0], 'src', ...specifier.slice(5).split('/').slice(1))
      : undefined;
  if (base === undefined) return undefined;
  return [`${base}.ts`, join(base, 'index.ts')].find(existsSync);
}

/** The rule files and everything they import, transitively, with each file's imports. */
function closure(): Map<string, string[]> {
  const reached = new Map<string, string[]>();
  const queue = ruleFiles(SRC);
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (reached.has(file)) continue;
    const specifiers = importsOf(file);
    reached.set(file, specifiers);
    for (const specifier of specifiers) {
      const next = resolveImport(file, specifier);
      if (next) queue.push(next);
    }
  }
  return reached;
}

describe('the dependencies of the batch rules', () => {
  const reached = closure();

  it('are only the library’s own files and the pure deep paths', () => {
    const outside = [...reached]
      .filter(([file]) => file.startsWith(SRC))
      .flatMap(([file, specifiers]) =>
        specifiers
          .filter((specifier) => !specifier.startsWith('./') && !ALLOWED.includes(specifier))
          .map((specifier) => `${relative(ROOT, file)} imports ${specifier}`),
      );
    expect(outside).toEqual([]);
    expect([...reached.keys()].filter((file) => file.startsWith(SRC)).length).toBeGreaterThan(8);
  });

  it('never reach a framework, storage, I/O or the ledger index, even indirectly', () => {
    const violations = [...reached].flatMap(([file, specifiers]) =>
      specifiers
        .filter((specifier) => FORBIDDEN_ANYWHERE.some((rule) => rule.test(specifier)))
        .map((specifier) => `${relative(ROOT, file)} imports ${specifier}`),
    );
    expect(violations).toEqual([]);
    expect([...reached.keys()].some((file) => file.includes(join('libs', 'calendar')))).toBe(true);
  });
});
