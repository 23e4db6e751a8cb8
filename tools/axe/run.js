// run.js opens an HTML file in headless Chromium and runs axe-core on it
// with the WCAG 2.x A and AA rules. It prints one JSON object on stdout:
// {"violations": [...], "passes": n, "incomplete": [...]}; the Go test
// decides what fails. Usage: node run.js FILE.html [CHROMIUM]
'use strict';
const path = require('path');
const fs = require('fs');
const os = require('os');
const puppeteer = require('puppeteer-core');

async function main() {
  const file = process.argv[2];
  const executablePath = process.argv[3] || process.env.CHROMIUM || '/usr/bin/chromium';
  if (!file) {
    throw new Error('usage: node run.js FILE.html [CHROMIUM]');
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'axe-chromium-'));
  const browser = await puppeteer.launch({
    executablePath,
    headless: true,
    userDataDir: profile,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
  try {
    const page = await browser.newPage();
    // The page must not need the network: every request but the file is refused.
    await page.setRequestInterception(true);
    const url = 'file://' + path.resolve(file);
    const requests = [];
    page.on('request', (req) => {
      if (req.url() === url) {
        req.continue();
      } else {
        requests.push(req.url());
        req.abort();
      }
    });
    await page.goto(url, { waitUntil: 'load' });
    await page.addScriptTag({ path: require.resolve('axe-core') });
    const result = await page.evaluate(async () => {
      // eslint-disable-next-line no-undef
      const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
      const brief = (rs) => rs.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, html: n.html.slice(0, 200), summary: n.failureSummary })),
      }));
      return { violations: brief(r.violations), incomplete: brief(r.incomplete), passes: r.passes.map((p) => p.id) };
    });
    result.version = require('axe-core/package.json').version;
    result.external_requests = requests;
    process.stdout.write(JSON.stringify(result) + '\n');
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(String(err && err.stack || err) + '\n');
  process.exit(2);
});
