import { createWorkingCalendar } from '@app/calendar';
import type { Page } from 'playwright-core';
import { application, residentId } from '../support/case-world';
import { BROWSER_SUITE_TIMEOUT_MS, consoleWorld, describeWithBrowser } from './console-world';

const T1 = '330602001';
const APPROVER = 'approver-330602001';

describeWithBrowser('the console for a township approver, in Chromium', () => {
  jest.setTimeout(BROWSER_SUITE_TIMEOUT_MS);
  const ui = consoleWorld('console-approver');
  const { world } = ui;
  let first: string;
  let second: string;
  let page: Page;

  beforeAll(async () => {
    await ui.open([
      { officialId: APPROVER, role: 'township-approver', unit: T1, name: '城南街道审批人' },
      { officialId: 'clerk-330602001', role: 'intake-clerk', unit: T1, name: '城南街道经办人' },
    ]);
    await world.seedStandards();
    await world.grantDelegation(T1);
    first = await world.driveToPublicity(application(T1));
    second = await world.driveToPublicity(
      application(T1, [{ relation: 'applicant', personal: { name: '赵大海', idNumber: residentId('33060219700505005') } }], {
        monthlyIncomeFen: { wages: 30_000 },
      }),
    );
    // The day after the 7 days of publicity: both cases wait for the township's decision.
    world.clock.set('2021-03-09T01:00:00.000Z');
    page = await ui.newPage();
    await ui.signIn(page, APPROVER);
  });
  afterAll(() => ui.close());

  const row = (caseId: string) => page.locator(`[data-testid="queue"] tr[data-case="${caseId}"]`);

  it('signs in through the development sign-in, clearly marked, and opens the work queue with both cases due for decision', async () => {
    await page.locator('.top .badge.dev', { hasText: '开发登录' }).waitFor();
    await page.getByTestId('queue-page').waitFor();
    await row(first).waitFor();
    await expect(row(first).textContent()).resolves.toContain('审核确认');
    await expect(row(second).textContent()).resolves.toContain('公示中');
    // Accepted on 1 March: 30 working days to 13 April; on 9 March that leaves 24.
    const left = createWorkingCalendar().workingDaysBetween('2021-03-09', '2021-04-13');
    await expect(row(first).locator('[data-col="due"]').textContent()).resolves.toBe(`2021-04-13 剩余 ${left} 个工作日`);
    await ui.screenshot(page, 'console-approver.png');
  });

  it('shows the server’s message next to the field it names when a form is sent incomplete', async () => {
    await row(second).getByRole('link').click();
    await page.getByTestId('case-page').waitFor();
    const rejection = page.locator('form[data-form="rejection"]');
    await rejection.getByRole('button').click();
    const message = rejection.locator('[data-field-error="reasons"]');
    await message.waitFor();
    await expect(message.textContent()).resolves.toMatch(/reasons/);
    await expect(page.getByTestId('case-status').textContent()).resolves.toBe('公示中');
  });

  it('says someone else changed the case when it changed since it was opened (412), and lets the approver reload', async () => {
    const clerk = await world.token('clerk-330602001', ['intake-clerk'], T1);
    await world.post(`/cases/${second}/complaints`, clerk, { receivedOn: '2021-03-09', summary: '群众来电反映收入情况' }).expect(201);
    const approval = page.locator('form[data-form="approval"]');
    await approval.getByRole('button').click();
    const stale = approval.locator('[data-error-kind="stale"]');
    await stale.waitFor();
    await expect(stale.textContent()).resolves.toContain('此案件已被他人修改，请刷新');
    await stale.getByRole('button', { name: '刷新' }).click();
    await stale.waitFor({ state: 'detached' });
    await page.locator('ol.timeline li', { hasText: '投诉举报' }).waitFor();
  });

  it('decides a case from the queue: the approval is recorded and the case leaves the queue', async () => {
    await page.getByRole('link', { name: '工作队列' }).click();
    await row(first).getByRole('link').click();
    await page.getByTestId('case-page').waitFor();
    await page.locator('form[data-form="approval"]').getByRole('button').click();
    await page.getByTestId('case-status').filter({ hasText: '已批准' }).waitFor();
    await page.locator('ol.timeline li', { hasText: '审核确认：批准' }).waitFor();
    const decided = await world.get(`/cases/${first}`, await world.token(APPROVER, ['township-approver'], T1)).expect(200);
    expect(decided.body.state.status).toBe('approved');

    await page.getByRole('link', { name: '工作队列' }).click();
    await row(second).waitFor();
    await expect(row(first).count()).resolves.toBe(0);
    expect(ui.pageErrors).toEqual([]);
  });

  it('marks a case overdue with the working days past its deadline, counted by the API on the holiday calendar', async () => {
    // Monday 19 April: 13 April has passed by four working days (14, 15, 16 and 19 April).
    world.clock.set('2021-04-19T01:00:00.000Z');
    // The 4-hour development token has long expired by then: the console asks to sign in again.
    await page.getByRole('button', { name: '刷新' }).click();
    await ui.signIn(page, APPROVER);
    const due = row(second).locator('[data-col="due"]');
    await due.filter({ hasText: '已超期 4 个工作日' }).waitFor();
    await expect(row(second).getAttribute('class')).resolves.toBe('overdue');
  });
});
