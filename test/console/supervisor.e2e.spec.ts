import type { Page } from 'playwright-core';
import { application, household } from '../support/case-world';
import { BROWSER_SUITE_TIMEOUT_MS, consoleWorld, describeWithBrowser } from './console-world';

const T1 = '330602001';
const SUPERVISOR = 'supervisor-330602';

describeWithBrowser('the console for a supervisor, in Chromium', () => {
  jest.setTimeout(BROWSER_SUITE_TIMEOUT_MS);
  const ui = consoleWorld('console-supervisor');
  const { world } = ui;
  let page: Page;

  beforeAll(async () => {
    await ui.open([
      { officialId: SUPERVISOR, role: 'supervisor', unit: '330602', name: '越城区督查员' },
      { officialId: 'clerk-a', role: 'intake-clerk', unit: T1, name: '城南街道经办人甲' },
    ]);
    await world.seedStandards();
    await world.grantDelegation(T1);
    // clerk-a is one of the two who visited the household.
    await world.driveToPublicity(application(T1));
    page = await ui.newPage();
    await ui.signIn(page, SUPERVISOR);
  });
  afterAll(() => ui.close());

  it('sees an alert appear live on the board and acknowledges it', async () => {
    await page.getByRole('link', { name: '诚信预警' }).click();
    await page.locator('[data-testid="connection"][data-state="live"]').waitFor();
    await page.getByText('辖区内暂无未办结预警').waitFor();

    // The anomaly, through the API: the investigator declares the applicant a near relative (优亲厚友).
    const clerk = await world.token('clerk-a', ['intake-clerk'], T1);
    const applicant = household()[0].personal;
    await world
      .post('/officials/clerk-a/near-relatives', clerk, { personal: { idNumber: applicant.idNumber, name: applicant.name }, relation: 'sibling' })
      .expect(201);

    const alert = page.locator('[data-testid="alerts"] tr[data-warning]', { hasText: '优亲厚友' });
    await alert.waitFor();
    await expect(alert.locator('[data-col="status"]').textContent()).resolves.not.toBe('已签收');
    await ui.screenshot(page, 'console-supervisor.png');

    await alert.getByRole('button', { name: '签收' }).click();
    await alert.locator('[data-col="status"]', { hasText: '已签收' }).waitFor();
    await expect(alert.getByRole('button', { name: '签收' }).count()).resolves.toBe(0);
    expect(ui.pageErrors).toEqual([]);
  });

  it('switches the console to English and back, remembering the choice', async () => {
    await page.getByTestId('lang-switch').click();
    await page.getByRole('heading', { name: 'Integrity alert board' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Integrity alert board' }).waitFor();
    await page.getByTestId('lang-switch').click();
    await page.getByRole('heading', { name: '诚信预警看板' }).waitFor();
  });
});
