import { randomUUID } from 'node:crypto';
import { type EventMetadata, handleCommand, SqliteEventStore, verifyLedger } from '@app/ledger';
import { type CaseCommand, caseStreamId } from '../src';
import {
  application,
  approver,
  at,
  clerk,
  command,
  decider,
  dibao890,
  inForce,
  meansCheck,
  visit,
} from './case.fixtures';

describe('a 低保 case through the ledger’s command path', () => {
  let store: SqliteEventStore;
  beforeEach(() => (store = SqliteEventStore.open({ file: ':memory:' })));
  afterEach(async () => store.close());

  const send = (cmd: CaseCommand, delegationId?: string) => {
    const metadata: EventMetadata = {
      actor: cmd.metadata.actor,
      commandId: randomUUID(),
      correlationId: 'c-1',
      causationId: null,
      occurredAt: cmd.metadata.now,
      ...(delegationId ? { delegationId } : {}),
    };
    return handleCommand(store, decider, caseStreamId('c-1'), cmd, { metadata, newEventId: randomUUID });
  };

  it('is recorded from application to approval, with the delegation in the event data and metadata', async () => {
    await send(command('SubmitApplication', application(), clerk, at('2021-03-01')));
    await send(command('AcceptApplication', { caseId: 'c-1' }, clerk, at('2021-03-01')));
    await send(command('RecordMeansCheck', meansCheck(), clerk, at('2021-03-05')));
    await send(command('RecordHomeVisit', visit('v-1', '2021-03-03'), clerk, at('2021-03-05')));
    await send(
      command(
        'GivePreliminaryOpinion',
        { caseId: 'c-1', opinion: 'eligible', standard: dibao890 },
        approver,
        at('2021-03-08'),
      ),
    );
    await send(command('StartPublicity', { caseId: 'c-1', place: '村务公开栏' }, clerk, at('2021-03-08')));
    const result = await send(
      command(
        'ApproveCase',
        { caseId: 'c-1', delegation: inForce('dlg-1'), standard: dibao890 },
        approver,
        at('2021-03-15'),
      ),
      'dlg-1',
    );

    expect(result.state).toMatchObject({ status: 'approved', decision: { award: { monthlyAmountFen: 177_000 } } });
    expect(result.events).toEqual([
      expect.objectContaining({
        type: 'CaseApproved',
        revision: 6n,
        data: expect.objectContaining({ delegationId: 'dlg-1' }),
        metadata: expect.objectContaining({ delegationId: 'dlg-1' }),
      }),
    ]);
    const recorded = await store.readStream(caseStreamId('c-1'));
    expect(recorded.map((e) => e.type)).toEqual([
      'ApplicationSubmitted',
      'ApplicationAccepted',
      'MeansCheckReported',
      'HomeVisitRecorded',
      'PreliminaryOpinionGiven',
      'PublicityStarted',
      'CaseApproved',
    ]);
    expect(await verifyLedger(store)).toMatchObject({ ok: true, eventsChecked: 7n });
  });
});
