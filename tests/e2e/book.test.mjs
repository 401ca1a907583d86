// End to end: working with clients (search, edit, delete) and every way storage can go wrong.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, openFreshPage, openPersistentProfile, createVault, unlock, unlockToList, goTo, addClient, clientRow, dumpStorage, storedRecordIds } from './helpers.mjs';

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

const search = (page) => page.getByRole('searchbox', { name: 'Search clients' });
const count = (page) => page.getByRole('region', { name: 'Clients' }).locator('.count');

/**
 * Changes stored IndexedDB bytes from inside the page, as a damaged disk or another program
 * might: flips one bit at `flip`, or keeps only the first `truncate` bytes. (No code strings:
 * the app's Content-Security-Policy forbids evaluating them, in tests too.)
 */
async function tamperWithStore(page, storeName, key, { flip, truncate }) {
  await page.evaluate(async ({ storeName, key, flip, truncate }) => {
    const db = await new Promise((resolve) => { const r = indexedDB.open('clientele'); r.onsuccess = () => resolve(r.result); });
    const tx = db.transaction(storeName, 'readwrite');
    const store = tx.objectStore(storeName);
    const keys = await new Promise((resolve) => { const r = store.getAllKeys(); r.onsuccess = () => resolve(r.result); });
    const target = key ?? keys[0];
    const value = await new Promise((resolve) => { const r = store.get(target); r.onsuccess = () => resolve(r.result); });
    const bytes = new Uint8Array(value);
    if (flip !== undefined) bytes[flip] ^= 1;
    store.put(truncate === undefined ? bytes : bytes.slice(0, truncate), target);
    await new Promise((resolve) => { tx.oncomplete = resolve; });
    db.close();
  }, { storeName, key, flip, truncate });
}

test('search as you type finds names in any script, phones by digits, emails and notes', async () => {
  const { page, context } = await openFreshPage(app);
  await createVault(page);
  await addClient(page, { name: 'Olena Kovalenko', phone: '+380 (67) 123-45-67' });
  await addClient(page, { name: 'Семён Петров', email: 'semyon@example.ru' });
  await addClient(page, { name: '王小芳', notes: '喜欢短发' });
  await addClient(page, { name: 'Maria Lopez', notes: 'Prefers Tuesday mornings' });
  await goTo(page, 'Today');
  await goTo(page, 'Clients');
  await search(page).pressSequentially('семен');
  await clientRow(page, 'Семён Петров').waitFor();
  assert.equal(await count(page).textContent(), 'Found 1 of 4 clients');
  for (const [query, expected] of [['671234567', 'Olena'], ['小芳', '王小芳'], ['EXAMPLE.RU', 'Семён'], ['tuesday', 'Maria'], ['短发', '王小芳']]) {
    await search(page).fill(query);
    await clientRow(page, expected).waitFor();
    assert.equal(await count(page).textContent(), 'Found 1 of 4 clients', query);
  }
  await search(page).fill('nobody by this name');
  assert.equal(await count(page).textContent(), 'Found 0 of 4 clients');
  await context.close();
});

test('an edit survives a reload; a rejected form keeps what was typed', async () => {
  const { page, context } = await openFreshPage(app);
  await createVault(page);
  await addClient(page, { name: 'Anna Schmidt', email: 'anna@example.de' });

  await page.getByRole('button', { name: 'Edit profile' }).click();
  await page.getByLabel('Email 1', { exact: true }).fill('anna-at-example');
  await page.getByLabel('General notes').fill('Allergic to lavender');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByText('An email address looks like name@example.com.').waitFor();
  await page.getByRole('alert').filter({ hasText: 'Some fields need attention' }).waitFor();
  assert.equal(await page.getByLabel('General notes').inputValue(), 'Allergic to lavender');
  assert.equal(await page.getByLabel('Email 1', { exact: true }).getAttribute('aria-invalid'), 'true');
  await page.getByLabel('Email 1', { exact: true }).fill('anna@example.de');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();

  await page.reload();
  await unlockToList(page);
  await clientRow(page, 'Anna Schmidt').click();
  await page.getByRole('article', { name: 'Anna Schmidt' }).getByText('Allergic to lavender').waitFor();
  await context.close();
});

test('a full disk: the save fails with a clear message, the form is kept, and a retry saves', async () => {
  const profile = await openPersistentProfile(app);
  try {
    let page = profile.page;
    await createVault(page);
    await addClient(page, { name: 'Before The Disk Filled' });
    page = await profile.reopenWithFullDisk();
    await unlockToList(page);

    await page.getByRole('button', { name: 'New client' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Written When Full');
    await page.getByLabel('General notes').fill('x'.repeat(5000));
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'out of space' }).waitFor();
    assert.equal(await page.getByLabel('Name', { exact: true }).inputValue(), 'Written When Full');
    assert.equal(await clientRow(page, 'Written When Full').count(), 0, 'not listed as saved');

    await profile.freeDisk();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await page.reload();
    await unlockToList(page);
    await clientRow(page, 'Written When Full').waitFor();
    await clientRow(page, 'Before The Disk Filled').waitFor();
  } finally {
    await profile.remove();
  }
});

test('a damaged record is reported by id and everything else opens', async () => {
  const { page, context, problems } = await openFreshPage(app);
  await createVault(page);
  await addClient(page, { name: 'Intact Client' });
  await addClient(page, { name: 'Damaged Client' });
  const ids = await storedRecordIds(page);
  assert.equal(ids.length, 2);
  await page.getByRole('button', { name: 'Lock', exact: true }).click();

  // Storage cannot tell which id holds which name (that is the point), so damage one full
  // record and expect its id named. Both clients stay listed: each shard still holds the
  // summary (name, contacts) that the book wrote last; only the damaged history is lost.
  await tamperWithStore(page, 'clients', ids[1], { flip: 30 });
  await page.reload();
  await unlockToList(page);
  const banner = page.getByRole('alert').filter({ hasText: 'could not be read' });
  await banner.waitFor();
  assert.ok((await banner.textContent()).includes(ids[1]));
  assert.ok((await banner.textContent()).includes('failed its integrity check'));
  assert.equal(await page.getByRole('region', { name: 'Clients' }).getByRole('listitem').count(), 2);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a damaged header: a clear message, and the stored header is never overwritten', async () => {
  const { page, context } = await openFreshPage(app);
  await createVault(page);
  await addClient(page, { name: 'Someone' });
  await tamperWithStore(page, 'meta', 'header', { truncate: 30 });
  const before = await dumpStorage(page);
  await page.reload();
  await page.getByRole('heading', { name: 'The client book cannot be opened' }).waitFor();
  await page.getByRole('alert').filter({ hasText: 'header is damaged' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Create client book' }).count(), 0);
  assert.equal(await dumpStorage(page), before);
  await context.close();
});
