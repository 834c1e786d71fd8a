import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** Files that hold a context's rules (deciders, events, queries, policies, plans): plain TypeScript. */
export const PURE_FILE = /\.(decider|events|queries|policy|plan)\.ts$/;

/** Framework, storage, HTTP and I/O modules that rules must never import. */
const FORBIDDEN: readonly RegExp[] = [
  /^@nestjs\//,
  /^express$/,
  /^better-sqlite3$/,
  /^pg(-.*)?$/,
  /^kysely/,
  /^@eventstore\//,
  /^(node:)?(fs|fs\/promises|http|https|http2|net|child_process|worker_threads|dgram)$/,
  /^rxjs/,
  /^(node:)?crypto$/,
  // The libraries' indexes bring the stores and the framework with them; rules use deep paths.
  /^@app\/(ledger|platform)$/,
  /^class-validator$/,
  /^class-transformer$/,
  // Within the project: adapters, controllers, modules and the store port's implementations.
  /\.(adapter|controller|module|projection|repository)$/,
  /\/(sqlite|postgres|eventstoredb|esdb)\//,
];

export interface Violation {
  readonly file: string;
  readonly specifier: string;
}

/** The forbidden imports (static, dynamic and require) of one source text. */
export function forbiddenImports(file: string, source: string): Violation[] {
  const info = ts.preProcessFile(source, true, true);
  return info.importedFiles
    .map((imported) => imported.fileName)
    .filter((specifier) => FORBIDDEN.some((rule) => rule.test(specifier)))
    .map((specifier) => ({ file, specifier }));
}

export function pureFilesUnder(root: string, dirs: readonly string[]): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules') walk(path);
      else if (entry.isFile() && PURE_FILE.test(entry.name) && !entry.name.endsWith('.spec.ts')) {
        found.push(relative(root, path));
      }
    }
  };
  for (const dir of dirs) walk(join(root, dir));
  return found;
}

export function checkPureFiles(root: string, dirs: readonly string[]): Violation[] {
  return pureFilesUnder(root, dirs).flatMap((file) =>
    forbiddenImports(file, readFileSync(join(root, file), 'utf8')),
  );
}

/** Where an import of a project file leads: a relative path or an `@app/<lib>/...` alias. */
function resolveImport(root: string, from: string, specifier: string): string | undefined {
  let base: string | undefined;
  if (specifier.startsWith('.')) base = resolve(dirname(from), specifier);
  else if (specifier.startsWith('@app/')) {
    const [lib, ...rest] = specifier.slice('@app/'.length).split('/');
    base = join(root, 'libs', lib, 'src', ...rest);
  }
  if (base === undefined) return undefined;
  return [`${base}.ts`, join(base, 'index.ts')].find((candidate) => existsSync(candidate));
}

/**
 * The pure files and every project file they reach, however indirectly: a rule that imports a
 * helper which imports a framework is no purer than one that imports it directly.
 */
export function pureClosure(root: string, dirs: readonly string[]): Map<string, string[]> {
  const reached = new Map<string, string[]>();
  const queue = pureFilesUnder(root, dirs).map((file) => join(root, file));
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (reached.has(file)) continue;
    const specifiers = ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((f) => f.fileName);
    reached.set(file, specifiers);
    for (const specifier of specifiers) {
      const next = resolveImport(root, file, specifier);
      if (next) queue.push(next);
    }
  }
  return reached;
}

export function checkPureClosure(root: string, dirs: readonly string[]): Violation[] {
  return [...pureClosure(root, dirs)].flatMap(([file, specifiers]) =>
    specifiers
      .filter((specifier) => FORBIDDEN.some((rule) => rule.test(specifier)))
      .map((specifier) => ({ file: relative(root, file), specifier })),
  );
}
