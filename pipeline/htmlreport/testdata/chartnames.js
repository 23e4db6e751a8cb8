// chartnames.js opens an HTML file in headless Chromium and prints, for
// every element Chromium's accessibility tree exposes as an image, the
// name and the description a screen reader is given (CDP
// Accessibility.getFullAXTree: Chromium's own computation, not ours).
// Usage: node chartnames.js FILE.html CHROMIUM MODULES, MODULES being the
// node_modules folder of tools/axe (puppeteer-core is pinned there).
'use strict';
const path = require('path');
const fs = require('fs');
const os = require('os');

async function main() {
  const [file, executablePath, modules] = process.argv.slice(2);
  if (!file || !executablePath || !modules) {
    throw new Error('usage: node chartnames.js FILE.html CHROMIUM MODULES');
  }
  const puppeteer = require(path.join(modules, 'puppeteer-core'));
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ax-chromium-'));
  const browser = await puppeteer.launch({
    executablePath,
    headless: true,
    userDataDir: profile,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    await page.goto('file://' + path.resolve(file), { waitUntil: 'load' });
    const cdp = await page.createCDPSession();
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    const images = nodes
      .filter((n) => !n.ignored && n.role && (n.role.value === 'image' || n.role.value === 'img'))
      .map((n) => ({
        name: (n.name && n.name.value) || '',
        description: (n.description && n.description.value) || '',
      }));
    process.stdout.write(JSON.stringify(images) + '\n');
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(String(err && err.stack || err) + '\n');
  process.exit(2);
});
