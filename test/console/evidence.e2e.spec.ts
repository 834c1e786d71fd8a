import { NOTARY } from '@app/integrity/nest';
import type { Notary } from '@app/integrity/notary';
import canonicalize from 'canonicalize';
import type { Page } from 'playwright-core';
import { application } from '../support/case-world';
import { BROWSER_SUITE_TIMEOUT_MS, consoleWorld, describeWithBrowser } from './console-world';

const T1 = '330602001';
const INSPECTOR = 'inspector-330602';
const PURPOSE = '2021年低保专项治理：核查审批过程';

/** Inputs where canonicalisation is easy to get wrong: numbers, escapes, non-BMP characters, key order. */
const JCS_SAMPLES: unknown[] = [
  { b: 1, a: [3, 2, { z: null, y: true }], c: '王建国' },
  { numbers: [0, -0, 1e21, 1e-7, 123456789012345680000, 0.1 + 0.2, -1.5e-10, 5e-324, 1.7976931348623157e308, 100, 3.0] },
  { '\u20ac': 'euro', '\r': 'cr', '1': 'one', '10': 'ten', a: 'a', A: 'A', 'ö': 'ouml', '😀': 'emoji', '\ud83d\ude03': 'x' },
  { escapes: '\u0000\u0008\t\n\f\r"\\/\u001f\u007f\u2028\u2029', lone: '\ud800' },
  { nested: { deeper: { deepest: [[], {}, [[{}]], ''] } }, empty: {}, list: [] },
  [1, 'two', null, false, { x: [{ y: 'z' }] }],
  '纯字符串',
  42.5,
];

describeWithBrowser('the console verifies evidence bundles in Chromium, as ledger bundle verify does offline', () => {
  jest.setTimeout(BROWSER_SUITE_TIMEOUT_MS);
  const ui = consoleWorld('console-evidence');
  const { world } = ui;
  let caseId: string;
  let page: Page;
  let genuine: { events: { eventId: string; revision: string; data: Record<string, unknown> }[] } & Record<string, unknown>;

  const verification = () => page.getByTestId('evidence').getByTestId('verification');

  beforeAll(async () => {
    await ui.open([{ officialId: INSPECTOR, role: 'discipline-inspector', unit: '330602', name: '越城区纪检员' }]);
    await world.seedStandards();
    await world.grantDelegation(T1);
    caseId = await world.driveToPublicity(application(T1));
    await world.approve(caseId, await world.token('approver-330602001', ['township-approver'], T1));
    // A tree head signed over every event of the case: the notary signs on its tick once time has passed.
    const notary = world.app.get<Notary>(NOTARY);
    await notary.catchUp();
    world.clock.advance(10_000);
    await notary.catchUp();
    genuine = (await world.get(`/cases/${caseId}/evidence`, await world.token('auditor-1', ['auditor'], '3306'), { purpose: PURPOSE }).expect(200)).body;
    page = await ui.newPage();
    await ui.signIn(page, INSPECTOR);
    await page.getByRole('link', { name: '案件历史' }).click();
    const form = page.getByTestId('history-page');
    await form.locator('input[name="caseId"]').fill(caseId);
    await form.locator('input[name="purpose"]').fill(PURPOSE);
    await form.getByRole('button', { name: '查看历史' }).click();
    await page.getByTestId('state-then').filter({ hasText: '已批准' }).waitFor();
  });
  afterAll(() => ui.close());

  it('serves the canonicalize package to the page as a module that canonicalises exactly as the package does in Node', async () => {
    // As text, so the dynamic import reaches the page as written rather than compiled for Node.
    const inBrowser = await page.evaluate(
      `(async () => { const { default: jcs } = await import('/console/vendor/canonicalize.mjs'); return ${JSON.stringify(JCS_SAMPLES)}.map((s) => jcs(s)); })()`,
    );
    expect(inBrowser).toEqual(JCS_SAMPLES.map((sample) => canonicalize(sample)));
  });

  it("downloads the case's bundle and verifies it in the browser: signature, key id, every event's hash, the chain and every proof", async () => {
    await page.getByRole('button', { name: '下载并验证证据包' }).click();
    await verification().waitFor();
    await expect(verification().getAttribute('data-result')).resolves.toBe('valid');
    await expect(verification().getByTestId('verification-verdict').textContent()).resolves.toBe('验证通过');
    const checks = verification().locator('ul.checks li');
    await expect(checks.evaluateAll((items) => items.map((li) => [li.getAttribute('data-check'), li.getAttribute('data-ok')]))).resolves.toEqual([
      ['signature', 'true'],
      ['key', 'true'],
      ['content', 'true'],
      ['chain', 'true'],
      ['proof', 'true'],
    ]);
    await expect(verification().textContent()).resolves.toContain(`7 个事件的哈希与内容一致`);
    await expect(verification().textContent()).resolves.toContain(String(genuine.keyId));
    await ui.screenshot(page, 'console-evidence.png');
    expect(ui.pageErrors).toEqual([]);
  });

  it('says 验证失败 and names the event when one event of the bundle was changed on the way', async () => {
    const altered = genuine.events[4]!;
    await page.route('**/cases/*/evidence?*', async (route) => {
      const response = await route.fetch();
      const bundle = await response.json();
      bundle.events[4].data.opinion = 'ineligible';
      await route.fulfill({ response, json: bundle });
    });
    try {
      await page.getByRole('button', { name: '下载并验证证据包' }).click();
      await verification().and(page.locator('[data-result="invalid"]')).waitFor();
      await expect(verification().getByTestId('verification-verdict').textContent()).resolves.toBe('验证失败');
      const failures = verification().getByTestId('verification-failures').locator('li');
      await expect(failures.count()).resolves.toBe(1);
      await expect(failures.first().getAttribute('data-event')).resolves.toBe(altered.eventId);
      await expect(failures.first().textContent()).resolves.toContain(`内容与哈希不符：第 4 步（事件 ${altered.eventId}）`);
      await expect(verification().locator('li[data-check="content"]').getAttribute('data-ok')).resolves.toBe('false');
      await expect(verification().locator('li[data-check="signature"]').getAttribute('data-ok')).resolves.toBe('true');
    } finally {
      await page.unroute('**/cases/*/evidence?*');
    }
  });

  it('verifies a bundle file picked from disk: the genuine one passes, one with an event removed names the missing step', async () => {
    const fileCard = page.getByTestId('bundle-file');
    const input = fileCard.locator('input[type="file"]');
    await input.setInputFiles({ name: `evidence-${caseId}.json`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(genuine, null, 2)) });
    await fileCard.locator('[data-testid="verification"][data-result="valid"]').waitFor();

    const removed = { ...genuine, events: genuine.events.filter((event) => event.revision !== '2') };
    await input.setInputFiles({ name: 'received.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(removed)) });
    const result = fileCard.locator('[data-testid="verification"][data-result="invalid"]');
    await result.waitFor();
    await expect(result.locator('li[data-kind="missing-event"]').getAttribute('data-revision')).resolves.toBe('2');
    await expect(result.locator('li[data-check="chain"]').getAttribute('data-ok')).resolves.toBe('false');

    await input.setInputFiles({ name: 'not-a-bundle.json', mimeType: 'application/json', buffer: Buffer.from('{"events": [') });
    await fileCard.getByText('not-a-bundle.json 不是 JSON 文件，无法核验').waitFor();
    expect(ui.pageErrors).toEqual([]);
  });
});
