import { createApp } from '../../../api/src/app.module';
import { NOTARY } from '@app/integrity/nest';
import type { Notary } from '@app/integrity/notary';
import { FixedClock, loadConfig, SequentialIdSource, SQLITE_FILE_NAME } from '@app/platform';
import { SHAOXING_2020_STANDARDS } from '@app/standards';
import { setStandardRequests } from '@app/standards/http';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { application, household, residentId } from '../../../../test/support/case-world';
import { bearer } from '../../../../test/support/tokens';
import { runCli } from '../cli';

const T1 = '330602001';
const at = (date: string) => `${date}T01:00:00.000Z`;

/** Runs the CLI as a fresh process would: its own store, nothing shared with the API that wrote the ledger. */
async function cli(dataDir: string, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, env: { LEDGER_DATA_DIR: dataDir } });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('ledger sample verify, on a campaign drawn through the API', () => {
  let root: string;
  let dataDir: string;
  let campaignId: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'ledger-sample-'));
    dataDir = join(root, 'data');
    const config = loadConfig({ LEDGER_DATA_DIR: dataDir });
    const clock = new FixedClock(at('2021-03-01'));
    const app = await createApp(config, { clock, ids: new SequentialIdSource(), logger: false });
    await app.init();
    const server = app.getHttpServer();
    const auth = (sub: string, role: string, unit: string) => bearer(config, clock, { sub, roles: [role as never], unit }, 200 * 24 * 3600);
    const post = async (path: string, token: string, body: object = {}) => request(server).post(path).set('Authorization', token).send(body).expect(201);
    try {
      const admin = await auth('admin-1', 'admin', '3306');
      for (const seed of setStandardRequests(SHAOXING_2020_STANDARDS)) await post(seed.path, admin, seed.body);
      await post(`/delegations/${T1}`, await auth('rev-1', 'county-reviewer', '330602'), { programmes: [{ programme: 'dibao' }], validFrom: '2021-03-01', validTo: '2022-01-01', document: '越民〔2021〕8号' });
      const clerk = await auth('clerk-1', 'intake-clerk', T1);
      const approver = await auth('approver-1', 'township-approver', T1);
      for (const n of ['1', '2', '3', '4']) {
        clock.set(at('2021-03-01'));
        const members = household(`33060219800101${n}`).map((m, i) => (i === 0 ? m : { ...m, personal: { ...m.personal, idNumber: residentId(`33060219900${n}0${i}00${i}`) } }));
        const caseId = (await post('/cases', clerk, application(T1, members))).body.state.caseId;
        await post(`/cases/${caseId}/acceptance`, clerk);
        await post(`/cases/${caseId}/means-checks`, clerk, { reportRef: `HD-${n}`, requestedOn: '2021-03-01', reportedOn: '2021-03-01', sourcesChecked: ['户籍'], findings: { monthlyIncomeFen: { wages: 90_000 }, financialAssetsFen: 500_000, vehicles: 0, realEstateUnits: 1, businessRegistrations: 0, publicPayrollJob: false, incomeOverLimit: false } });
        await post(`/cases/${caseId}/home-visits`, clerk, { visitedOn: '2021-03-01', investigatorIds: ['a', 'b'], byCounty: false, mode: 'in-person', findings: '一致' });
        await post(`/cases/${caseId}/preliminary-opinion`, clerk, { opinion: 'eligible' });
        await post(`/cases/${caseId}/publicity`, clerk, { place: '村务公开栏' });
        clock.set(at('2021-03-09'));
        await post(`/cases/${caseId}/approval`, approver);
      }
      clock.set(at('2021-04-01'));
      const inspector = await auth('jjjc-1', 'discipline-inspector', '330602');
      campaignId = (await post('/inspections', inspector, { title: '专项治理', townships: [T1], programmes: ['dibao'], period: { from: '2021-04-01', to: '2021-06-30' }, sampleRatio: 0.5 })).body.state.campaignId;
      clock.advance(60_000);
      await app.get<Notary>(NOTARY).catchUp();
      clock.advance(10_000);
      await app.get<Notary>(NOTARY).catchUp();
      const drawn = await post(`/inspections/${campaignId}/draw`, inspector);
      expect(drawn.body.state.draw.sample).toHaveLength(2);
    } finally {
      await app.close();
    }
  }, 60_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('recomputes the same sample from the ledger alone, twice', async () => {
    for (const run of [1, 2]) {
      const result = await cli(dataDir, 'sample', 'verify', campaignId);
      expect({ run, code: result.code, stderr: result.stderr }).toEqual({ run, code: 0, stderr: '' });
      expect(result.stdout).toContain('MATCHES');
      expect(result.stdout).toContain('population of 4 cases');
      expect(result.stdout).not.toContain('FAIL');
    }
  });

  it('says it does not match, exit 1, once the recorded sample is altered', async () => {
    const db = new Database(join(dataDir, SQLITE_FILE_NAME));
    try {
      db.exec('DROP TRIGGER IF EXISTS events_no_update');
      const row = db.prepare("SELECT global_position, data FROM events WHERE stream_id = ? AND type = 'InspectionSampleDrawn'").get(`inspection-${campaignId}`) as { global_position: number; data: string };
      const data = JSON.parse(row.data);
      data.sample[0].caseId = `${data.sample[0].caseId}-swapped`;
      db.prepare('UPDATE events SET data = ? WHERE global_position = ?').run(JSON.stringify(data), row.global_position);
    } finally {
      db.close();
    }
    const result = await cli(dataDir, 'sample', 'verify', campaignId);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('FAIL sample recomputes to');
    expect(result.stdout).toContain('DOES NOT MATCH');
  });

  it('fails with exit 2, naming the stream, for a campaign that does not exist', async () => {
    const result = await cli(dataDir, 'sample', 'verify', 'no-such-campaign');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('inspection-no-such-campaign');
  });
});
