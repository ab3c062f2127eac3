import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/** The Chromium the browser specs drive: `CHROME_PATH` when set (and only it), else Debian's and Ubuntu's paths. */
export function findChromium(): string | undefined {
  const candidates = process.env.CHROME_PATH
    ? [process.env.CHROME_PATH]
    : ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((p) => existsSync(p));
}

export const CHROMIUM_INSTALL_HINT =
  'install it with `apt-get install -y chromium` (Debian/Ubuntu) or set CHROME_PATH to a Chrome/Chromium binary';

/**
 * `describe` for a spec that drives a real Chromium. Without one: in CI (`CI=true`) the spec
 * fails, so a run that skipped it cannot pass; elsewhere it is skipped, and said loudly.
 */
export function describeInBrowser(name: string, fn: (chromiumPath: string) => void): void {
  const path = findChromium();
  if (path) {
    describe(name, () => fn(path));
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs Chromium, which CI must provide', () => {
        throw new Error(`No Chromium found for the browser spec "${name}": ${CHROMIUM_INSTALL_HINT}`);
      });
    });
    return;
  }
  process.stderr.write(`\n*** SKIPPED browser spec "${name}": no Chromium found; ${CHROMIUM_INSTALL_HINT} ***\n\n`);
  describe.skip(name, () => it('needs Chromium', () => undefined));
}

export async function launchChromium(executablePath: string): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
  return chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/** Screenshots of the test run: `test-output/screenshots/<name>-<width>.png` (gitignored), or under `SCREENSHOT_DIR`. */
export const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR ?? join(__dirname, '..', '..', 'test-output', 'screenshots');

/** Saves the page at 1280×800 and at 390×844 (full page), then restores the desktop size. */
export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  for (const size of [DESKTOP, PHONE]) {
    await page.setViewportSize(size);
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${size.width}x${size.height}.png`), fullPage: true });
  }
  await page.setViewportSize(DESKTOP);
}

const AXE_SOURCE = () => readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/**
 * Runs axe-core in the page and returns its serious and critical violations. The script is
 * evaluated through the DevTools protocol, which the page's CSP does not govern, so the CSP
 * stays on for the page itself.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE_SOURCE());
  const violations: AxeViolation[] = await page.evaluate(async () => {
    const g = globalThis as any;
    const result = await g.axe.run(g.document, { resultTypes: ['violations'] });
    return result.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n: any) => ({ target: n.target })),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Fails the spec when axe finds a serious or critical violation in the page as it is now. */
export async function expectNoSeriousAxe(page: Page): Promise<void> {
  expect(await seriousAxeViolations(page)).toEqual([]);
}

/** A context whose every CSP violation or page error is recorded, to assert there were none. */
export async function watchedContext(
  browser: Browser,
  baseURL: string,
): Promise<{ context: BrowserContext; problems: string[] }> {
  const context = await browser.newContext({ baseURL, viewport: DESKTOP });
  const problems: string[] = [];
  context.on('page', (p) => watch(p, problems));
  return { context, problems };
}

function watch(page: Page, problems: string[]): void {
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(`CSP: ${m.text()}`);
  });
}

/** A new browser context signed in to the example app as `token` (its `/lab/login` cookie), on the page with its first view drawn. */
export async function signIn(
  browser: Browser,
  baseURL: string,
  token: string,
  viewport = DESKTOP,
): Promise<{ page: Page; context: BrowserContext; problems: string[] }> {
  const { context, problems } = await watchedContext(browser, baseURL);
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  await page.goto(`/lab/login?token=${token}`);
  // Signed in once the page has drawn its first view (the event log): a spec starts from a
  // settled page, not one still loading (see viewReady in page-fixture.ts).
  await page.locator('main[data-view-ready]').waitFor({ state: 'attached' });
  return { page, context, problems };
}

/**
 * Waits until the event log shows `n` rows (each containing `text`, when given), is drawn, and
 * its filters have their options: a hash change redraws the view a moment after the URL changes.
 */
export const waitForLogRows = (page: Page, n: number, text = '') =>
  page.waitForFunction(
    ([n, text]) => {
      const d = (globalThis as any).document;
      const trs = [...d.querySelectorAll('table.log tbody tr')] as { textContent: string }[];
      const drawn = !d.querySelector('main .loading') && !d.querySelector('form.filters select[disabled]');
      return drawn && trs.length === n && trs.every((tr) => tr.textContent.includes(text));
    },
    [n, text] as const,
  );
