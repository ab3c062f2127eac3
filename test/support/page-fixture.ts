import type { Browser } from 'playwright-core';
import { launchChromium } from './browser';
import { RunningExample, startExampleApp } from './example-app';
import { Receiver } from './receiver';

/** What a page spec drives: the example app, a loopback receiver and a real Chromium. */
export interface PageFixture {
  ex: RunningExample;
  receiver: Receiver;
  browser: Browser;
}

/**
 * Starts the three in `beforeAll` and closes them in `afterAll` (call inside `describe`); the
 * fields are filled once `beforeAll` has run.
 */
export function pageFixture(chromiumPath: string, env: Record<string, string> = {}): PageFixture {
  const f = {} as PageFixture;
  beforeAll(async () => {
    f.receiver = await Receiver.start();
    f.ex = await startExampleApp(env);
    f.browser = await launchChromium(chromiumPath);
  });
  afterAll(async () => {
    await f.browser?.close();
    await f.ex?.close();
    await f.receiver?.close();
  });
  return f;
}
