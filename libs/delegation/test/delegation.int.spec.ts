import { randomUUID } from 'node:crypto';
import { handleCommand, load, SqliteEventStore } from '@app/ledger';
import type { Actor, EventMetadata } from '@app/ledger/envelope';
import {
  createDelegationDecider,
  DEFAULT_DELEGATION_POLICY,
  type DelegationCommand,
  delegationStreamId,
  explainDelegation,
} from '../src';

const decider = createDelegationDecider(DEFAULT_DELEGATION_POLICY);
const reviewer: Actor = { id: 'official-yc-1', role: 'county-reviewer', unit: '330602' };
const TOWNSHIP = '330602001';

describe('a township’s delegation register in a real store', () => {
  let store: SqliteEventStore;
  beforeEach(() => (store = SqliteEventStore.open({ file: ':memory:' })));
  afterEach(async () => store.close());

  const run = (type: DelegationCommand['type'], data: Record<string, unknown>, now: string) => {
    const command = {
      type,
      data: { townshipCode: TOWNSHIP, delegationId: 'dlg-1', ...data },
      metadata: { now, actor: reviewer },
    } as DelegationCommand;
    const metadata: EventMetadata = {
      actor: reviewer,
      commandId: randomUUID(),
      correlationId: randomUUID(),
      causationId: null,
      occurredAt: now,
    };
    return handleCommand(store, decider, delegationStreamId(TOWNSHIP), command, {
      metadata,
      newEventId: randomUUID,
    });
  };

  it('keeps grant, suspension and revocation, and answers as of any instant after a reload', async () => {
    await run(
      'GrantDelegation',
      {
        programmes: [{ programme: 'temporary', maxAmountFen: 300_000 }],
        validFrom: '2021-07-01',
        validTo: '2022-07-01',
        document: '越民〔2021〕12号',
      },
      '2021-06-30T02:00:00.000Z',
    );
    await run('SuspendDelegation', { reason: '抽查发现审核不规范' }, '2021-08-01T02:00:00.000Z');
    await run('ResumeDelegation', {}, '2021-09-01T02:00:00.000Z');
    await run('RevokeDelegation', { reason: '整改不到位' }, '2021-10-01T02:00:00.000Z');

    const { state, revision } = await load(store, decider, 'delegation-330602001');
    expect(revision).toBe(3n);
    const ask = (at: string, amountFen: number) => explainDelegation(state, at, 'temporary', amountFen);
    expect(ask('2021-07-15T02:00:00.000Z', 300_000)).toMatchObject({ inForce: true });
    expect(ask('2021-07-15T02:00:00.000Z', 300_001)).toMatchObject({ reason: 'over-cap' });
    expect(ask('2021-08-15T02:00:00.000Z', 1)).toMatchObject({ reason: 'suspended' });
    expect(ask('2021-09-15T02:00:00.000Z', 1)).toMatchObject({ inForce: true });
    expect(ask('2021-10-15T02:00:00.000Z', 1)).toMatchObject({ reason: 'revoked', delegationId: 'dlg-1' });
  });
});
