// `go-escape report --html` on the hotcold fixture with a real memory profile and benchmark,
// opened in headless Chromium (Debian's /usr/bin/chromium through playwright-core): the page
// renders, sorts, makes no request besides its own file, and a screenshot goes to test-output/.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { REPO } from '../../helpers/lspClient';
import { goBench, markedLines } from '../../helpers/profileRuns';
import { copyFixture, FIXTURES, hasGo, removeDir } from '../../helpers/tempModule';

const CLI = path.join(REPO, 'dist', 'cli.js');
const CHROMIUM = process.env.GO_ESCAPE_CHROMIUM ?? '/usr/bin/chromium';
const OUTPUT = path.join(REPO, 'test-output');

describe('HTML report in headless Chromium', function () {
  this.timeout(240_000);
  let dir = '';
  let hot = 0;
  let browser: Browser | undefined;

  before(async function () {
    if (!hasGo() || !fs.existsSync(CLI)) this.skip();
    if (!fs.existsSync(CHROMIUM)) {
      process.stderr.write(`    (skipped: no Chromium at ${CHROMIUM}; scripts/setup-e2e.sh installs Debian's chromium)\n`);
      this.skip();
    }
    dir = copyFixture(path.join(FIXTURES, 'profile', 'hotcold'));
    [hot] = markedLines(path.join(dir, 'hot.go'), 'profile: hot');
    goBench(dir, '^BenchmarkHot$', path.join(dir, 'mem.pprof'));
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  });
  after(async () => {
    await browser?.close();
    if (dir) removeDir(dir);
  });

  function report(file: string, args: string[]): string {
    const out = path.join(dir, file);
    const r = spawnSync(process.execPath, [CLI, 'report', '--html', out, ...args, '.'], { cwd: dir, encoding: 'utf8', env: { ...process.env, GOFLAGS: '' } });
    assert.equal(r.status, 0, r.stderr);
    return out;
  }

  /** Opens the page and records every request the browser makes and every error it logs. */
  async function open(file: string): Promise<{ page: Page; requests: string[]; errors: string[] }> {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const url = pathToFileURL(file).href;
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => void requests.push(r.url()));
    page.on('pageerror', (e) => void errors.push(e.message));
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    await page.goto(url, { waitUntil: 'load' });
    return { page, requests: requests.filter((r) => r !== url), errors };
  }

  const column = (page: Page, table: string, index: number) =>
    page.$$eval(`#${table} tbody tr`, (rows, i) => rows.map((r) => (r as unknown as { cells: { getAttribute(name: string): string | null }[] }).cells[i as number].getAttribute('data-v') ?? ''), index);

  it('renders the profile\'s weights, sorts, and makes no request', async () => {
    const file = report('report.html', ['--profile', 'mem.pprof', '--bench', '^BenchmarkHot$', '--benchtime', '500x']);
    const { page, requests, errors } = await open(file);
    try {
      assert.deepEqual(requests, []);
      assert.deepEqual(errors, []);
      assert.equal(await page.textContent('h1'), 'Heap allocations');
      // Sites start ranked by share: the hot loop's allocation first, with its measured figure.
      const first = page.locator('#sites-table tbody tr').first();
      assert.match((await first.locator('td').first().textContent()) ?? '', new RegExp(`hot\\.go:${hot}:`));
      assert.match((await first.textContent()) ?? '', /1 alloc\/op, 16 B\/op/);
      assert.match((await page.locator('#chart title').first().textContent()) ?? '', /^NewPoint: /);

      // Location: descending, then ascending.
      const location = page.locator('#sites-table th', { hasText: 'Location' });
      await location.click();
      const down = await column(page, 'sites-table', 0);
      assert.deepEqual(down, [...down].sort().reverse());
      await location.click();
      const up = await column(page, 'sites-table', 0);
      assert.deepEqual(up, [...up].sort());
      assert.equal(await location.getAttribute('aria-sort'), 'ascending');
      assert.notEqual(up[0], down[0]);
      // Share: highest first again, empty cells last.
      await page.locator('#sites-table th', { hasText: 'Share of allocated bytes' }).click();
      const shares = await column(page, 'sites-table', 4);
      const numbers = shares.filter((s) => s !== '').map(Number);
      assert.deepEqual(numbers, [...numbers].sort((a, b) => b - a));
      assert.deepEqual(shares.slice(numbers.length).filter((s) => s !== ''), []);
      assert.match((await first.locator('td').first().textContent()) ?? '', new RegExp(`hot\\.go:${hot}:`));

      await first.locator('details summary').click();
      assert.match((await first.locator('details p').textContent()) ?? '', /\S{10,}/);
      fs.mkdirSync(OUTPUT, { recursive: true });
      await page.screenshot({ path: path.join(OUTPUT, 'profile-report.png'), fullPage: true });
    } finally {
      await page.context().close();
    }
  });

  it('charts finding counts by function without a profile', async () => {
    const { page, requests, errors } = await open(report('plain.html', []));
    try {
      assert.deepEqual(requests, []);
      assert.deepEqual(errors, []);
      assert.equal(await page.textContent('#chart-section h2'), 'Heap findings by function');
      assert.ok((await page.locator('#chart g.bar').count()) >= 2);
      assert.equal(await page.locator('#sites-table th', { hasText: 'Share' }).count(), 0);
    } finally {
      await page.context().close();
    }
  });
});
