// End to end: the book's insight in the client list and on the Segments screen. A small book is
// entered through the profile and the visit form, on a page whose clock is set to Tuesday
// Nov 24, 2026, noon in Berlin; then an RFM segment opens as a list from the Segments screen,
// the stage filter shows only leads, a saved segment with an RFM rule lists its clients, and
// the value sorts and column heads order the rows.
//
// The book, with each client's held (Completed) visits, paid in the book's currency (EUR), and
// what the rules of docs/ANALYTICS.md make of it on Nov 24:
// - Ann: Oct 15 (90.00), Nov 14 (10.00): 2 visits, 100.00, last 10 days ago; first visit within
//   90 days: New.
// - Bob: May 8, Aug 16, Nov 19 (10.00 each): 3 visits, 30.00, last 5 days ago; gaps 100 and 95
//   days, median 97, and 5 ≤ 97: Active.
// - Cat: no visit: Lead.
// - Eve: Oct 20, 2025 (5.00), Jan 28 (5.00): 2 visits, 10.00, last 300 days ago, more than 180:
//   Lapsed; a gap of 100 days, so next expected May 8, long past.
// - Fay: Nov 4 (60.00): 1 visit, last 20 days ago: New.
//
// RFM over the four with a held visit in the last 365 days, counting only the visits in them
// (Eve's of 2025 is 400 days ago) (n = 4; a score is 1 + ⌊5 × (2 × below + equal) / 8⌋, ties
// sharing their mid-rank's):
// - recency (fewer days is better): Eve 300 → 1, Fay 20 → 2, Ann 10 → 4, Bob 5 → 5;
// - frequency: Eve 1 and Fay 1 (tied: below 0, equal 2) → 2, Ann 2 → 4, Bob 3 → 5;
// - monetary: Eve 5.00 → 1, Bob 30.00 → 2, Fay 60.00 → 4, Ann 100.00 → 5;
// - FM = ⌈(F + M) / 2⌉: Ann ⌈9/2⌉ = 5, Bob ⌈7/2⌉ = 4, Eve ⌈3/2⌉ = 2, Fay ⌈6/2⌉ = 3.
// Segments by R and FM: Ann (4, 5) and Bob (5, 4) Champions, Eve (1, 2) Lost, Fay (2, 3) At
// risk; Cat, a lead, has none.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, openFreshPage, createVault, unlock, goTo, label, button, toast, addClient } from './helpers.mjs';

const BERLIN = { timezoneId: 'Europe/Berlin' };
const NOW = new Date('2026-11-24T12:00:00+01:00');

const BOOK = {
  Ann: [['2026-10-15', '90'], ['2026-11-14', '10']],
  Bob: [['2026-05-08', '10'], ['2026-08-16', '10'], ['2026-11-19', '10']],
  Cat: [],
  Eve: [['2025-10-20', '5'], ['2026-01-28', '5']],
  Fay: [['2026-11-04', '60']],
};

let app;
/** One browser with the book entered, shared by the tests: entering it takes a while. */
let session;

before(async () => {
  app = await startApp();
  session = await openFreshPage(app, { width: 1280, height: 800 }, BERLIN);
  const { page } = session;
  await page.clock.install({ time: NOW });
  await page.reload();
  await createVault(page);
  for (const [name, visits] of Object.entries(BOOK)) {
    await addClient(page, { name });
    for (const [date, paid] of visits) await addHeldVisit(page, date, paid);
  }
}, { timeout: 600_000 });
after(async () => {
  await session?.context.close();
  await app?.close();
});

/** A held visit on the open profile, at 10:00 on `date`, that paid `paid` in the book's currency. */
async function addHeldVisit(page, date, paid) {
  await button(page, 'Add visit').click();
  await label(page, 'Date').fill(date);
  await label(page, 'Start time').fill('10:00');
  await label(page, 'Service name (if not listed)').fill('Haircut');
  await label(page, 'Price').fill(paid);
  await label(page, 'Paid').fill(paid);
  await label(page, 'Outcome').selectOption({ label: 'Completed' });
  await button(page, 'Save visit').click();
  // The form closes once the visit is saved (the toast of the previous one may still show).
  await button(page, 'Save visit').waitFor({ state: 'detached' });
  await toast(page, 'Visit saved.').waitFor();
}

const clientList = (page) => page.getByRole('list', { name: 'Clients' });

/** Waits until the list shows exactly these clients, in this order (by their place in the list). */
async function waitForRows(page, names) {
  try {
    await page.waitForFunction((expected) => {
      const list = document.querySelector('ul.client-list');
      if (!list) return false;
      const rows = [...list.querySelectorAll(':scope > li')]
        .map((li) => [Number(li.getAttribute('aria-posinset')), li.querySelector('.name')?.firstChild?.textContent?.trim()])
        .sort((a, b) => a[0] - b[0])
        .map(([, name]) => name);
      return JSON.stringify(rows) === JSON.stringify(expected);
    }, names, { timeout: 10_000 });
  } catch (error) {
    const shown = await clientList(page).getByRole('listitem').allTextContents();
    assert.fail(`expected the rows ${JSON.stringify(names)}, the list shows ${JSON.stringify(shown)}: ${error.message}`);
  }
}

/** The client list as the Clients section opens it: every client, by name, no filter. */
async function freshList(page) {
  await goTo(page, 'Clients');
  // A segment the list was opened for stays until it is cleared.
  const all = button(page, 'Show all clients');
  if (await all.isVisible()) await all.click();
  await waitForRows(page, ['Ann', 'Bob', 'Cat', 'Eve', 'Fay']);
}

test('an RFM segment opens from the Segments screen as a list of its clients, and the filter clears', async () => {
  const { page, problems } = session;
  await goTo(page, 'Segments');
  const rfm = page.getByRole('region', { name: 'RFM segments' });
  // The ten segments, with the counts worked out above.
  for (const [segment, count] of [['Champions', '2 clients'], ['At risk', '1 client'], ['Lost', '1 client'],
    ['Loyal', '0 clients'], ['New customers', '0 clients'], ["Can't lose", '0 clients']]) {
    await rfm.getByRole('button', { name: `${segment} ${count}`, exact: true }).waitFor();
  }
  assert.equal(await rfm.getByRole('button').count(), 10);
  const stages = page.getByRole('region', { name: 'Lifecycle stages' });
  for (const [stage, count] of [['Lead', '1 client'], ['New', '2 clients'], ['Active', '1 client'], ['Lapsed', '1 client'], ['Drifting', '0 clients']]) {
    await stages.getByRole('button', { name: `${stage} ${count}`, exact: true }).waitFor();
  }

  await rfm.getByRole('button', { name: 'Champions 2 clients', exact: true }).click();
  await page.getByText('RFM segment: Champions').waitFor();
  await waitForRows(page, ['Ann', 'Bob']);
  await page.getByText('Found 2 of 5 clients').waitFor();
  assert.match(page.url(), /[?&]rfm=champions\b/);

  await button(page, 'Clear the RFM filter').click();
  await waitForRows(page, ['Ann', 'Bob', 'Cat', 'Eve', 'Fay']);
  assert.doesNotMatch(page.url(), /rfm=/);

  // A lifecycle stage opens the same way.
  await goTo(page, 'Segments');
  await page.getByRole('region', { name: 'Lifecycle stages' }).getByRole('button', { name: 'New 2 clients', exact: true }).click();
  await page.getByText('Stage: New').waitFor();
  await waitForRows(page, ['Ann', 'Fay']);
  assert.deepEqual(problems, []);
});

test('the stage filter shows only leads, and each row shows its stage', async () => {
  const { page, problems } = session;
  await freshList(page);
  const list = clientList(page);
  for (const [name, stage] of [['Ann', 'New'], ['Bob', 'Active'], ['Cat', 'Lead'], ['Eve', 'Lapsed'], ['Fay', 'New']]) {
    await list.getByRole('button', { name: new RegExp(`^${name}\\b`) }).getByText(stage, { exact: true }).waitFor();
  }
  const filters = page.getByText('Sort and filter');
  if (!(await label(page, 'Filter by stage').isVisible())) await filters.click();
  await label(page, 'Filter by stage').selectOption({ label: 'Lead' });
  await waitForRows(page, ['Cat']);
  await page.getByText('Found 1 of 5 clients').waitFor();
  assert.match(page.url(), /[?&]stage=lead\b/);
  await button(page, 'Clear the stage filter').click();
  await waitForRows(page, ['Ann', 'Bob', 'Cat', 'Eve', 'Fay']);
  assert.equal(await label(page, 'Filter by stage').inputValue(), '');
  assert.deepEqual(problems, []);
});

test('a saved segment with an RFM rule lists the clients in that segment', async () => {
  const { page, problems } = session;
  await goTo(page, 'Segments');
  await label(page, 'Segment name').fill('Worth a call');
  await label(page, 'Rule').selectOption({ label: 'RFM segment is' });
  await label(page, 'RFM segment value').selectOption({ label: 'At risk' });
  await button(page, 'Add rule').click();
  await page.getByRole('list', { name: 'Rules' }).getByText('RFM segment is At risk').waitFor();
  await page.getByText('1 client matches these rules').waitFor();
  // With a second rule, And: at risk and New (Fay is both).
  await label(page, 'Rule').selectOption({ label: 'Lifecycle stage is' });
  await label(page, 'Stage value').selectOption({ label: 'New' });
  await button(page, 'Add rule').click();
  await page.getByText('1 client matches these rules').waitFor();
  await button(page, 'Save segment').click();
  await toast(page, 'Segment saved.').waitFor();
  const saved = page.getByRole('region', { name: 'Saved segments' });
  await saved.getByText('1 client', { exact: true }).waitFor();
  await saved.getByRole('button', { name: 'Open Worth a call' }).click();
  await page.getByText('Segment: Worth a call').waitFor();
  await waitForRows(page, ['Fay']);
  assert.deepEqual(problems, []);
});

test('sorting by lifetime value, and by the column heads, orders the rows', async () => {
  const { page, problems } = session;
  await freshList(page);
  if (!(await label(page, 'Sort by').isVisible())) await page.getByText('Sort and filter').click();
  // 100.00, 60.00, 30.00, 10.00, nothing.
  await label(page, 'Sort by').selectOption({ label: 'Lifetime value' });
  await waitForRows(page, ['Ann', 'Fay', 'Bob', 'Eve', 'Cat']);
  assert.match(page.url(), /[?&]sort=value\b/);
  // The figures beside each row on a wide screen.
  const ann = clientList(page).getByRole('button', { name: /^Ann\b/ });
  await ann.getByText('€100.00').waitFor();
  // 3, 2 and 2 (Ann before Eve: ties keep name order), 1, 0.
  await button(page, 'Sort by Visits').click();
  await waitForRows(page, ['Bob', 'Ann', 'Eve', 'Fay', 'Cat']);
  assert.equal(await button(page, 'Sort by Visits').getAttribute('aria-pressed'), 'true');
  assert.equal(await label(page, 'Sort by').inputValue(), 'visits');
  // Next expected, earliest first: Eve May 8 (Jan 28 + 100 days, long past), Ann Dec 14
  // (Nov 14 + 30), Bob Feb 24 (Nov 19 + 97); Cat and Fay unknown, last, in name order.
  await label(page, 'Sort by').selectOption({ label: 'Next expected visit' });
  await waitForRows(page, ['Eve', 'Ann', 'Bob', 'Cat', 'Fay']);
  // Longest since the last visit: Eve 300 days, Fay 20, Ann 10, Bob 5; Cat never came.
  await label(page, 'Sort by').selectOption({ label: 'Longest since the last visit' });
  await waitForRows(page, ['Eve', 'Fay', 'Ann', 'Bob', 'Cat']);
  // The address keeps the sort: a reload shows the same order.
  await page.reload();
  await unlock(page);
  await waitForRows(page, ['Eve', 'Fay', 'Ann', 'Bob', 'Cat']);
  assert.equal(await label(page, 'Sort by').inputValue(), 'since');
  assert.deepEqual(problems, []);
});
