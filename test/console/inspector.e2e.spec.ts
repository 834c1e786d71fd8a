import type { Page } from 'playwright-core';
import { application } from '../support/case-world';
import { BROWSER_SUITE_TIMEOUT_MS, consoleWorld, describeWithBrowser } from './console-world';

const T1 = '330602001';
const INSPECTOR = 'inspector-330602';

describeWithBrowser('the console for a discipline inspector, in Chromium', () => {
  jest.setTimeout(BROWSER_SUITE_TIMEOUT_MS);
  const ui = consoleWorld('console-inspector');
  const { world } = ui;
  let caseId: string;
  let page: Page;

  beforeAll(async () => {
    await ui.open([{ officialId: INSPECTOR, role: 'discipline-inspector', unit: '330602', name: '越城区纪检员' }]);
    await world.seedStandards();
    await world.grantDelegation(T1);
    // Revisions 0 to 5: application, acceptance, means check, home visit, opinion, publicity; 6 the approval.
    caseId = await world.driveToPublicity(application(T1));
    await world.approve(caseId, await world.token('approver-330602001', ['township-approver'], T1));
    page = await ui.newPage();
    await ui.signIn(page, INSPECTOR);
  });
  afterAll(() => ui.close());

  const stateThen = () => page.getByTestId('state-then');
  const slider = () => page.getByTestId('as-of');

  it('opens any case of the county with a stated purpose and shows it as it stands, with who read it', async () => {
    await page.getByRole('link', { name: '案件历史' }).click();
    const form = page.getByTestId('history-page');
    await form.locator('input[name="caseId"]').fill(caseId);
    await form.locator('input[name="purpose"]').fill('2021年低保专项治理抽查');
    await form.getByRole('button', { name: '查看历史' }).click();
    await stateThen().filter({ hasText: '已批准' }).waitFor();
    await expect(slider().getAttribute('max')).resolves.toBe('6');
    await page.getByTestId('readers').locator('tr', { hasText: INSPECTOR }).first().waitFor();
    await page.getByTestId('in-force').getByText('越民〔2021〕8号').waitFor();
  });

  it('moves the slider back to the acceptance and sees the case as it stood then, and forward again to the decision', async () => {
    await slider().fill('1');
    await stateThen().filter({ hasText: '已受理' }).waitFor();
    await expect(page.locator('ol.timeline li').count()).resolves.toBe(2);
    await expect(page.getByTestId('slider-label').textContent()).resolves.toContain('第 1 步');

    await slider().fill('5');
    await stateThen().filter({ hasText: '公示中' }).waitFor();
    await ui.screenshot(page, 'console-inspector.png');

    await slider().fill('6');
    await stateThen().filter({ hasText: '已批准' }).waitFor();
    await expect(page.locator('ol.timeline li').count()).resolves.toBe(7);
    expect(ui.pageErrors).toEqual([]);
  });
});
