import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';

/**
 * Writes a private key file only if it does not exist yet (mode 0600); false when another process
 * got there first. The content goes to a temporary file that is linked into place, so exactly one
 * writer wins and nobody reads a half-written key.
 */
export function createKeyFileExclusively(file: string, content: string): boolean {
  const temporary = temporaryName(file);
  writeFileSync(temporary, content, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temporary);
  }
}

/** Writes a public file (mode 0644) atomically unless it already holds `content`. */
export function writePublicFile(file: string, content: string): 'created' | 'rewritten' | 'unchanged' {
  const existed = existsSync(file);
  if (existed && readFileSync(file, 'utf8') === content) return 'unchanged';
  const temporary = temporaryName(file);
  writeFileSync(temporary, content, { mode: 0o644 });
  renameSync(temporary, file);
  return existed ? 'rewritten' : 'created';
}

function temporaryName(file: string): string {
  return `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
}
