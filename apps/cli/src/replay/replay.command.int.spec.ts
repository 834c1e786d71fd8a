import { type EventMetadata, SqliteEventStore } from '@app/ledger';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLedger } from '../../test/run-ledger';

const TOWNSHIP = '330602001';
const clerk = { id: 'clerk-1', role: 'intake-clerk', unit: TOWNSHIP };
const approver = { id: 'approver-1', role: 'township-approver', unit: TOWNSHIP };

function metadata(actor: EventMetadata['actor'], occurredAt: string, extra: Partial<EventMetadata> = {}): EventMetadata {
  return { actor, commandId: `cmd-${occurredAt}`, correlationId: 'corr-1', causationId: null, occurredAt, ...extra };
}

const ledger = (...args: string[]) => runLedger({}, ...args);

describe('ledger replay of a case rejected under delegation', () => {
  let root: string;
  let dataDir: string;
  let rejectedAt: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'ledger-replay-'));
    dataDir = join(root, 'data');
    let tick = Date.parse('2021-03-01T01:00:00.000Z');
    const store = SqliteEventStore.open({ file: join(dataDir, 'ledger.sqlite'), now: () => new Date((tick += 60_000)) });
    try {
      await store.append(
        'case-c1',
        [
          {
            eventId: 'e-1',
            type: 'ApplicationSubmitted',
            data: {
              caseId: 'c1',
              programme: 'dibao',
              track: null,
              townshipCode: TOWNSHIP,
              submittedOn: '2021-03-01',
              household: {
                members: [{ relation: 'applicant' }],
                monthlyIncomeFen: { wages: 90_000 },
                assets: { financialFen: 0, vehicles: 0, realEstateUnits: 1 },
              },
              honestyPledge: true,
              dataCheckAuthorised: true,
              relatedToStaff: { declared: false },
              personal: { members: [{ name: '王建国', idNumber: '330602198001010011' }] },
            },
            metadata: metadata(clerk, '2021-03-01T01:00:00.000Z'),
          },
        ],
        { expectedRevision: 'no-stream', commandId: 'cmd-1' },
      );
      await store.append(
        'case-c1',
        [
          {
            eventId: 'e-2',
            type: 'ApplicationAccepted',
            data: {
              caseId: 'c1',
              acceptedOn: '2021-03-01',
              investigationStartDueBy: '2021-03-04',
              opinionDueBy: null,
              decisionDueBy: '2021-03-29',
              totalWorkingDays: 20,
            },
            metadata: metadata(clerk, '2021-03-01T02:00:00.000Z'),
          },
        ],
        { expectedRevision: 0n, commandId: 'cmd-2' },
      );
      const appended = await store.append(
        'case-c1',
        [
          {
            eventId: 'e-3',
            type: 'CaseRejected',
            data: {
              caseId: 'c1',
              programme: 'dibao',
              decidedOn: '2021-03-09',
              decidedBy: { officialId: 'approver-1', level: 'township', unit: TOWNSHIP },
              delegationId: 'deleg-7',
              reasons: ['收入高于标准'],
              noticeDueBy: '2021-03-12',
              deadline: {},
            },
            metadata: metadata(approver, '2021-03-09T01:00:00.000Z', { delegationId: 'deleg-7' }),
          },
        ],
        { expectedRevision: 1n, commandId: 'cmd-3' },
      );
      rejectedAt = (await store.readStream('case-c1', { fromRevision: appended.firstRevision }))[0].recordedAt;
    } finally {
      await store.close();
    }
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('prints every event as a table row with actor, delegation and summary, then the status now', async () => {
    const result = await ledger('replay', 'c1', '--data-dir', dataDir);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe('case c1 (case-c1), 3 of 3 events');
    expect(lines[1]).toMatch(/^rev\s+recorded at\s+type\s+actor\s+delegation\s+summary$/);
    expect(lines[3]).toMatch(/^0\s+\S+Z\s+ApplicationSubmitted\s+clerk-1\/intake-clerk\/330602001\s+-\s+programme=dibao/);
    expect(lines[5]).toMatch(/^2\s+.*CaseRejected\s+approver-1\/township-approver\/330602001\s+deleg-7\s+.*reasons=收入高于标准/);
    expect(lines.at(-1)).toBe('status at revision 2 of 2: rejected');
    expect(result.stdout).not.toContain('王建国');
  });

  it('stops at a revision or an instant given with --as-of', async () => {
    const byRevision = await ledger('replay', 'c1', '--as-of', '1', '--data-dir', dataDir);
    expect(byRevision.code).toBe(0);
    expect(byRevision.stdout).not.toContain('CaseRejected');
    expect(byRevision.stdout.trim().split('\n').at(-1)).toBe('status at revision 1 of 2: accepted');

    const instant = new Date(Date.parse(rejectedAt) - 1).toISOString();
    const byInstant = await ledger('replay', 'c1', '--as-of', instant, '--data-dir', dataDir);
    expect(byInstant.stdout.trim().split('\n').slice(1)).toEqual(byRevision.stdout.trim().split('\n').slice(1));
  });

  it('exits 2 naming the case when it does not exist, and on an --as-of that is neither', async () => {
    const missing = await ledger('replay', 'nope', '--data-dir', dataDir);
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toMatch(/^ledger replay: case nope does not exist \(no stream case-nope/);

    const bad = await ledger('replay', 'c1', '--as-of', 'yesterday', '--data-dir', dataDir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--as-of must be a revision/);
  });
});
