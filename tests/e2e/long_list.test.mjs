// End to end: a book of hundreds of clients, restored from a backup the benchmark's generator
// writes (tests/bench/generate.rs), as someone moving their book to this browser would. The
// list keeps only the rows in view in the page, scrolls to the last client, answers the
// keyboard past the first screen, and a long timeline opens a page at a time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { startApp, openFreshPage, createVault, goTo, label, button, toast, ROOT } from './helpers.mjs';

const CLIENTS = 600;
let app;
let book;
/** One browser with the book imported, shared by the tests: importing costs seconds each time. */
let session;

/**
 * Generates a synthetic book of `clients` clients with the benchmark's generator (seed 42,
 * deterministic), and returns the backup file, its passphrase, and every client's name and id.
 */
async function generateBook(clients) {
  const out = await mkdtemp(join(tmpdir(), 'clientele-long-list-'));
  try {
    // The dev profile: `cargo test` has built it already (scripts/test.sh runs that first), and
    // it is fast enough here, where a release build would take minutes after any change.
    await promisify(execFile)('cargo', ['run', '--quiet', '--example', 'bench_book', '--',
      '--clients', String(clients), '--out', out], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
    const meta = JSON.parse(await readFile(join(out, 'meta.json'), 'utf8'));
    return {
      meta,
      file: await readFile(join(out, 'book.clbk')),
      clients: JSON.parse(await readFile(join(out, 'fields.json'), 'utf8')),
    };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

// Compiling the generator takes a while on a cold machine; the tests themselves do not.
before(async () => {
  book = await generateBook(CLIENTS);
  app = await startApp();
  session = await openImportedBook();
}, { timeout: 900_000 });
after(async () => {
  await session?.context.close();
  await app?.close();
});

/** A fresh browser with a new client book into which the generated backup is merged. */
async function openImportedBook() {
  const opened = await openFreshPage(app);
  const { page } = opened;
  await createVault(page);
  await goTo(page, 'Backup');
  await label(page, 'Backup file').setInputFiles({ name: 'book.clbk', mimeType: 'application/octet-stream', buffer: book.file });
  await label(page, 'Backup passphrase').fill(book.meta.passphrase);
  await button(page, 'Check backup').click();
  await button(page, 'Merge into this book').click();
  await toast(page, 'Backup merged.').waitFor();
  await goTo(page, 'Clients');
  await page.getByText(`${CLIENTS} clients`, { exact: true }).waitFor();
  return opened;
}

const clientList = (page) => page.getByRole('list', { name: 'Clients' });

/** The shared page on the client list as the Clients section opens: no search, at the top. */
async function onClientList() {
  const { page } = session;
  await goTo(page, 'Clients');
  await clientList(page).getByRole('listitem').first().waitFor();
  assert.equal(await page.getByRole('searchbox', { name: 'Search clients' }).inputValue(), '');
  return session;
}

/** The name the list shows last: the book sorts by folded name (lowercase, ё as е), then id. */
function lastClientByName() {
  const fold = (name) => name.toLowerCase().replaceAll('ё', 'е').replace(/\s+/g, ' ').trim();
  const key = (c) => [fold(c.name), c.id];
  const compare = (a, b) => {
    for (const i of [0, 1]) if (key(a)[i] !== key(b)[i]) return key(a)[i] < key(b)[i] ? -1 : 1;
    return 0;
  };
  return [...book.clients].sort(compare).at(-1).name;
}

/**
 * True when `locator` lies inside the list's scrolling box, where a person sees it (give or take
 * the rounding of fractional pixels).
 */
async function inView(page, locator) {
  const row = await locator.boundingBox();
  const box = await clientList(page).evaluate((ul) => {
    const r = ul.parentElement.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom };
  });
  return row !== null && row.y >= box.top - 2 && row.y + row.height <= box.bottom + 2;
}

/** Turns the mouse wheel over the middle of the list's scrolling box, as a person scrolls it. */
async function wheelOverList(page, pixels) {
  const box = await clientList(page).evaluate((ul) => {
    const r = ul.parentElement.getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  });
  await page.mouse.move(box.x, box.y);
  await page.mouse.wheel(0, pixels);
}

/** How far the list's box is scrolled, in pixels. */
const listScrollTop = (page) => clientList(page).evaluate((ul) => ul.parentElement.scrollTop);

/** The place in the list (1-based) of the focused row, or null when focus is not on a row. */
const focusedPosition = (page) => page.evaluate(() => {
  const item = document.activeElement?.closest('[role=list] > li');
  return item ? Number(item.getAttribute('aria-posinset')) : null;
});

test('a 600-client book: the page holds only the rows in view, and scrolling reaches the last client', async () => {
  const { page, problems } = await onClientList();
  const list = clientList(page);
  const rows = list.getByRole('listitem');
  await rows.first().waitFor();
  const drawn = await rows.count();
  assert.ok(drawn > 5 && drawn < 40, `${drawn} rows in the page for ${CLIENTS} matches`);
  // A screen reader hears the size of the whole list, not of the rows that happen to exist.
  assert.equal(await rows.first().getAttribute('aria-setsize'), String(CLIENTS));
  assert.equal(await rows.first().getAttribute('aria-posinset'), '1');

  // Scroll with the mouse wheel over the list until the end.
  const last = lastClientByName();
  const lastName = { name: new RegExp(`^${last.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) };
  const lastRow = list.getByRole('button', lastName);
  for (let i = 0; i < 20 && !(await lastRow.count() && await inView(page, lastRow)); i++) {
    await wheelOverList(page, 10_000);
  }
  assert.ok(await inView(page, lastRow), `${last} is shown at the end of the list`);
  assert.equal(await rows.filter({ has: page.getByRole('button', lastName) }).getAttribute('aria-posinset'), String(CLIENTS));
  assert.ok(await rows.count() < 40, 'still only the rows in view');

  // A search narrows the list and starts again from the top.
  await page.getByRole('searchbox', { name: 'Search clients' }).fill('fifty000');
  await page.getByText(`Found 1 of ${CLIENTS} clients`).waitFor();
  assert.equal(await rows.count(), 1);
  assert.ok(await inView(page, rows.first()));

  await page.getByRole('searchbox', { name: 'Search clients' }).fill('');
  await rows.first().waitFor();
  const { violations } = await new AxeBuilder({ page }).include('.list-pane').analyze();
  assert.deepEqual(violations.filter((v) => ['serious', 'critical'].includes(v.impact)).map((v) => v.id), []);
  assert.deepEqual(problems, []);
});

test('the keyboard reaches rows below the first screen: arrows, Tab, End and Home, and the view follows', async () => {
  const { page, problems } = await onClientList();
  const list = clientList(page);
  await list.getByRole('listitem').first().waitFor();

  // From the search box, Tab leads into the list: to its first row.
  await page.getByRole('searchbox', { name: 'Search clients' }).focus();
  for (let i = 0; i < 10 && (await focusedPosition(page)) === null; i++) await page.keyboard.press('Tab');
  assert.equal(await focusedPosition(page), 1);

  // A jump of a screen or more focuses its row at the next frame: wait for that state.
  const expectFocusAt = async (position, how) => {
    await page.waitForFunction((position) =>
      document.activeElement?.closest('[role=list] > li')?.getAttribute('aria-posinset') === String(position), position)
      .catch(() => {});
    assert.equal(await focusedPosition(page), position, how);
    const focused = list.locator(`li[aria-posinset="${position}"]`).getByRole('button');
    assert.ok(await inView(page, focused), `row ${position} is scrolled into view (${how})`);
  };
  for (let i = 0; i < 15; i++) await page.keyboard.press('ArrowDown');
  await expectFocusAt(16, 'ArrowDown ×15');
  for (let i = 0; i < 5; i++) await page.keyboard.press('Tab');
  await expectFocusAt(21, 'Tab ×5');
  await page.keyboard.press('ArrowUp');
  await expectFocusAt(20, 'ArrowUp');
  await page.keyboard.press('End');
  await expectFocusAt(CLIENTS, 'End');
  await page.keyboard.press('Home');
  await expectFocusAt(1, 'Home');
  await page.keyboard.press('PageDown');
  await page.waitForFunction(() => document.activeElement?.closest('[role=list] > li')?.getAttribute('aria-posinset') !== '1');
  const afterPageDown = await focusedPosition(page);
  assert.ok(afterPageDown > 2, `Page Down moves a screen (to row ${afterPageDown})`);
  await expectFocusAt(afterPageDown, 'PageDown');

  // Scrolled away with the mouse, the focused row stays in the page and keeps focus.
  const before = await listScrollTop(page);
  await wheelOverList(page, 20_000);
  await page.waitForFunction((before) => document.querySelector('[role=list]').parentElement.scrollTop > before + 10_000, before);
  // Rows far below have been drawn in place of the ones around it.
  await page.waitForFunction((far) => [...document.querySelectorAll('[role=list] > li')]
    .some((li) => Number(li.getAttribute('aria-posinset')) > far), afterPageDown + 100);
  assert.ok(!(await inView(page, list.locator(`li[aria-posinset="${afterPageDown}"]`))), 'its row is out of view');
  assert.equal(await focusedPosition(page), afterPageDown, 'focus survives the rows being recycled');

  // Enter opens the focused client's profile.
  await page.keyboard.press('ArrowDown');
  await expectFocusAt(afterPageDown + 1, 'ArrowDown after scrolling away');
  const name = await list.locator(`li[aria-posinset="${afterPageDown + 1}"] .name`).evaluate((e) => e.firstChild.textContent);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 2, name, exact: true }).waitFor();
  assert.deepEqual(problems, []);
});

test('a profile with 53 history entries opens with the newest 20; "Show earlier" adds 20 at a time', async () => {
  const { page, problems } = await onClientList();
  await page.getByRole('searchbox', { name: 'Search clients' }).fill('fifty000');
  await clientList(page).getByRole('button', { name: /fifty000/ }).click();
  const profile = page.getByRole('article');
  const timeline = profile.getByRole('region', { name: 'Timeline' });
  const entries = timeline.getByRole('listitem');
  await entries.first().waitFor();
  assert.equal(await entries.count(), 20);

  const showEarlier = timeline.getByRole('button', { name: 'Show earlier' });
  await showEarlier.click();
  await entries.nth(39).waitFor();
  assert.equal(await entries.count(), 40);
  // The last page: the button goes, and focus moves to the first entry it revealed.
  await showEarlier.click();
  await entries.nth(52).waitFor();
  assert.equal(await entries.count(), 53);
  await showEarlier.waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.activeElement?.matches('.timeline > li'));
  assert.equal(await entries.nth(40).evaluate((li) => li === document.activeElement), true);

  // Newest first across the pages: the dates never go up.
  const times = await timeline.locator('.when').allTextContents();
  const parsed = times.map((t) => Date.parse(t.replace(/\u202f/g, ' ')));
  assert.ok(parsed.every((t) => !Number.isNaN(t)), 'the dates parse');
  assert.ok(parsed.every((t, i) => i === 0 || t <= parsed[i - 1]), 'newest first');
  assert.deepEqual(problems, []);
});

// Regression: opening a client used to rebuild the whole Clients view (the view signal was set
// to the value it had), which cleared the search and threw away the place in the list.
test('opening a client from the list keeps the search and the place in the list', async () => {
  const { page, problems } = await onClientList();
  const search = page.getByRole('searchbox', { name: 'Search clients' });
  await search.fill('fifty');
  await page.getByText(`Found 2 of ${CLIENTS} clients`).waitFor();
  await clientList(page).getByRole('button', { name: /fifty001/ }).click();
  await page.getByRole('article').getByText('“fifty001”').waitFor();
  assert.equal(await search.inputValue(), 'fifty');
  await page.getByText(`Found 2 of ${CLIENTS} clients`).waitFor();

  await search.fill('');
  await wheelOverList(page, 3000);
  await page.waitForFunction(() => document.querySelector('[role=list]').parentElement.scrollTop >= 3000);
  const scrolled = await listScrollTop(page);
  // Click the row in the middle of the list, where the person is looking.
  const middle = await clientList(page).evaluate((ul) => {
    const r = ul.parentElement.getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  });
  const name = await page.evaluate(({ x, y }) =>
    document.elementFromPoint(x, y).closest('button').querySelector('.name').firstChild.textContent, middle);
  await page.mouse.click(middle.x, middle.y);
  await page.getByRole('heading', { level: 2, name, exact: true }).waitFor();
  assert.equal(await listScrollTop(page), scrolled);
  assert.deepEqual(problems, []);
});
