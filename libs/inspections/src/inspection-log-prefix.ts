import { eventLeafHash, MerkleFrontier } from '@app/integrity/merkle/merkle-tree';
import { type EventStore, LOG_START, type RecordedEvent } from '@app/ledger';

const PAGE = 2_000;

/**
 * Reads the first `treeSize` events of the global log in order (the Merkle log's leaves), offering
 * each with its leaf index, and returns the Merkle root recomputed from their hashes: what a signed
 * tree head of that size must state. Fewer events than `treeSize` is reported by `size`.
 */
export async function scanLogPrefix(
  store: EventStore,
  treeSize: number,
  visit: (event: RecordedEvent, leafIndex: number) => void,
): Promise<{ readonly size: number; readonly rootHash: string }> {
  const tree = new MerkleFrontier();
  for (let from = LOG_START; tree.size < treeSize; ) {
    const page = await store.readAll({ from, maxCount: Math.min(PAGE, treeSize - tree.size) });
    for (const event of page.events) {
      if (tree.size >= treeSize) break;
      visit(event, tree.size);
      tree.append(eventLeafHash(event.integrity.hash));
    }
    if (page.isEnd || page.events.length === 0) break;
    from = page.next;
  }
  return { size: tree.size, rootHash: tree.root().toString('hex') };
}
