import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** Files that hold a context's rules: they must stay plain TypeScript. */
export const PURE_FILE = /\.(decider|events)\.ts$/;

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
  /^class-validator$/,
  /^class-transformer$/,
  // Within the project: adapters, controllers, modules and the store port's implementations.
  /\.(adapter|controller|module|projection|repository)$/,
  /\/(sqlite|postgres|eventstoredb)\//,
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
