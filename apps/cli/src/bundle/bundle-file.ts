import { type EvidenceBundle, publicKeyIdOf, serializeBundle } from '@app/integrity/bundle';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** A bundle or key file that cannot be read or is not what it should be: a usage error (exit 2). */
export class BundleFileError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = new.target.name;
  }
}

/** The JSON value in a bundle file; its shape is for `parseBundle`/`verifyBundle` to judge. */
export function readBundleFile(file: string): unknown {
  const text = readText(file);
  try {
    // A byte-order mark is what some editors on Windows leave; it is not part of the JSON.
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (error) {
    throw new BundleFileError(resolve(file), `not JSON (${(error as Error).message})`);
  }
}

/** An Ed25519 public key in PEM, with its key id. */
export function readPublicKeyFile(file: string): { readonly pem: string; readonly keyId: string } {
  const pem = readText(file);
  try {
    return { pem, keyId: publicKeyIdOf(pem) };
  } catch (error) {
    throw new BundleFileError(resolve(file), `not an Ed25519 public key in PEM (${(error as Error).message})`);
  }
}

/** Writes a bundle for an inspector; never over an existing file (for `ledger bundle export`). */
export function writeBundleFile(file: string, bundle: EvidenceBundle): void {
  try {
    writeFileSync(resolve(file), serializeBundle(bundle), { encoding: 'utf8', flag: 'wx' });
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'EEXIST' ? 'exists: choose a new file' : (error as Error).message;
    throw new BundleFileError(resolve(file), reason);
  }
}

function readText(file: string): string {
  try {
    return readFileSync(resolve(file), 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new BundleFileError(resolve(file), `cannot be read (${reason})`);
  }
}
