// End to end: every screen has an address, and the browser's Back and Forward (the back
// gesture of an installed app) move inside the app. A reload returns to the address after
// unlocking. The address and the history never hold a name or the search text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startApp, openFreshPage, createVault, unlock, goTo, addClient, clientRow, label, button, toast,
} from './helpers.mjs';

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

const ANNA = { name: 'Anna Kovalenko', phone: '+380 67 111 22 33' };
const BORIS = { name: 'Boris Petrov' };
/** What must never show in an address or in the history's state. */
// The phone in whole: a short run of its digits could turn up by chance in a random hex id.
const PRIVATE = ['Anna', 'Kovalenko', 'Boris', 'Petrov', '380671112233', '+380 67 111 22 33', 'kova'];

const searchBox = (page) => page.getByRole('searchbox', { name: 'Search clients' });
const hash = (page) => new URL(page.url()).hash;
const todayHeading = (page) => page.getByRole('heading', { name: /^Today, / });

/** Waits until the address is `expected` (a string or a pattern on the hash). */
async function waitForHash(page, expected) {
  const matches = (url) => (typeof expected === 'string' ? url.hash === expected : expected.test(url.hash));
  await page.waitForURL(matches);
}

/** Polls `condition` (a check in the test, not the page) until it holds. */
async function waitUntil(condition, timeout = 10000) {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeout) throw new Error('timed out waiting for the condition');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The address and the current history entry's state hold ids and view state only. */
async function assertNothingPrivate(page, typed = []) {
  const url = decodeURIComponent(page.url()).toLowerCase();
  const state = (await page.evaluate(() => JSON.stringify(history.state))).toLowerCase();
  for (const secret of [...PRIVATE, ...typed].map((s) => s.toLowerCase())) {
    assert.ok(!url.includes(secret), `"${secret}" is not in the address ${page.url()}`);
    assert.ok(!state.includes(secret), `"${secret}" is not in the history's state ${state}`);
  }
}

async function bookWithTwoClients(page) {
  await createVault(page);
  await waitForHash(page, '#/today');
  await addClient(page, ANNA);
  await addClient(page, BORIS);
  await assertNothingPrivate(page);
}

for (const [layout, viewport] of [['wide screen', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]]) {
  test(`${layout}: Back from a profile returns to the list with its search, Back again to Today, Forward returns`, async () => {
    const { context, page, problems } = await openFreshPage(app, viewport);
    await bookWithTwoClients(page);

    await goTo(page, 'Today');
    await todayHeading(page).waitFor();
    await waitForHash(page, '#/today');
    await goTo(page, 'Clients');
    await waitForHash(page, '#/clients');
    await searchBox(page).fill('kova');
    await page.getByText('Found 1 of 2 clients').waitFor();
    await assertNothingPrivate(page);
    await clientRow(page, ANNA.name).click();
    await page.getByRole('heading', { name: ANNA.name, exact: true }).waitFor();
    await waitForHash(page, /^#\/clients\/[0-9a-f]{32}$/);
    const profile = hash(page);
    await assertNothingPrivate(page);

    await page.goBack();
    await waitForHash(page, '#/clients');
    await page.getByText('Found 1 of 2 clients').waitFor();
    assert.equal(await searchBox(page).inputValue(), 'kova', 'the search is as it was left');
    await clientRow(page, ANNA.name).waitFor();
    assert.equal(await clientRow(page, BORIS.name).count(), 0);
    await assertNothingPrivate(page);

    await page.goBack();
    await waitForHash(page, '#/today');
    await todayHeading(page).waitFor();
    await assertNothingPrivate(page);

    // Forward: the list is drawn again, with the search it had.
    await page.goForward();
    await waitForHash(page, '#/clients');
    await page.getByText('Found 1 of 2 clients').waitFor();
    assert.equal(await searchBox(page).inputValue(), 'kova');
    await page.goForward();
    await waitForHash(page, profile);
    await page.getByRole('heading', { name: ANNA.name, exact: true }).waitFor();

    // The Clients button opens the list anew.
    await goTo(page, 'Clients');
    await waitForHash(page, '#/clients');
    await page.getByText('2 clients', { exact: true }).waitFor();
    assert.equal(await searchBox(page).inputValue(), '');
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('a reload on a profile shows the unlock screen, then the same profile; so does Lock', async () => {
  // Under a sub-path, as a static host would serve it: only the hash changes.
  const sub = await startApp({ base: '/books/clientele/' });
  try {
    const { context, page, problems } = await openFreshPage(sub);
    await bookWithTwoClients(page);
    await goTo(page, 'Clients');
    await clientRow(page, BORIS.name).click();
    await page.getByRole('heading', { name: BORIS.name, exact: true }).waitFor();
    await waitForHash(page, /^#\/clients\/[0-9a-f]{32}$/);
    const address = page.url();
    assert.equal(new URL(address).pathname, '/books/clientele/');

    await page.reload();
    await page.getByRole('heading', { name: 'Unlock your client book' }).waitFor();
    assert.equal(page.url(), address, 'the address stays while locked');
    await unlock(page);
    await page.getByRole('heading', { name: BORIS.name, exact: true }).waitFor();
    assert.equal(page.url(), address);
    await assertNothingPrivate(page);

    await button(page, 'Lock').click();
    await page.getByRole('heading', { name: 'Unlock your client book' }).waitFor();
    assert.equal(page.url(), address);
    await unlock(page);
    await page.getByRole('heading', { name: BORIS.name, exact: true }).waitFor();
    // Back from the profile opened by the reload leaves it for the screen before.
    await page.goBack();
    await waitForHash(page, '#/clients');
    await clientRow(page, ANNA.name).waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    await sub.close();
  }
});

test('an address for a client who is not in the book says so, with a way back to the list', async () => {
  const { context, page, problems } = await openFreshPage(app);
  await bookWithTwoClients(page);
  const missing = '#/clients/0123456789abcdef0123456789abcdef';
  const message = page.getByRole('alert').filter({ hasText: 'This client is not in the book.' });

  // Typed into the address bar.
  await page.evaluate((address) => { location.hash = address; }, missing);
  await message.waitFor();
  await button(page, 'Back to list').click();
  await waitForHash(page, '#/clients');
  await message.waitFor({ state: 'detached' });

  // A bookmark opened later: after unlocking.
  await page.goto(new URL(missing, page.url()).href);
  await page.reload();
  await unlock(page);
  await message.waitFor();
  assert.equal(hash(page), missing);
  // The editor's address too.
  await page.evaluate((address) => { location.hash = `${address}/edit`; }, missing);
  await waitForHash(page, `${missing}/edit`);
  await message.waitFor();
  assert.equal(await page.getByRole('heading', { name: 'Edit client' }).count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('Back to the profile of a client moved to Trash offers Restore, which shows the profile again', async () => {
  const { context, page, problems } = await openFreshPage(app);
  await bookWithTwoClients(page);
  await goTo(page, 'Clients');
  await clientRow(page, ANNA.name).click();
  await page.getByRole('heading', { name: ANNA.name, exact: true }).waitFor();
  const profile = hash(page);
  await button(page, 'Move to Trash').click();
  await toast(page, 'Moved to Trash.').waitFor();
  await waitForHash(page, '#/clients');
  await page.goBack();
  await waitForHash(page, profile);
  await page.getByText(/^This client was moved to Trash /).waitFor();
  await button(page, `Restore ${ANNA.name}`).click();
  await toast(page, 'Restored.').waitFor();
  await button(page, 'Edit profile').waitFor();
  await page.getByRole('heading', { name: ANNA.name, exact: true }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('Back from a form with unsaved input asks first; declining keeps the form, its input and its address', async () => {
  const { context, page, problems } = await openFreshPage(app);
  await bookWithTwoClients(page);
  await goTo(page, 'Clients');
  await clientRow(page, ANNA.name).click();
  await page.getByRole('heading', { name: ANNA.name, exact: true }).waitFor();
  const profile = hash(page);
  await button(page, 'Edit profile').click();
  await page.getByRole('heading', { name: 'Edit client' }).waitFor();
  await waitForHash(page, `${profile}/edit`);
  await label(page, 'Nickname or alias').fill('Annushka');

  const dialogs = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    if (dialogs.length === 1) dialog.dismiss(); else dialog.accept();
  });
  await page.goBack();
  await waitUntil(() => dialogs.length === 1);
  await waitForHash(page, `${profile}/edit`);
  assert.deepEqual(dialogs, ['You have unsaved changes. Leave without saving?']);
  await page.getByRole('heading', { name: 'Edit client' }).waitFor();
  assert.equal(await label(page, 'Nickname or alias').inputValue(), 'Annushka');
  await assertNothingPrivate(page, ['Annushka']);

  // Asked again, and this time left. The form stood in for the profile it was opened from, so
  // Back goes where Back from the profile would: the list, and Anna is unchanged.
  await page.goBack();
  await waitForHash(page, '#/clients');
  await clientRow(page, ANNA.name).waitFor();
  assert.equal(dialogs.length, 2);
  assert.equal(await page.getByText('“Annushka”').count(), 0);
  await page.goForward();
  await waitForHash(page, `${profile}/edit`);
  await page.getByRole('heading', { name: 'Edit client' }).waitFor();
  assert.equal(await label(page, 'Nickname or alias').inputValue(), '', 'what was given up is gone');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a saved form leaves no entry behind: Back goes where it would have from the screen the form came from', async () => {
  const { context, page, problems } = await openFreshPage(app);
  await bookWithTwoClients(page);
  await goTo(page, 'Clients');
  await waitForHash(page, '#/clients');

  // A new client: saved, the profile takes the form's place.
  await button(page, 'New client').click();
  await waitForHash(page, '#/clients/new');
  await label(page, 'Name').fill('Vera Nova');
  await button(page, 'Save').click();
  await toast(page, 'Saved.').waitFor();
  await page.getByRole('heading', { name: 'Vera Nova', exact: true }).waitFor();
  await waitForHash(page, /^#\/clients\/[0-9a-f]{32}$/);
  const profile = hash(page);

  // An edit: saved, it returns to the profile it was opened from.
  await button(page, 'Edit profile').click();
  await waitForHash(page, `${profile}/edit`);
  await label(page, 'Nickname or alias').fill('Verochka');
  await button(page, 'Save').click();
  await toast(page, 'Saved.').waitFor();
  await waitForHash(page, profile);
  await page.getByRole('region', { name: 'Client details' }).getByText('“Verochka”').waitFor();

  await page.goBack();
  await waitForHash(page, '#/clients');
  assert.equal(await page.getByRole('heading', { name: /client$/ }).count(), 0, 'no form shows');
  await page.goForward();
  await waitForHash(page, profile);
  await page.getByRole('heading', { name: 'Vera Nova', exact: true }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('the list\'s sort and filters are in the address; Back restores them, and a reload too', async () => {
  const { context, page, problems } = await openFreshPage(app);
  await bookWithTwoClients(page);
  await goTo(page, 'Clients');
  await page.getByText('Sort and filter').click();
  await label(page, 'Sort by').selectOption({ label: 'Newest' });
  await label(page, 'Filter by status').selectOption({ label: 'Lead' });
  await waitForHash(page, '#/clients?sort=created&status=lead');
  // New clients are active.
  await page.getByText('Found 0 of 2 clients').waitFor();
  await goTo(page, 'Settings');
  await waitForHash(page, '#/settings');
  await page.goBack();
  await waitForHash(page, '#/clients?sort=created&status=lead');
  assert.equal(await label(page, 'Sort by').inputValue(), 'created');
  await page.getByText('Found 0 of 2 clients').waitFor();
  await page.reload();
  await unlock(page);
  await page.getByText('Found 0 of 2 clients').waitFor();
  assert.ok(await label(page, 'Sort by').isVisible(), 'the filters show, open');
  assert.equal(await label(page, 'Sort by').inputValue(), 'created');
  assert.equal(await label(page, 'Filter by status').inputValue(), 'Lead');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a new section opens at its top, and Back returns to where the section was scrolled', async () => {
  const { context, page, problems } = await openFreshPage(app, { width: 390, height: 844 });
  await createVault(page);
  await goTo(page, 'Settings');
  await waitForHash(page, '#/settings');
  await label(page, 'Lock after no use for').waitFor();
  const scrollY = () => page.evaluate(() => Math.round(window.scrollY));
  await page.evaluate(() => window.scrollTo(0, 700));
  await page.waitForFunction(() => Math.round(window.scrollY) === 700);
  await goTo(page, 'Backup');
  await waitForHash(page, '#/backup');
  await page.waitForFunction(() => window.scrollY === 0);
  await page.goBack();
  await waitForHash(page, '#/settings');
  await page.waitForFunction(() => Math.round(window.scrollY) === 700);
  await page.goForward();
  await waitForHash(page, '#/backup');
  await page.waitForFunction(() => window.scrollY === 0);
  assert.equal(await scrollY(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});
