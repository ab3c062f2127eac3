// jest globalSetup: says once, loudly, when the browser specs cannot run here (no Chromium).
// Each browser spec then skips itself, or fails under CI=true (see test/support/browser.ts).
const { existsSync, readdirSync } = require('node:fs');
const { join } = require('node:path');

module.exports = async function browserCheck() {
  // As test/support/browser.ts: CHROME_PATH when set (and only it), else the usual paths.
  const env = process.env.CHROME_PATH;
  const candidates = env ? [env] : ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  if (candidates.some((p) => existsSync(p))) return;
  const specs = readdirSync(join(__dirname, '..')).filter((f) => f.endsWith('.browser.e2e-spec.ts'));
  const line = '*'.repeat(78);
  const verdict =
    process.env.CI === 'true'
      ? 'CI=true: these specs FAIL, so this run cannot pass.'
      : 'These specs are SKIPPED in this run:';
  process.stderr.write(
    `\n${line}\n* No Chromium found (CHROME_PATH, /usr/bin/chromium). ${verdict}\n` +
      specs.map((s) => `*   test/${s}\n`).join('') +
      `* To run them: apt-get install -y chromium   (or set CHROME_PATH to a Chrome/Chromium binary)\n${line}\n\n`,
  );
};
