import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, join, resolve, sep } from 'node:path';

/** Where the console's static files live, relative to the repository root. */
export const CONSOLE_PUBLIC_DIR = join('apps', 'console', 'public');

/** The browser modules the console imports by bare name (see the import map in index.html). */
export const VENDOR_MODULES: Readonly<Record<string, string>> = Object.freeze({
  'preact.mjs': join('node_modules', 'preact', 'dist', 'preact.mjs'),
  'hooks.mjs': join('node_modules', 'preact', 'hooks', 'dist', 'hooks.mjs'),
  'htm.mjs': join('node_modules', 'htm', 'dist', 'htm.mjs'),
  // CommonJS only: served wrapped as an ES module (commonJsAsModule).
  'canonicalize.mjs': join('node_modules', 'canonicalize', 'lib', 'canonicalize.js'),
});

/** The vendor files that are CommonJS, with the licence their wrapper names. */
const COMMONJS_VENDOR: Readonly<Record<string, string>> = Object.freeze({
  'canonicalize.mjs': 'canonicalize (RFC 8785 JSON canonicalisation), Apache License 2.0: node_modules/canonicalize/LICENSE',
});

/**
 * A CommonJS file with no require() as an ES module whose default export is its module.exports:
 * the file's own code, unchanged, inside a function given `module` and `exports`.
 */
export function commonJsAsModule(source: string, notice: string): string {
  return (
    `// ${notice}\n` +
    'const module = { exports: {} };\n' +
    '(function (module, exports) {\n' +
    `${source}\n` +
    '})(module, module.exports);\n' +
    'export default module.exports;\n'
  );
}

export const CONTENT_TYPES: Readonly<Record<string, string>> = Object.freeze({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
});

/**
 * The repository root: the nearest directory above `from` (or the working directory) that holds
 * the console. The same lookup finds it from the sources (tests) and from dist/ (`npm start`),
 * so the build copies nothing.
 */
export function findConsoleRoot(from: readonly string[] = [__dirname, process.cwd()]): string {
  for (const start of from) {
    let dir = resolve(start);
    for (;;) {
      if (existsSync(join(dir, CONSOLE_PUBLIC_DIR, 'index.html'))) return dir;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new Error(`the web console's files (${CONSOLE_PUBLIC_DIR}/index.html) are not found above ${from.join(' or ')}`);
}

/** The console's files on disk: index.html with its Content-Security-Policy, modules, styles. */
export class ConsoleFiles {
  readonly publicDir: string;
  readonly index: Buffer;
  /**
   * The import map is the page's only inline script; the policy allows exactly it by its hash.
   * No `upgrade-insecure-requests`: an office network may serve the console over plain http.
   */
  readonly contentSecurityPolicy: string;

  constructor(readonly root: string = findConsoleRoot()) {
    this.publicDir = join(root, CONSOLE_PUBLIC_DIR);
    this.index = readFileSync(join(this.publicDir, 'index.html'));
    const importMap = /<script type="importmap">([\s\S]*?)<\/script>/.exec(this.index.toString('utf8'));
    const hash = importMap ? `'sha256-${createHash('sha256').update(importMap[1], 'utf8').digest('base64')}'` : '';
    this.contentSecurityPolicy = [
      "default-src 'self'",
      `script-src 'self' ${hash}`.trim(),
      "style-src 'self'",
      "img-src 'self' data: blob:",
      "connect-src 'self'",
      "font-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'self'",
      "script-src-attr 'none'",
    ].join('; ');
  }

  /** A file under public/ by its path below /console/, or undefined (never outside the folder). */
  file(relativePath: string): { readonly body: Buffer; readonly contentType: string } | undefined {
    const contentType = CONTENT_TYPES[extname(relativePath).toLowerCase()];
    if (!contentType || relativePath.includes('\0')) return undefined;
    const vendor = relativePath.startsWith('vendor/') ? VENDOR_MODULES[relativePath.slice('vendor/'.length)] : undefined;
    const path = vendor ? join(this.root, vendor) : resolve(this.publicDir, relativePath);
    if (!vendor && !path.startsWith(this.publicDir + sep)) return undefined;
    if (!existsSync(path)) return undefined;
    const notice = vendor ? COMMONJS_VENDOR[relativePath.slice('vendor/'.length)] : undefined;
    const body = notice ? Buffer.from(commonJsAsModule(readFileSync(path, 'utf8'), notice), 'utf8') : readFileSync(path);
    return { body, contentType };
  }
}
