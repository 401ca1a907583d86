// End to end: the Dashboard over a small book designed by hand (tests/e2e/insight_book.rs),
// restored through the Backup screen. The page's clock is Friday March 20, 2026, noon in
// Berlin; the range is February 2026 (28 days), so the previous period is January 4 to 31.
//
// The book, every visit at 11:00 Berlin time:
// - Alice: held Jan 10 (€40, rated 4) and Feb 3 (€60, rated 5);
// - Bob: held Feb 10 (€40, rated 3), his first visit;
// - Cara: held Jan 20 (€50), a no-show on Feb 12;
// - Dan: held Dec 15 (€45), cancelled Feb 15 with a €10 fee, held Feb 20 (€50).
//
// February: held visits Alice, Bob, Dan = 3; revenue, every outcome, 60 + 40 + 0 + 10 + 50 =
// €160; average ticket (60 + 40 + 50) / 3 = €50; active 3, new 1 (Bob), returning 2/3 =
// 66.7%; of January's active clients (Alice, Cara) Alice came back: retention 50%; no-show
// 1/5 and cancellation 1/5 of held + no-show + cancelled = 20%; satisfaction (5 + 3) / 2 = 4.0.
// January 4–31: 2 held, €90, €45, active 2, new 2 (Alice and Cara), returning 0%, retention 0%
// (of Dec 7 – Jan 3's Dan, none came back), no-shows and cancellations 0%, satisfaction 4.0.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { startApp, openFreshPage, createVault, goTo, label, button, toast, ROOT } from './helpers.mjs';

const BERLIN = { timezoneId: 'Europe/Berlin' };
const NOW = new Date('2026-03-20T12:00:00+01:00');
const PASSPHRASE = 'insight book passphrase';

let app;
let book;

/** The backup file the example writes. */
async function writeBook() {
  const out = await mkdtemp(join(tmpdir(), 'clientele-insight-book-'));
  try {
    const file = join(out, 'book.clbk');
    await promisify(execFile)('cargo', ['run', '--quiet', '--example', 'insight_book', '--', '--out', file], { cwd: ROOT });
    return await readFile(file);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

before(async () => {
  book = await writeBook();
  app = await startApp();
}, { timeout: 900_000 });
after(async () => { await app?.close(); });

/** A fresh browser at the fixed time, with the book restored into a new vault. */
async function openSeededBook(viewport, options = {}) {
  const opened = await openFreshPage(app, viewport, { ...BERLIN, ...options });
  const { page } = opened;
  await page.clock.install({ time: NOW });
  await page.reload();
  await createVault(page);
  await goTo(page, 'Backup');
  await label(page, 'Backup file').setInputFiles({ name: 'book.clbk', mimeType: 'application/octet-stream', buffer: book });
  await label(page, 'Backup passphrase').fill(PASSPHRASE);
  await button(page, 'Check backup').click();
  await button(page, 'Merge into this book').click();
  await toast(page, 'Backup merged.').waitFor();
  return opened;
}

/** Dashboard on February 2026, chosen as a person would. */
async function showFebruary(page) {
  await goTo(page, 'Dashboard');
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  await label(page, 'Range').selectOption('custom');
  await label(page, 'From').fill('2026-02-01');
  await label(page, 'To').fill('2026-02-28');
  await page.getByText(/^Feb\s1\s–\s28,\s2026, compared with Jan\s4\s–\s31,\s2026\.$/).waitFor();
}

/** A KPI card by its name. */
const card = (page, name) => page.getByRole('list', { name: 'Key figures' }).getByRole('listitem')
  .filter({ has: page.getByText(name, { exact: true }) });

async function expectCard(page, name, value, previous, change) {
  const kpi = card(page, name);
  await kpi.locator('.kpi-value').filter({ hasText: new RegExp(`^${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }).waitFor();
  assert.equal(await kpi.locator('.kpi-previous').textContent(), `Previous: ${previous}`, name);
  assert.equal(await kpi.locator('.kpi-change').textContent(), `Change: ${change}`, name);
}

test('a seeded book shows the hand-computed KPIs for a custom range, and a chart as a table', async () => {
  const { page, context } = await openSeededBook({ width: 1280, height: 800 });
  try {
    await showFebruary(page);
    assert.match(page.url(), /#\/dashboard\?range=custom&from=2026-02-01&to=2026-02-28$/);
    await expectCard(page, 'Visits held', '3', '2', '+1');
    await expectCard(page, 'Revenue, EUR', '€160.00', '€90.00', '+€70.00');
    await expectCard(page, 'Average ticket, EUR', '€50.00', '€45.00', '+€5.00');
    await expectCard(page, 'Active clients', '3', '2', '+1');
    await expectCard(page, 'New clients', '1', '2', '\u22121');
    await expectCard(page, 'Returning clients', '66.7%', '0.0%', '+66.7 pp');
    await expectCard(page, 'Retention', '50.0%', '0.0%', '+50.0 pp');
    await expectCard(page, 'No-show rate', '20.0%', '0.0%', '+20.0 pp');
    await expectCard(page, 'Cancellation rate', '20.0%', '0.0%', '+20.0 pp');
    await expectCard(page, 'Average satisfaction (1–5)', '4.0', '4.0', '0.0');

    // The revenue chart as a table: the week of Feb 9 holds Bob's €40, Cara's no-show and
    // Dan's €10 cancellation fee of Sunday Feb 15.
    const revenue = page.getByRole('region', { name: 'Revenue, EUR' });
    const toggle = revenue.getByRole('button', { name: 'Show as table' });
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    await toggle.click();
    await revenue.getByRole('button', { name: 'Hide table' }).waitFor();
    assert.equal(await revenue.getByRole('button', { name: 'Hide table' }).getAttribute('aria-expanded'), 'true');
    const row = revenue.getByRole('row', { name: /^Week of Feb\s9,\s2026/ });
    assert.equal(await row.getByRole('cell').textContent(), '€50.00');
    // The drawing speaks for itself too.
    assert.match(await revenue.getByRole('img').getAttribute('aria-label'), /highest €60\.00 \(Week of Feb\s2,\s2026\); total €160\.00/);

    // Another range is another address, and the numbers follow.
    await label(page, 'Range').selectOption('all-time');
    await page.getByText(/All time has no previous period/).waitFor();
    await card(page, 'Visits held').locator('.kpi-value').filter({ hasText: /^6$/ }).waitFor();
    assert.equal(await card(page, 'Retention').count(), 0, 'no retention for all time');
  } finally {
    await context.close();
  }
});

test('custom dates apply once a date is whole: a year being typed is never shown, one outside 1900–9999 is flagged', async () => {
  const { page, context } = await openSeededBook({ width: 1280, height: 800 });
  try {
    await showFebruary(page);
    // Every address the dashboard takes from here on.
    await page.evaluate(() => {
      window.__addresses = [];
      new MutationObserver(() => window.__addresses.push(location.hash))
        .observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
    });
    // The year typed as a person would, digit by digit (Tab from the month to the day to the
    // year): the field holds 0002, 0020 and 0202 on the way to 2025.
    const from = label(page, 'From');
    await from.focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.type('2025');
    await page.getByText(/^Feb\s1,\s2025\s–\sFeb\s28,\s2026, compared with /).waitFor();
    const addresses = await page.evaluate(() => window.__addresses);
    const years = new Set(addresses.map((a) => a.match(/from=(\d+)-/)?.[1]));
    assert.deepEqual([...years].filter((y) => y !== '2025' && y !== '2026'), [], `addresses: ${[...new Set(addresses)].join(' ')}`);
    // A year outside 1900–9999 is flagged and the range stays.
    await from.fill('0020-02-01');
    await page.getByText('Enter a year from 1900 to 9999.').waitFor();
    assert.equal(await from.getAttribute('aria-invalid'), 'true');
    assert.match(page.url(), /from=2025-02-01&to=2026-02-28$/);
    await from.fill('2026-01-01');
    await page.getByText(/^Jan\s1\s–\sFeb\s28,\s2026, compared with /).waitFor();
    assert.equal(await from.getAttribute('aria-invalid'), 'false');
  } finally {
    await context.close();
  }
});

test('the dashboard fits a 390 px phone and axe finds no serious problem, light and dark', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const { page, context } = await openSeededBook({ width: 390, height: 844 }, { colorScheme });
    try {
      await showFebruary(page);
      await card(page, 'Visits held').locator('.kpi-value').filter({ hasText: /^3$/ }).waitFor();
      await page.getByRole('region', { name: 'Visits by weekday and hour' }).getByRole('button', { name: 'Show as table' }).click();
      await page.getByRole('region', { name: 'Visits by weekday and hour' }).getByRole('table').waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px (${colorScheme})`);
      const { violations } = await new AxeBuilder({ page }).analyze();
      const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}) ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
      assert.deepEqual(serious, [], colorScheme);
    } finally {
      await context.close();
    }
  }
});

// Screenshots to look at, when DASHBOARD_SCREENSHOTS names a folder: phone and desktop, light
// and dark, English and Chinese, February with every chart's drawing.
test('screenshots of the dashboard', { skip: !process.env.DASHBOARD_SCREENSHOTS }, async () => {
  const dir = process.env.DASHBOARD_SCREENSHOTS;
  for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 800 }]) {
    for (const colorScheme of ['light', 'dark']) {
      const { page, context } = await openSeededBook(viewport, { colorScheme });
      try {
        await showFebruary(page);
        await card(page, 'Visits held').locator('.kpi-value').filter({ hasText: /^3$/ }).waitFor();
        // Screen by screen, as a person scrolls (the bottom bar stays where it is).
        const shoot = async (lang) => {
          const height = await page.evaluate(() => document.documentElement.scrollHeight);
          for (let y = 0, i = 0; y < height; y += viewport.height - 100, i++) {
            await page.evaluate((y) => window.scrollTo(0, y), y);
            await page.screenshot({ path: join(dir, `dashboard-${viewport.width}-${colorScheme}-${lang}-${i}.png`) });
          }
        };
        await page.locator('.toast .dismiss').click().catch(() => {});
        await shoot('en');
        await goTo(page, 'Settings');
        await page.locator('#language').selectOption('zh-CN');
        await page.evaluate(() => { location.hash = '#/dashboard?range=custom&from=2026-02-01&to=2026-02-28'; });
        await page.getByRole('heading', { level: 1, name: '仪表板' }).waitFor();
        await page.locator('.dashboard .kpi-value').first().waitFor();
        await shoot('zh');
        // Russian has the longest words of the four.
        await page.evaluate(() => { location.hash = '#/settings'; });
        await page.locator('#language').selectOption('ru');
        await page.evaluate(() => { location.hash = '#/dashboard?range=custom&from=2026-02-01&to=2026-02-28'; });
        await page.getByRole('heading', { level: 1, name: 'Сводка' }).waitFor();
        await page.locator('.dashboard .kpi-value').first().waitFor();
        await shoot('ru');
      } finally {
        await context.close();
      }
    }
  }
});
