import type { Page } from 'playwright-core';
import { BROWSER_SUITE_TIMEOUT_MS, consoleWorld, describeWithBrowser } from './console-world';

const T1 = '330602001';
const APPROVER = 'approver-330602001';
const CLERK = 'clerk-330602001';
/** What a person must never be shown for a failed request. */
const STACK = /\bat \S+ \(|TypeError|ReferenceError|Failed to fetch|\bstack\b/;

describeWithBrowser('the console explains failed requests in Chromium: expired sign-in, no permission, server unreachable', () => {
  jest.setTimeout(BROWSER_SUITE_TIMEOUT_MS);
  const ui = consoleWorld('console-errors');
  const { world } = ui;
  let page: Page;

  beforeAll(async () => {
    await ui.open([
      { officialId: APPROVER, role: 'township-approver', unit: T1, name: '城南街道审批人' },
      { officialId: CLERK, role: 'intake-clerk', unit: T1, name: '城南街道经办人' },
    ]);
  });
  afterAll(() => ui.close());

  it('says the server cannot be reached when the request never gets an answer, and recovers once it does', async () => {
    page = await ui.newPage();
    await ui.signIn(page, APPROVER);
    await page.getByTestId('queue').waitFor();
    await page.route('**/work-queue?*', (route) => route.abort('connectionrefused'));
    await page.getByRole('button', { name: '刷新' }).click();
    const notice = page.locator('[data-error-kind="unreachable"]');
    await notice.waitFor();
    await expect(notice.textContent()).resolves.toBe('无法连接服务器，请检查网络后重试');
    await page.unroute('**/work-queue?*');
    await page.getByRole('button', { name: '刷新' }).click();
    await notice.waitFor({ state: 'detached' });
    await page.getByTestId('queue').waitFor();
  });

  it('says the sign-in has expired once the token is past its expiry, and asks to sign in again', async () => {
    const signedInAt = world.clock.now().toISOString();
    // The development token lives 4 hours; five hours later the API refuses it as expired.
    world.clock.advance(5 * 3600 * 1000);
    try {
      await page.getByRole('button', { name: '刷新' }).click();
      const notice = page.getByRole('alert').filter({ hasText: '登录已过期，请重新登录' });
      await notice.waitFor();
      await page.getByTestId('dev-sign-in').waitFor();
      await expect(page.getByTestId('who').count()).resolves.toBe(0);
      await expect(page.locator('main').textContent()).resolves.not.toMatch(STACK);
    } finally {
      world.clock.set(signedInAt);
    }
  });

  it('says which roles a page needs when the official has none of them (403)', async () => {
    const clerkPage = await ui.newPage();
    await ui.signIn(clerkPage, CLERK);
    // Not in a clerk's navigation: opened by its address.
    await clerkPage.evaluate("location.hash = '#/integrity'");
    const notice = clerkPage.locator('[data-error-kind="forbidden"]');
    await notice.waitFor();
    const text = await notice.textContent();
    expect(text).toMatch(/^无权限办理此事项。需要的角色：/);
    expect(text).toContain('督查人员');
    expect(text).toContain('乡镇审批人员');
    expect(text).not.toContain('经办人员');
    expect(text).not.toMatch(STACK);
    await ui.screenshot(clerkPage, 'console-errors.png');
    expect(ui.pageErrors).toEqual([]);
  });
});
