import { randomUUID } from 'node:crypto';
import {
  CommandIdConflictError,
  type Decider,
  type DomainEvent,
  handleCommand,
  load,
  SqliteEventStore,
  WrongExpectedRevisionError,
} from '../src';
import { metadata } from './fixtures';

type Command = { type: 'Submit'; data: { amount: number } } | { type: 'Approve'; data: { by: string } };
type Event = DomainEvent<'Submitted', { amount: number }> | DomainEvent<'Approved', { by: string }>;
type State = { status: 'none' | 'submitted' | 'approved'; amount: number };

class NotSubmitted extends Error {}

const decider: Decider<Command, Event, State> = {
  initialState: () => ({ status: 'none', amount: 0 }),
  decide: (command, state) => {
    switch (command.type) {
      case 'Submit':
        return state.status === 'none' ? [{ type: 'Submitted', data: command.data }] : [];
      case 'Approve':
        if (state.status !== 'submitted') throw new NotSubmitted();
        return [{ type: 'Approved', data: command.data }];
      default: {
        const exhaustive: never = command;
        return exhaustive;
      }
    }
  },
  evolve: (state, event) => {
    switch (event.type) {
      case 'Submitted':
        return { status: 'submitted', amount: event.data.amount };
      case 'Approved':
        return { ...state, status: 'approved' };
      default: {
        const exhaustive: never = event;
        return exhaustive;
      }
    }
  },
};

describe('the command path', () => {
  let store: SqliteEventStore;
  beforeEach(() => (store = SqliteEventStore.open({ file: ':memory:' })));
  afterEach(async () => store.close());

  const run = (command: Command, commandId: string = randomUUID(), expectedRevision?: bigint | 'no-stream') =>
    handleCommand(store, decider, 'case-1', command, {
      metadata: metadata({ commandId }),
      newEventId: randomUUID,
      expectedRevision,
    });

  it('reads, folds, decides and appends, returning the recorded events and the new state', async () => {
    await run({ type: 'Submit', data: { amount: 850 } });
    const result = await run({ type: 'Approve', data: { by: 'o-7' } }, 'cmd-approve');

    expect(result.replayed).toBe(false);
    expect(result.revision).toBe(1n);
    expect(result.state).toEqual({ status: 'approved', amount: 850 });
    expect(result.events).toEqual([expect.objectContaining({ type: 'Approved', revision: 1n, data: { by: 'o-7' } })]);
    expect(result.events[0].metadata.commandId).toBe('cmd-approve');
  });

  it('gives a retried command its first result and appends nothing more', async () => {
    await run({ type: 'Submit', data: { amount: 850 } });
    const first = await run({ type: 'Approve', data: { by: 'o-7' } }, 'cmd-approve');
    // The retry would be refused if it were decided again: the case is no longer 'submitted'.
    const retry = await run({ type: 'Approve', data: { by: 'o-7' } }, 'cmd-approve');

    expect(retry.replayed).toBe(true);
    expect(retry.events.map((e) => e.eventId)).toEqual(first.events.map((e) => e.eventId));
    expect(retry.state).toEqual(first.state);
    expect(await store.readStream('case-1')).toHaveLength(2);
  });

  it('refuses a client that saw an older revision (If-Match)', async () => {
    await run({ type: 'Submit', data: { amount: 850 } });
    await expect(run({ type: 'Approve', data: { by: 'o-7' } }, randomUUID(), 'no-stream')).rejects.toMatchObject({
      streamId: 'case-1',
      expected: 'no-stream',
      actual: 0n,
    });
    expect(await store.readStream('case-1')).toHaveLength(1);
  });

  it('decides again on fresh state when another writer got in first', async () => {
    const results = await Promise.all([
      run({ type: 'Submit', data: { amount: 850 } }),
      run({ type: 'Submit', data: { amount: 890 } }),
    ]);
    // Both read 'none'; one appended, the other re-read, re-decided and found nothing to do.
    expect(results.map((r) => r.events.length).sort()).toEqual([0, 1]);
    expect((await load(store, decider, 'case-1')).revision).toBe(0n);
  });

  it('appends nothing when the decision is empty, and lets domain errors through', async () => {
    await expect(run({ type: 'Approve', data: { by: 'o-7' } })).rejects.toBeInstanceOf(NotSubmitted);
    await run({ type: 'Submit', data: { amount: 850 } });
    const again = await run({ type: 'Submit', data: { amount: 1 } });
    expect(again).toMatchObject({ events: [], revision: 0n, state: { amount: 850 } });
  });

  it('refuses a command id that was used for another stream', async () => {
    await run({ type: 'Submit', data: { amount: 850 } }, 'cmd-1');
    const elsewhere = handleCommand(store, decider, 'case-2', { type: 'Submit', data: { amount: 1 } }, {
      metadata: metadata({ commandId: 'cmd-1' }),
      newEventId: randomUUID,
    });
    await expect(elsewhere).rejects.toBeInstanceOf(CommandIdConflictError);
  });

  it('gives up after the configured number of lost races', async () => {
    const racing: typeof store = Object.create(store);
    racing.append = () => Promise.reject(new WrongExpectedRevisionError('case-1', 'no-stream', 0n));
    const attempt = handleCommand(racing, decider, 'case-1', { type: 'Submit', data: { amount: 1 } }, {
      metadata: metadata(),
      newEventId: randomUUID,
      maxAttempts: 2,
    });
    await expect(attempt).rejects.toBeInstanceOf(WrongExpectedRevisionError);
  });
});
