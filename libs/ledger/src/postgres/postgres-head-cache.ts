/** A stream's last revision and hash; revision -1 and no hash for a stream that does not exist. */
export interface Head {
  readonly revision: bigint;
  readonly hash: string | null;
}

export const NO_STREAM: Head = { revision: -1n, hash: null };

/**
 * The heads this process last saw, so that most appends can be sealed without reading the head
 * first. Only a guess: the append checks it in the database. Bounded, least recently written
 * streams leaving first.
 */
export class HeadCache {
  private readonly heads = new Map<string, Head>();

  constructor(private readonly capacity: number) {}

  get(streamId: string): Head | undefined {
    return this.heads.get(streamId);
  }

  /** Keeps the newer of two heads, unless the database just said which one is current. */
  remember(streamId: string, head: Head, current = false): void {
    const known = this.heads.get(streamId);
    if (known !== undefined && !current && known.revision >= head.revision) return;
    this.heads.delete(streamId);
    this.heads.set(streamId, head);
    if (this.heads.size > this.capacity) this.heads.delete(this.heads.keys().next().value as string);
  }
}
