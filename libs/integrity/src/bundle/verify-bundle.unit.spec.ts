import { hashEvent } from '@app/ledger/hash-chain';
import { generateKeyPairSync } from 'node:crypto';
import { generateTreeHeadKeyPair, TreeHeadSigner } from '../merkle/tree-head';
import { editableCopy, genuineCaseBundle } from './case-bundle.fixture';
import { serializeBundle } from './evidence-bundle';
import { type BundleFailure, verifyBundle } from './verify-bundle';

const genuine = genuineCaseBundle({ events: 150, othersBetween: 7 });
const { keys } = genuine;
/** What an inspector has: the file's text parsed, nothing shared with the ledger's objects. */
const received = (): any => JSON.parse(serializeBundle(genuine.bundle));
const kinds = (failures: readonly BundleFailure[]): string[] => failures.map((f) => f.kind);

/** Rehashes an event after an edit, as a tamperer who knows the hash rule would. */
function rehash(event: any): void {
  event.integrity.hash = hashEvent({ ...event, revision: BigInt(event.revision), prevHash: event.integrity.prevHash });
}

describe('a genuine evidence bundle of a 150-event case', () => {
  it('verifies with the ledger’s public key alone, every event and every proof checked', () => {
    const result = verifyBundle(received(), keys.publicKeyPem);
    expect(result).toEqual({ ok: true, checked: { events: 150, proofs: 150 }, failures: [] });
    // The case's leaves are spread over a larger log, so proofs are not trivially short.
    expect(genuine.bundle.treeHead.treeSize).toBe(150 * 8 + 5);
    expect(genuine.bundle.events[149]!.proof.leafIndex).toBe(150 * 8 - 1);
  });

  it('verifies whatever order the events are listed in', () => {
    const bundle = received();
    bundle.events.reverse();
    expect(verifyBundle(bundle, keys.publicKeyPem).ok).toBe(true);
  });

  it('verifies a short case that is the whole log, from leaf 0', () => {
    const small = genuineCaseBundle({ events: 12, othersBetween: 0, keys });
    expect(small.bundle.treeHead.treeSize).toBe(17);
    expect(verifyBundle(editableCopy(small.bundle), keys.publicKeyPem)).toEqual({ ok: true, checked: { events: 12, proofs: 12 }, failures: [] });
  });
});

describe('an event edited after it was recorded', () => {
  it('fails on content, naming the event by stream, revision and id', () => {
    const bundle = received();
    bundle.events[42].data.amountFen = 99_000;
    const result = verifyBundle(bundle, keys.publicKeyPem);
    expect(result.ok).toBe(false);
    expect(result.failures).toEqual([
      {
        kind: 'content',
        streamId: 'case-c1',
        revision: '42',
        eventId: bundle.events[42].eventId,
        message: expect.stringMatching(/^stream case-c1 revision 42 \(event [0-9a-f-]+\): the content does not match its hash/),
      },
    ]);
  });

  it('fails on content when the metadata or type is edited, too', () => {
    const bundle = received();
    bundle.events[3].metadata.actor.id = 'someone-else';
    bundle.events[9].type = 'PaymentCancelled';
    expect(verifyBundle(bundle, keys.publicKeyPem).failures.map((f) => [f.kind, f.revision])).toEqual([
      ['content', '3'],
      ['content', '9'],
    ]);
  });

  it('rehashed by the tamperer, fails its inclusion proof and the next event’s link', () => {
    const bundle = received();
    bundle.events[42].data.amountFen = 99_000;
    rehash(bundle.events[42]);
    const result = verifyBundle(bundle, keys.publicKeyPem);
    expect(result.failures.map((f) => [f.kind, f.revision])).toEqual([
      ['proof', '42'],
      ['chain', '43'],
    ]);
    expect(result.failures[1]!.message).toMatch(/revision 43 .*prevHash .* is not the hash of revision 42/);
  });
});

describe('an event removed from the bundle', () => {
  it.each([
    ['from the middle', 42],
    ['at the start', 0],
    ['at the end', 149],
  ])('fails %s as a missing event, naming its revision', (_where, revision) => {
    const bundle = received();
    bundle.events.splice(revision, 1);
    const result = verifyBundle(bundle, keys.publicKeyPem);
    expect(result.failures).toEqual([
      {
        kind: 'missing-event',
        streamId: 'case-c1',
        revision: String(revision),
        message: `stream case-c1: revision ${revision} is missing from the bundle, which declares revisions 0..149`,
      },
    ]);
    expect(result.checked).toEqual({ events: 149, proofs: 149 });
  });

  it('fails even when the declared range and count are edited to match', () => {
    const bundle = received();
    bundle.events.splice(10, 5);
    bundle.revisions.last = '144';
    bundle.eventCount = 145;
    expect(verifyBundle(bundle, keys.publicKeyPem).failures.map((f) => [f.kind, f.revision])).toEqual([
      ['missing-event', '10'],
      ['chain', '145'],
      ['chain', '146'],
      ['chain', '147'],
      ['chain', '148'],
      ['chain', '149'],
    ]);
  });

  it('fails when an event is listed twice or belongs to another stream', () => {
    const bundle = received();
    bundle.events.push(editableCopy(bundle.events[7]));
    bundle.events[20].streamId = 'case-c2';
    const failures = verifyBundle(bundle, keys.publicKeyPem).failures;
    expect(failures.map((f) => [f.kind, f.revision])).toEqual([
      ['chain', '7'],
      ['content', '20'],
      ['chain', '20'],
      ['missing-event', '20'],
    ]);
    expect(failures[0]!.message).toMatch(/revision 7 appears twice/);
    expect(failures[2]!.message).toMatch(/belongs to stream case-c2, not to the bundle's stream case-c1/);
  });

  it('fails when revision 0 does not start from the genesis hash', () => {
    const bundle = received();
    bundle.events[0].integrity.prevHash = 'ab'.repeat(32);
    rehash(bundle.events[0]);
    expect(verifyBundle(bundle, keys.publicKeyPem).failures.map((f) => [f.kind, f.revision])).toEqual([
      ['proof', '0'],
      ['chain', '0'],
      ['chain', '1'],
    ]);
  });
});

describe('an inclusion proof that does not hold', () => {
  it('fails when a node of an audit path is changed, naming the event', () => {
    const bundle = received();
    const path: string[] = bundle.events[77].proof.auditPath;
    path[3] = path[3]!.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    const result = verifyBundle(bundle, keys.publicKeyPem);
    expect(result.failures).toEqual([
      expect.objectContaining({ kind: 'proof', revision: '77', message: expect.stringMatching(/inclusion proof of leaf \d+ does not lead to the root/) }),
    ]);
  });

  it('fails when the leaf index is moved, shortened or outside the tree', () => {
    const bundle = received();
    bundle.events[5].proof.leafIndex += 1;
    bundle.events[6].proof.auditPath.pop();
    bundle.events[7].proof.leafIndex = bundle.treeHead.treeSize;
    const failures = verifyBundle(bundle, keys.publicKeyPem).failures;
    expect(failures.map((f) => [f.kind, f.revision])).toEqual([
      ['proof', '5'],
      ['proof', '6'],
      ['proof', '7'],
    ]);
    expect(failures[2]!.message).toMatch(/leaf index 1205 is outside the signed tree of size 1205/);
  });
});

describe('a tree head that is not the ledger’s', () => {
  it('fails on the key when another key signed it', () => {
    const forger = new TreeHeadSigner(generateTreeHeadKeyPair().privateKeyPem);
    const bundle = received();
    bundle.treeHead = forger.sign(bundle.treeHead);
    bundle.keyId = forger.keyId;
    const failures = verifyBundle(bundle, keys.publicKeyPem).failures;
    expect(kinds(failures)).toEqual(['key']);
    expect(failures[0]!.message).toContain(forger.keyId);
    expect(failures[0]!.message).toContain(genuine.signer.keyId);
  });

  it('fails on the signature when another key signed it and the key id was relabelled', () => {
    const forger = new TreeHeadSigner(generateTreeHeadKeyPair().privateKeyPem);
    const bundle = received();
    bundle.treeHead = { ...forger.sign(bundle.treeHead), keyId: genuine.signer.keyId };
    expect(verifyBundle(bundle, keys.publicKeyPem).failures).toEqual([
      { kind: 'signature', message: expect.stringMatching(/signature of the tree head of size 1205 does not verify/) },
    ]);
  });

  it('fails on the signature when its size is changed, and the proofs no longer hold', () => {
    const bundle = received();
    bundle.treeHead.treeSize += 1;
    const failures = verifyBundle(bundle, keys.publicKeyPem).failures;
    expect(failures[0]).toEqual({ kind: 'signature', message: expect.stringMatching(/does not verify/) });
    expect(failures.slice(1).every((f) => f.kind === 'proof')).toBe(true);
  });

  it('fails on the signature and every proof when its root is changed', () => {
    const bundle = received();
    bundle.treeHead.rootHash = 'cd'.repeat(32);
    const failures = verifyBundle(bundle, keys.publicKeyPem).failures;
    expect(kinds(failures)).toEqual(['signature', ...Array(150).fill('proof')]);
  });

  it('fails on the key when the bundle names another key than its head, or the key is unusable', () => {
    const bundle = received();
    bundle.keyId = 'ef'.repeat(32);
    expect(verifyBundle(bundle, keys.publicKeyPem).failures).toEqual([{ kind: 'key', message: expect.stringMatching(/bundle names key efef.* tree head was signed by key/) }]);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(verifyBundle(received(), rsa).failures).toEqual([{ kind: 'key', message: expect.stringMatching(/not Ed25519/) }]);
    expect(verifyBundle(received(), 'not a key').failures).toEqual([{ kind: 'key', message: expect.stringMatching(/cannot be used/) }]);
  });
});

describe('a bundle tampered in several places', () => {
  it('reports every failure, tree head first, then in revision order', () => {
    const bundle = received();
    bundle.treeHead.timestamp = '2033-06-30T16:00:00.001Z';
    bundle.events[120].data.period = '2099-01';
    bundle.events.splice(60, 1);
    bundle.events[10].proof.auditPath[0] = '00'.repeat(32);
    const result = verifyBundle(bundle, keys.publicKeyPem);
    expect(result.failures.map((f) => [f.kind, f.revision])).toEqual([
      ['signature', undefined],
      ['proof', '10'],
      ['missing-event', '60'],
      ['content', '120'],
    ]);
  });
});

describe('a malformed bundle', () => {
  it('fails on format, naming each malformed member by its path, and is not checked further', () => {
    const bundle = received();
    bundle.events[3].revision = 3;
    delete bundle.events[8].integrity.hash;
    bundle.treeHead.rootHash = bundle.treeHead.rootHash.toUpperCase();
    const result = verifyBundle(bundle, keys.publicKeyPem);
    expect(result).toEqual({
      ok: false,
      checked: { events: 0, proofs: 0 },
      failures: [
        { kind: 'format', path: '$.treeHead.rootHash', message: expect.stringMatching(/^\$\.treeHead\.rootHash must be 64 lower-case hex digits/) },
        { kind: 'format', path: '$.events[3].revision', message: '$.events[3].revision must be a decimal string (got 3)' },
        { kind: 'format', path: '$.events[8].integrity.hash', message: '$.events[8].integrity.hash is missing' },
      ],
    });
  });

  it('fails on format for something that is not a bundle at all', () => {
    expect(verifyBundle([1, 2], keys.publicKeyPem).failures).toEqual([
      { kind: 'format', path: '$', message: '$ must be a JSON object (got an array)' },
    ]);
  });
});
