import { findChromium, launchChromium } from '../../test/support/browser';
import { BenchContext } from '../support/bench-context';
import { BenchHost } from '../support/bench-host';
import { measured, targeted, unmeasured } from '../support/figures';
import { generateLog } from '../support/log-data';
import { wallNow } from '../support/stats';
import { subscribe } from './workload';

const SCENARIO = '8 page';

/**
 * The webhooks page's first view with 100 000 entries in the log: from navigation in a fresh
 * Chromium context (empty cache) until the log table's first page of 50 rows is drawn: the
 * script has run, the caller, filters and first page were fetched, the controls work. The
 * figure is the page's own mark (`webhooks:view-ready`, from the navigation's start); the
 * wall clock from `goto()` also counts the browser opening the tab.
 */
export async function pageScenario(ctx: BenchContext): Promise<ReturnType<typeof measured>[]> {
  const chromium = findChromium();
  if (!chromium)
    return [
      unmeasured(
        SCENARIO,
        'first view, 100 000 entries',
        'skipped',
        'no Chromium (apt-get install -y chromium, or CHROME_PATH)',
      ),
    ];
  const ROWS = ctx.config.pageRows;
  const host = await BenchHost.forScenario(ctx, 'page', { processDeliveries: false });
  const browser = await launchChromium(chromium);
  try {
    const subs = await subscribe(
      host,
      Array.from({ length: 20 }, (_, i) => `http://127.0.0.1:9/hook-${i}`),
      ['report_signed'],
      [],
    );
    const rate = await generateLog(ctx.db.pool, {
      rows: ROWS,
      newestDaysAgo: 0,
      oldestDaysAgo: 29,
      subscriptionIds: subs,
      withAttempts: false,
    });
    ctx.log(`page: ${ROWS} entries written at ${Math.round(rate)} rows/s`);
    const firstView: number[] = [];
    const wallTimes: number[] = [];
    for (let run = 0; run < ctx.config.runs + 1; run++) {
      const context = await browser.newContext({
        baseURL: host.baseUrl,
        extraHTTPHeaders: { authorization: 'Bearer admin-token' },
      });
      const page = await context.newPage();
      const start = wallNow();
      await page.goto('/webhooks/ui#/events', { waitUntil: 'commit' });
      await page.locator('table.log tbody tr').first().waitFor();
      const wall = wallNow() - start;
      // The page marks when its view is drawn and usable; the time origin is the navigation's start.
      const inPage = await page.evaluate(
        () => performance.getEntriesByName('webhooks:view-ready')[0]?.startTime ?? NaN,
      );
      const timing = await page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .map((e) => `${new URL(e.name).pathname.split('/').pop()} ${e.startTime.toFixed(0)}+${e.duration.toFixed(0)}`)
          .join(', '),
      );
      const rows = await page.locator('table.log tbody tr').count();
      await context.close();
      if (rows !== 50) throw new Error(`the first view showed ${rows} rows, expected 50`);
      const label = run === 0 ? ' (warm-up, not counted)' : '';
      ctx.log(`page run ${run}: view ready at ${inPage.toFixed(0)} ms, ${wall.toFixed(0)} ms wall${label}; ${timing}`);
      if (run > 0) {
        firstView.push(inPage);
        wallTimes.push(wall);
      }
    }
    const note = `${ROWS} entries over 29 days, 20 endpoints; fresh browser context per run (cold cache), headless Chromium`;
    return [
      targeted(
        measured(SCENARIO, 'first view interactive, 100 000 entries', 'ms', firstView, { note }),
        '< 1000 ms',
        (f) => f.value! < 1000,
      ),
      measured(SCENARIO, 'same, wall clock from goto() (opening the tab too)', 'ms', wallTimes, { note }),
    ];
  } finally {
    await browser.close();
    await host.close();
  }
}
