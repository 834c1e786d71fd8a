import type { Role } from '@app/platform/roles';
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { caseWorld } from '../support/case-world';

/** Debian's Chromium, as `.ci/run` installs it with apt. */
export const CHROMIUM = '/usr/bin/chromium';
/** As for a root user in a container: no sandbox, no GPU, nothing fetched from the network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** A 1366×768 office screen. */
export const VIEWPORT = { width: 1366, height: 768 };
/** Where the tests leave their screenshots of the three main pages. */
export const SCREENSHOT_DIR = join(__dirname, '..', '..', 'docs');
/** Browser suites start an app and a browser; generous, as a guard against a hang only. */
export const BROWSER_SUITE_TIMEOUT_MS = 120_000;

/**
 * Registers the suite when Chromium is installed; otherwise one test that says why it was skipped
 * (and fails under REQUIRE_BROWSER=1, as CI sets it).
 */
export function describeWithBrowser(name: string, body: () => void): void {
  if (!existsSync(CHROMIUM)) {
    const reason = `no Chromium at ${CHROMIUM} (install Debian's chromium: apt-get install -y chromium)`;
    describe(name, () => {
      const required = process.env.REQUIRE_BROWSER === '1';
      it(required ? 'needs Chromium (REQUIRE_BROWSER=1)' : `is skipped: ${reason}`, () => {
        if (required) throw new Error(reason);
        console.warn(`[skipped] ${name}: ${reason}`);
      });
    });
    return;
  }
  describe(name, body);
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

export interface OfficialSpec {
  readonly officialId: string;
  readonly role: Role;
  readonly unit: string;
  readonly name: string;
}

/**
 * The API on a fresh embedded store (the case world), listening on 127.0.0.1 at a free port,
 * with officials registered in the ledger for the development sign-in, and a browser.
 */
export function consoleWorld(name: string) {
  const world = caseWorld({ name, tokenLifetimeDays: 60 });
  let browser: Browser | undefined;
  let baseUrl = '';
  const pageErrors: string[] = [];

  return {
    world,
    pageErrors,
    get baseUrl(): string {
      return baseUrl;
    },

    async open(officials: readonly OfficialSpec[]): Promise<void> {
      await world.open();
      await world.app.listen(0, '127.0.0.1');
      baseUrl = `http://127.0.0.1:${(world.app.getHttpServer().address() as AddressInfo).port}`;
      const admin = await world.token('admin-1', ['admin'], '3306');
      for (const o of officials) {
        await world
          .post('/officials', admin, { officialId: o.officialId, roles: [o.role], unit: o.unit, personal: { name: o.name } })
          .expect(201);
      }
      browser = await launchBrowser();
    },

    async close(): Promise<void> {
      await browser?.close();
      await world.close();
    },

    /** A fresh page (its own session storage) on the console. */
    async newPage(): Promise<Page> {
      if (!browser) throw new Error('the console world is not open');
      const context = await browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(`${baseUrl}/console/`);
      return page;
    },

    /** 开发登录 as one of the officials recorded in the ledger. */
    async signIn(page: Page, officialId: string): Promise<void> {
      await page.getByTestId('dev-sign-in').waitFor();
      await page.locator('select[name="officialId"]').selectOption(officialId);
      await page.getByRole('button', { name: '以此身份登录' }).click();
      await page.getByTestId('who').filter({ hasText: officialId }).waitFor();
    },

    async screenshot(page: Page, file: string): Promise<void> {
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOT_DIR, file) });
    },
  };
}
