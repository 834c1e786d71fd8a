import type { EventMetadata, NewEvent, RecordedEvent } from '@app/ledger/envelope';
import { GENESIS_HASH, sealEvents } from '@app/ledger/hash-chain';
import { createHash } from 'node:crypto';
import {
  eventLeafHash,
  type Hash,
  hashRanges,
  inclusionProofPlan,
  MerkleFrontier,
  nodeKey,
  nodesFor,
  rootPlan,
} from '../merkle/merkle-tree';
import { generateTreeHeadKeyPair, type SignedTreeHead, type TreeHeadKeyPair, TreeHeadSigner } from '../merkle/tree-head';
import { assembleBundle, type EvidenceBundle, toBundleEvent } from './evidence-bundle';

/**
 * Test support: a genuine bundle built the way production builds one. Events are sealed by the
 * ledger's own `sealEvents`, leaves go through `MerkleFrontier` with its completed nodes stored by
 * key, and proofs are planned and read as the notary reads them.
 */

/** The notary's tree in memory: complete subtrees kept by key, proofs read from them. */
export class InMemoryMerkleLog {
  private readonly frontier = new MerkleFrontier();
  private readonly nodes = new Map<string, Hash>();

  get size(): number {
    return this.frontier.size;
  }

  /** Appends an event hash (hex); returns its leaf index. */
  append(eventHashHex: string): number {
    const index = this.frontier.size;
    for (const { node, hash } of this.frontier.append(eventLeafHash(eventHashHex))) this.nodes.set(nodeKey(node), hash);
    return index;
  }

  rootHex(size = this.size): string {
    return this.read(rootPlan(size))[0]!.toString('hex');
  }

  /** The proof in the notary's shape: {leafIndex, treeSize, leafHash, auditPath}. */
  inclusionProof(leafIndex: number, treeSize = this.size): { leafIndex: number; treeSize: number; leafHash: string; auditPath: string[] } {
    return {
      leafIndex,
      treeSize,
      leafHash: this.nodes.get(nodeKey({ level: 0, index: leafIndex }))!.toString('hex'),
      auditPath: this.read(inclusionProofPlan(leafIndex, treeSize)).map((hash) => hash.toString('hex')),
    };
  }

  private read(ranges: ReturnType<typeof rootPlan>): Hash[] {
    const needed = new Map(nodesFor(ranges).map((node) => [nodeKey(node), this.nodes.get(nodeKey(node))!]));
    return hashRanges(ranges, needed);
  }
}

const TOWNSHIP = '330602001';
const DAY = 86_400_000;

function meta(actor: EventMetadata['actor'], occurredAt: number, n: number): EventMetadata {
  return {
    actor,
    commandId: `cmd-${n}`,
    correlationId: `corr-${Math.floor(n / 3)}`,
    causationId: n > 0 ? `cmd-${n - 1}` : null,
    occurredAt: new Date(occurredAt).toISOString(),
  };
}

/**
 * A dibao case from application to monthly payments: intake, investigation, publicity, approval,
 * then a payment scheduled and settled each month, with a review every twelve months.
 */
export function caseEvents(caseId: string, count: number, start = Date.parse('2021-03-01T01:00:00.000Z')): NewEvent[] {
  const clerk = { id: 'clerk-1', role: 'intake-clerk', unit: TOWNSHIP };
  const investigator = { id: 'investigator-2', role: 'caseworker', unit: TOWNSHIP };
  const approver = { id: 'approver-1', role: 'township-approver', unit: TOWNSHIP };
  const system = { id: 'batch-runner', role: 'system', unit: '330602' };
  const opening: [EventMetadata['actor'], string, Record<string, unknown>][] = [
    [clerk, 'ApplicationSubmitted', {
      caseId, programme: 'dibao', townshipCode: TOWNSHIP, submittedOn: '2021-03-01',
      household: { members: [{ relation: 'applicant' }, { relation: 'spouse' }], monthlyIncomeFen: { wages: 90_000 } },
      personal: { members: [{ name: '王建国', idNumber: '330602198001010011' }, { name: '李秀英', idNumber: '330602198203040026' }] },
    }],
    [clerk, 'ApplicationAccepted', { caseId, acceptedOn: '2021-03-01', decisionDueBy: '2021-03-29' }],
    [investigator, 'MeansCheckReported', { caseId, findings: { deposits: 'none', vehicles: 0, realEstateUnits: 1 } }],
    [investigator, 'HomeVisitRecorded', { caseId, visitedOn: '2021-03-05', visitors: ['investigator-2', 'clerk-1'] }],
    [investigator, 'PreliminaryOpinionGiven', { caseId, opinion: 'eligible', monthlyAmountFen: 62_000 }],
    [clerk, 'PublicityStarted', { caseId, from: '2021-03-09', until: '2021-03-15', board: '村务公开栏' }],
    [approver, 'CaseApproved', { caseId, approvedOn: '2021-03-17', monthlyAmountFen: 62_000, level: 'township', delegationId: 'delegation-330602001-1' }],
  ];
  const events: NewEvent[] = [];
  for (let n = 0; n < count; n++) {
    const at = start + n * 3 * DAY;
    const eventId = `00000000-0000-4000-8000-${caseId.padStart(6, '0')}${String(n).padStart(6, '0')}`;
    if (n < opening.length) {
      const [actor, type, data] = opening[n]!;
      events.push({ eventId, type, data, metadata: meta(actor, at, n) });
      continue;
    }
    const month = Math.floor((n - opening.length) / 2);
    const period = new Date(Date.UTC(2021, 3 + month, 1)).toISOString().slice(0, 7);
    if ((n - opening.length) % 2 === 0) {
      const review = month > 0 && month % 12 === 0;
      events.push({
        eventId,
        type: review ? 'AnnualReviewCompleted' : 'PaymentScheduled',
        data: review ? { caseId, reviewedOn: `${period}-01`, outcome: 'continued' } : { caseId, period, amountFen: 62_000, batchId: `batch-${TOWNSHIP}-${period.replace('-', '')}` },
        metadata: meta(review ? investigator : system, at, n),
      });
    } else {
      events.push({
        eventId,
        type: 'PaymentSettled',
        data: { caseId, period, amountFen: 62_000, personal: { bankAccount: '6228480402564890018' } },
        metadata: meta(system, at, n),
      });
    }
  }
  return events;
}

/**
 * The events as the store reads them back: sealed by the ledger, data and metadata parsed from the
 * canonical JSON stored, as if the stream were alone in the log, recorded a second after it happened.
 */
export function recordEvents(streamId: string, events: readonly NewEvent[]): RecordedEvent[] {
  return sealEvents(streamId, 0n, GENESIS_HASH, events).map((sealed) => ({
    eventId: sealed.eventId,
    streamId,
    revision: sealed.revision,
    globalPosition: sealed.revision + 1n,
    checkpoint: (sealed.revision + 1n).toString().padStart(20, '0'),
    type: sealed.type,
    schemaVersion: sealed.schemaVersion,
    data: JSON.parse(sealed.dataJson) as unknown,
    metadata: JSON.parse(sealed.metadataJson) as EventMetadata,
    recordedAt: new Date(Date.parse(events[Number(sealed.revision)]!.metadata.occurredAt) + 1_000).toISOString(),
    integrity: { prevHash: sealed.prevHash, hash: sealed.hash },
  }));
}

export interface GenuineBundle {
  readonly bundle: EvidenceBundle;
  readonly keys: TreeHeadKeyPair;
  readonly signer: TreeHeadSigner;
  readonly log: InMemoryMerkleLog;
  readonly recorded: readonly RecordedEvent[];
}

/**
 * A case stream of `events` events interleaved in the global log with other streams' events
 * (`othersBetween` leaves before each), a tree head signed a little after the case's last event,
 * and the bundle of the case against it.
 */
export function genuineCaseBundle(options: { events?: number; othersBetween?: number; keys?: TreeHeadKeyPair } = {}): GenuineBundle {
  const count = options.events ?? 150;
  const othersBetween = options.othersBetween ?? 7;
  const keys = options.keys ?? generateTreeHeadKeyPair();
  const signer = new TreeHeadSigner(keys.privateKeyPem);
  const log = new InMemoryMerkleLog();
  const other = (n: number): string => createHash('sha256').update(`another stream's event ${n}`).digest('hex');
  let others = 0;
  const positions: bigint[] = [];
  const leafIndexes: number[] = [];
  const streamId = 'case-c1';
  const sealed = recordEvents(streamId, caseEvents('c1', count));
  for (const event of sealed) {
    for (let k = 0; k < othersBetween; k++) log.append(other(others++));
    leafIndexes.push(log.append(event.integrity.hash));
    positions.push(BigInt(log.size));
  }
  for (let k = 0; k < 5; k++) log.append(other(others++));
  const recorded = sealed.map((event, i) => ({ ...event, globalPosition: positions[i]!, checkpoint: positions[i]!.toString().padStart(20, '0') }));
  const treeHead: SignedTreeHead = signer.sign({ treeSize: log.size, rootHash: log.rootHex(), timestamp: '2033-06-30T16:00:00.000Z' });
  const bundle = assembleBundle({
    streamId,
    treeHead,
    generatedAt: '2033-07-01T02:00:00.000Z',
    events: recorded.map((event, i) => toBundleEvent(event, log.inclusionProof(leafIndexes[i]!, treeHead.treeSize))),
  });
  return { bundle, keys, signer, log, recorded };
}

/** A deep, mutable copy, as a tamperer would have after reading the file. */
export function editableCopy(bundle: EvidenceBundle): any {
  return JSON.parse(JSON.stringify(bundle));
}
