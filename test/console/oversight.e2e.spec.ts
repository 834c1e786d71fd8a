import { householdIdOf } from '@app/credit';
import { NOTARY } from '@app/integrity/nest';
import type { Notary } from '@app/integrity/notary';
import type { Page } from 'playwright-core';
import { application, household, residentId } from '../support/case-world';
import { BROWSER_SUITE_TIMEOUT_MS, consoleWorld, describeWithBrowser } from './console-world';

const T1 = '330602001';
const COUNTY = '330602';
const SUPERVISOR = 'supervisor-330602';
const at = (date: string) => `${date}T01:00:00.000Z`; // 09:00 in Shaoxing

describeWithBrowser('the console for oversight in Chromium: household credit, the integrity index, inspection campaigns', () => {
  jest.setTimeout(BROWSER_SUITE_TIMEOUT_MS);
  const ui = consoleWorld('console-oversight');
  const { world } = ui;
  const flagged = residentId('33060219900101001');
  let campaignId: string;
  let page: Page;

  /** Asks the API until `ready` holds: the read models behind the pages are built asynchronously. */
  async function until(ready: () => Promise<boolean>): Promise<void> {
    for (let attempt = 0; attempt < 100; attempt++) {
      if (await ready()) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the read model did not catch up');
  }

  beforeAll(async () => {
    await ui.open([
      { officialId: SUPERVISOR, role: 'supervisor', unit: COUNTY, name: '越城区督查员' },
      { officialId: 'clerk-a', role: 'intake-clerk', unit: T1, name: '城南街道经办人甲' },
    ]);
    const supervisor = await world.token(SUPERVISOR, ['supervisor'], COUNTY);
    const reviewer = await world.token('reviewer-330602', ['county-reviewer'], COUNTY);
    const inspector = await world.token('jjjc-330602', ['discipline-inspector'], COUNTY);
    await world.seedStandards();
    await world.grantDelegation(T1);
    const caseId = await world.driveToPublicity(application(T1));
    await world.approve(caseId, await world.token('approver-330602001', ['township-approver'], T1));

    // 失信: a forged document recorded on another household.
    await world.post(`/households/${householdIdOf(flagged)}/credit-records`, reviewer, {
      townshipCode: T1,
      behaviour: 'forged-documents',
      occurredOn: '2021-02-10',
      summary: '提交伪造的失业证明申请低保',
      evidence: [{ kind: 'warning', ref: 'w-2021-0007', note: '预警已核实确认' }],
      personal: { idNumber: flagged },
    }).expect(201);

    // 优亲厚友: clerk-a, who visited the approved household, declares its applicant a near relative.
    const applicant = household()[0].personal;
    await world
      .post('/officials/clerk-a/near-relatives', await world.token('clerk-a', ['intake-clerk'], T1), {
        personal: { idNumber: applicant.idNumber, name: applicant.name },
        relation: 'sibling',
      })
      .expect(201);

    // A campaign over the township, drawn from a signed head, with a finding and its rectification.
    const notary = world.app.get<Notary>(NOTARY);
    world.clock.set(at('2021-04-01'));
    const opened = await world.post('/inspections', inspector, {
      title: '2021年城南街道低保专项治理', townships: [T1], programmes: ['dibao'], period: { from: '2021-04-01', to: '2021-06-30' }, sampleSize: 1,
    }).expect(201);
    campaignId = opened.body.state.campaignId;
    world.clock.advance(60_000);
    await notary.catchUp();
    world.clock.advance(10_000);
    await notary.catchUp();
    await world.post(`/inspections/${campaignId}/draw`, inspector).expect(201);
    const found = await world.post(`/inspections/${campaignId}/findings`, inspector, {
      townshipCode: T1, caseId, findingClass: 'publicity-irregular', description: '公示期未满七日即报审批', responsibleOfficials: ['clerk-a'], amountFen: 0,
    }).expect(201);
    const ordered = await world.post(`/inspections/${campaignId}/findings/${found.body.state.findings[0].findingId}/rectification-order`, inspector, {
      requirement: '重新公示并补正材料', dueBy: '2021-04-30',
    }).expect(201);

    await until(async () => (await world.get('/credit', supervisor)).body.total > 0);
    await until(async () => (await world.get('/integrity-index', supervisor, { county: COUNTY })).body.townships?.some((t: { warnings: number }) => t.warnings > 0));
    await world.get('/inspections', supervisor, { waitFor: ordered.body.checkpoint }).expect(200);

    page = await ui.newPage();
    await ui.signIn(page, SUPERVISOR);
  });
  afterAll(() => ui.close());

  it("looks up a household's credit (家庭诚信) by the resident ID number and sees its grade and records", async () => {
    await page.getByRole('link', { name: '家庭诚信' }).click();
    const credit = page.getByTestId('credit-page');
    await credit.getByRole('link', { name: householdIdOf(flagged) }).waitFor();
    await credit.locator('input[name="lookup"]').fill(flagged);
    await credit.getByRole('button', { name: '查询' }).click();
    const card = page.getByTestId('credit');
    await card.getByText('提交伪造的失业证明申请低保').waitFor();
    await expect(card.textContent()).resolves.toContain('严重失信');
    await expect(card.textContent()).resolves.toContain(T1);
  });

  it('shows the township integrity index (廉洁指数) as a chart and a table', async () => {
    await page.getByRole('link', { name: '廉洁指数' }).click();
    const index = page.getByTestId('integrity-page');
    const chart = index.locator('svg.chart');
    await chart.waitFor();
    await expect(chart.locator('text.axis').allTextContents()).resolves.toContain(T1);
    await expect(chart.locator('rect.bar').count()).resolves.toBeGreaterThan(0);
    // One active case and one alert: 100 alerts per 100 cases.
    const row = index.locator('table tbody tr', { hasText: T1 });
    await expect(row.locator('td').allTextContents()).resolves.toEqual([T1, '1', '1', '100', '0', expect.any(String)]);
    await ui.screenshot(page, 'console-integrity.png');
  });

  it('lists the campaigns of the county (专项治理) and opens one with its sample, findings and rectifications', async () => {
    await page.getByRole('link', { name: '专项治理' }).click();
    const row = page.locator(`[data-testid="campaigns"] tr[data-campaign="${campaignId}"]`);
    await row.waitFor();
    await expect(row.locator('[data-col="status"]').textContent()).resolves.toBe('整改中');
    await expect(row.locator('[data-col="sample"]').textContent()).resolves.toMatch(/^从 1 户中抽取 1 户/);
    await expect(row.locator('[data-col="findings"]').textContent()).resolves.toBe('1');
    await expect(row.textContent()).resolves.toContain('2021年城南街道低保专项治理');
    await ui.screenshot(page, 'console-campaigns.png');

    await row.getByRole('link', { name: campaignId }).click();
    const campaign = page.getByTestId('campaign');
    await campaign.getByRole('heading', { name: '2021年城南街道低保专项治理' }).waitFor();
    await page.getByText('公示期未满七日即报审批').waitFor();
    await page.locator('tr', { hasText: '重新公示并补正材料' }).filter({ hasText: '整改中' }).waitFor();
    await page.getByRole('link', { name: '返回列表' }).click();
    await row.waitFor();
    expect(ui.pageErrors).toEqual([]);
  });
});
