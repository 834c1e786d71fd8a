import { caseEvents, editableCopy, genuineCaseBundle, InMemoryMerkleLog, recordEvents } from './case-bundle.fixture';
import {
  assembleBundle,
  BundleAssemblyError,
  EVIDENCE_BUNDLE_FORMAT,
  serializeBundle,
  toBundleEvent,
} from './evidence-bundle';
import { parseBundle } from './parse-bundle';
import { verifyBundle } from './verify-bundle';

const genuine = genuineCaseBundle({ events: 24, othersBetween: 3 });
const { bundle, keys, recorded } = genuine;

describe('an event put into a bundle', () => {
  it('keeps the recorded envelope, bigints as decimal strings, and the proof’s index and path only', () => {
    const event = { ...recorded[5]!, globalPosition: 9_007_199_254_740_993n };
    const proof = { leafIndex: 23, treeSize: 101, leafHash: 'ab'.repeat(32), auditPath: ['cd'.repeat(32)] };
    expect(toBundleEvent(event, proof)).toEqual({
      eventId: event.eventId,
      streamId: 'case-c1',
      revision: '5',
      globalPosition: '9007199254740993',
      type: 'PublicityStarted',
      schemaVersion: 1,
      data: event.data,
      metadata: event.metadata,
      recordedAt: event.recordedAt,
      integrity: event.integrity,
      proof: { leafIndex: 23, auditPath: ['cd'.repeat(32)] },
    });
  });

  it('is refused when its data is not an object or its leaf index is not a whole number', () => {
    expect(() => toBundleEvent({ ...recorded[0]!, data: [1] }, { leafIndex: 0, auditPath: [] })).toThrow(BundleAssemblyError);
    expect(() => toBundleEvent(recorded[0]!, { leafIndex: -1, auditPath: [] })).toThrow(/leaf index -1/);
  });
});

describe('assembling the bundle of a case', () => {
  it('declares the stream, the key, the revision range and the count, events in revision order', () => {
    const shuffled = [...bundle.events].reverse();
    const again = assembleBundle({ streamId: 'case-c1', treeHead: bundle.treeHead, events: shuffled, generatedAt: bundle.generatedAt });
    expect(again).toEqual(bundle);
    expect(bundle).toMatchObject({
      format: EVIDENCE_BUNDLE_FORMAT,
      streamId: 'case-c1',
      generatedAt: '2033-07-01T02:00:00.000Z',
      keyId: genuine.signer.keyId,
      revisions: { first: '0', last: '23' },
      eventCount: 24,
    });
    expect(bundle.events.map((e) => e.revision)).toEqual(Array.from({ length: 24 }, (_, i) => String(i)));
  });

  it('refuses events of another stream, a revision twice, no events, or events outside the declared range', () => {
    const base = { streamId: 'case-c1', treeHead: bundle.treeHead, generatedAt: bundle.generatedAt };
    expect(() => assembleBundle({ ...base, streamId: 'case-c2', events: bundle.events })).toThrow(/belongs to stream case-c1, not case-c2/);
    expect(() => assembleBundle({ ...base, events: [...bundle.events, bundle.events[3]!] })).toThrow(/revision 3 was given twice/);
    expect(() => assembleBundle({ ...base, events: [] })).toThrow(/at least one event/);
    expect(() => assembleBundle({ ...base, events: bundle.events, declaredRevisions: { first: 1n, last: 23n } })).toThrow(/revision 0 is outside/);
  });

  it('declares a wider range when told, so events deleted from the log’s end show as missing', () => {
    // The stream index says revision 25; the log only gave back 0..23.
    const cut = assembleBundle({
      streamId: 'case-c1',
      treeHead: bundle.treeHead,
      events: bundle.events,
      generatedAt: bundle.generatedAt,
      declaredRevisions: { first: 0n, last: 25n },
    });
    expect(cut).toMatchObject({ revisions: { first: '0', last: '25' }, eventCount: 26 });
    expect(verifyBundle(editableCopy(cut), keys.publicKeyPem).failures).toEqual([
      expect.objectContaining({ kind: 'missing-event', revision: '24', message: expect.stringContaining('revisions 24..25 are missing (2 events)') }),
    ]);
  });

  it('bundles a part of a stream: its first event is anchored where the range starts', () => {
    const part = assembleBundle({
      streamId: 'case-c1',
      treeHead: bundle.treeHead,
      events: bundle.events.slice(10),
      generatedAt: bundle.generatedAt,
    });
    expect(part.revisions).toEqual({ first: '10', last: '23' });
    expect(verifyBundle(editableCopy(part), keys.publicKeyPem)).toEqual({ ok: true, checked: { events: 14, proofs: 14 }, failures: [] });
  });

  it('writes a file that parses back to the same bundle', () => {
    const text = serializeBundle(bundle);
    expect(text.endsWith('}\n')).toBe(true);
    expect(parseBundle(JSON.parse(text))).toEqual({ ok: true, bundle });
  });

  it('is built from notary-shaped proofs against the head it is given', () => {
    const log = new InMemoryMerkleLog();
    const events = recordEvents('case-c9', caseEvents('c9', 3));
    const leaves = events.map((e) => log.append(e.integrity.hash));
    const proof = log.inclusionProof(leaves[1]!, 3);
    expect(proof).toEqual({ leafIndex: 1, treeSize: 3, leafHash: expect.stringMatching(/^[0-9a-f]{64}$/), auditPath: [expect.any(String), expect.any(String)] });
    const head = genuine.signer.sign({ treeSize: 3, rootHash: log.rootHex(3), timestamp: '2033-01-01T00:00:00.000Z' });
    const small = assembleBundle({
      streamId: 'case-c9',
      treeHead: head,
      generatedAt: '2033-01-01T00:00:01.000Z',
      events: events.map((e, i) => toBundleEvent(e, log.inclusionProof(leaves[i]!, 3))),
    });
    expect(verifyBundle(editableCopy(small), keys.publicKeyPem).ok).toBe(true);
  });
});

describe('parsing a bundle', () => {
  const problemsOf = (edit: (b: any) => void): { path: string; message: string }[] => {
    const copy = editableCopy(bundle);
    edit(copy);
    const parsed = parseBundle(copy);
    return parsed.ok ? [] : [...parsed.problems];
  };

  it.each<[string, (b: any) => void, { path: string; message: string | RegExp }[]]>([
    ['another format', (b) => (b.format = 'assistance-ledger/evidence-bundle/v2'), [{ path: '$.format', message: /must be "assistance-ledger\/evidence-bundle\/v1" \(got "assistance-ledger/ }]],
    ['no stream', (b) => delete b.streamId, [{ path: '$.streamId', message: 'is missing' }]],
    ['a member the format does not have', (b) => (b.events[2].note = 'trust me'), [{ path: '$.events[2].note', message: 'is not a member of the format' }]],
    ['a tree head without signature', (b) => delete b.treeHead.signature, [{ path: '$.treeHead.signature', message: 'is missing' }]],
    ['a negative tree size', (b) => (b.treeHead.treeSize = -1), [{ path: '$.treeHead.treeSize', message: 'must be a whole number ≥ 0 (got -1)' }]],
    ['a revision as a number', (b) => (b.events[4].revision = 4), [{ path: '$.events[4].revision', message: 'must be a decimal string (got 4)' }]],
    ['a revision beyond 2^53', (b) => (b.events[4].revision = '9007199254740993'), [{ path: '$.events[4].revision', message: /must be at most 9007199254740991/ }]],
    ['a leading zero in a position', (b) => (b.events[0].globalPosition = '01'), [{ path: '$.events[0].globalPosition', message: 'must be a decimal string (got "01")' }]],
    ['data that is not an object', (b) => (b.events[1].data = 'x'), [{ path: '$.events[1].data', message: 'must be a JSON object (got "x")' }]],
    ['a bad recording time', (b) => (b.events[1].recordedAt = 'yesterday'), [{ path: '$.events[1].recordedAt', message: 'must be an ISO 8601 instant (got "yesterday")' }]],
    ['a short hash in an audit path', (b) => (b.events[6].proof.auditPath[1] = 'abc'), [{ path: '$.events[6].proof.auditPath[1]', message: 'must be 64 lower-case hex digits (got "abc")' }]],
    ['a leaf index that is not whole', (b) => (b.events[6].proof.leafIndex = 1.5), [{ path: '$.events[6].proof.leafIndex', message: 'must be a whole number ≥ 0 (got 1.5)' }]],
    ['schema version 0', (b) => (b.events[6].schemaVersion = 0), [{ path: '$.events[6].schemaVersion', message: 'must be a whole number ≥ 1 (got 0)' }]],
    ['a count that disagrees with the range', (b) => (b.eventCount = 23), [{ path: '$.eventCount', message: 'must be last − first + 1 = 24 for revisions 0..23 (got 23)' }]],
    ['a range backwards', (b) => (b.revisions.first = '30'), [{ path: '$.revisions', message: 'first (30) is after last (23)' }]],
    ['no events', (b) => (b.events = []), [{ path: '$.events', message: 'must hold at least one event' }]],
    ['events as an object', (b) => (b.events = {}), [{ path: '$.events', message: 'must be an array (got an object)' }]],
  ])('names the path of %s', (_what, edit, expected) => {
    expect(problemsOf(edit)).toEqual(expected.map((p) => ({ path: p.path, message: typeof p.message === 'string' ? p.message : expect.stringMatching(p.message) })));
  });

  it('lists every problem, not just the first', () => {
    expect(
      problemsOf((b) => {
        delete b.keyId;
        b.events[0].integrity = null;
        b.events[9].proof = { leafIndex: 'x' };
      }).map((p) => p.path),
    ).toEqual(['$.keyId', '$.events[0].integrity', '$.events[9].proof.leafIndex', '$.events[9].proof.auditPath']);
  });

  it('refuses what is not an object', () => {
    for (const value of [null, 'bundle', 42, []]) {
      const parsed = parseBundle(value);
      expect(parsed.ok).toBe(false);
      expect(!parsed.ok && parsed.problems[0]!.path).toBe('$');
    }
  });
});
