// End to end: what keeps the book closed and consistent. Auto-lock and the lock shortcut, the
// clipboard that clears itself, passphrase change (also interrupted), the key-settings upgrade
// and one writer across tabs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  contextOptions, startApp, openFreshPage, openPersistentProfile, createVault, unlock, unlockToList, addClient, clientRow,
  goTo, label, button, toast, PASSPHRASE,
} from './helpers.mjs';

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

const NEW_PASSPHRASE = 'amber kettle drifts north 77';

async function changePassphrase(page, current, next) {
  await goTo(page, 'Settings');
  await label(page, 'Current passphrase').fill(current);
  await label(page, 'New passphrase').fill(next);
  await label(page, 'Repeat new passphrase').fill(next);
  await button(page, 'Change passphrase').click();
}

test('idle time locks the book, and so do the shortcut and the Lock button', async () => {
  const context = await app.browser.newContext(contextOptions());
  const page = await context.newPage();
  // The page's own timers and clock, moved forward by the test instead of waiting minutes.
  await page.clock.install();
  await page.goto(app.url);
  await createVault(page);
  await addClient(page, { name: 'Idle Ivanova' });

  // Default: 5 minutes. Four minutes of quiet keep it open.
  await page.clock.fastForward('04:00');
  await page.getByRole('heading', { name: 'Idle Ivanova' }).waitFor();
  await page.clock.fastForward('01:10');
  await page.getByRole('heading', { name: 'Unlock your client book' }).waitFor();
  await page.getByText('Locked after 5 min without use.').waitFor();
  assert.equal(await page.getByText('Idle Ivanova').count(), 0, 'no client text left in the page');

  // A shorter setting, chosen as a user would.
  await unlock(page);
  await goTo(page, 'Settings');
  await label(page, 'Lock after no use for').selectOption({ label: '1 min' });
  await toast(page, 'Auto-lock saved.').waitFor();
  await page.clock.fastForward('01:10');
  await page.getByRole('heading', { name: 'Unlock your client book' }).waitFor();

  // "Never" keeps it open.
  await unlock(page);
  await goTo(page, 'Settings');
  await label(page, 'Lock after no use for').selectOption({ label: 'Never' });
  await toast(page, 'Auto-lock saved.').waitFor();
  await page.clock.fastForward('02:00:00');
  await button(page, 'Lock').waitFor();

  // The keyboard shortcut.
  await page.keyboard.press('Control+Shift+L');
  await page.getByRole('heading', { name: 'Unlock your client book' }).waitFor();

  // The setting survived the locks.
  await unlock(page);
  await goTo(page, 'Settings');
  assert.equal(await label(page, 'Lock after no use for').inputValue(), '0');

  // Hiding the tab locks when asked to.
  await label(page, 'Lock when the tab is hidden').check();
  await toast(page, 'Auto-lock saved.').waitFor();
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await page.getByText('Locked when the tab was hidden.').waitFor();
  await context.close();
});

test('a copied phone leaves the clipboard after 30 seconds, unless something else was copied', async () => {
  const context = await app.browser.newContext(contextOptions());
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(app.url).origin });
  const page = await context.newPage();
  await page.clock.install();
  await page.goto(app.url);
  await createVault(page);
  await addClient(page, { name: 'Copy Kowalska', phone: '+48 600 100 200', email: 'copy@example.com' });
  const clipboard = () => page.evaluate(() => navigator.clipboard.readText());

  await button(page, 'Copy phone').click();
  await toast(page, 'Phone copied').waitFor();
  assert.equal(await clipboard(), '+48 600 100 200');
  await page.clock.fastForward('00:20');
  assert.equal(await clipboard(), '+48 600 100 200', 'still there before 30 s');
  await page.clock.fastForward('00:11');
  await page.waitForFunction(async () => (await navigator.clipboard.readText()) === '');

  await button(page, 'Copy email').click();
  await toast(page, 'Email copied').waitFor();
  await page.evaluate(() => navigator.clipboard.writeText('my own note'));
  await page.clock.fastForward('00:31');
  await page.waitForTimeout(200);
  assert.equal(await clipboard(), 'my own note', 'text copied since is left alone');
  await context.close();
});

test('changing the passphrase: the old one is refused afterwards, the data stays', async () => {
  const { page, context, problems } = await openFreshPage(app);
  await createVault(page);
  await addClient(page, { name: 'Rekey Petrenko' });

  await changePassphrase(page, 'not my passphrase at all', NEW_PASSPHRASE);
  await page.getByRole('alert').filter({ hasText: 'Wrong passphrase' }).waitFor();
  await changePassphrase(page, PASSPHRASE, 'short');
  const message = page.getByRole('form', { name: 'Change passphrase' }).getByRole('alert');
  await message.filter({ hasText: 'Use at least 12 characters' }).waitFor();
  // The message follows the typing: fixed, it goes.
  await label(page, 'New passphrase').fill(NEW_PASSPHRASE);
  await message.filter({ hasText: 'differ' }).waitFor();
  await label(page, 'Repeat new passphrase').fill(NEW_PASSPHRASE);
  await message.waitFor({ state: 'detached' });
  await changePassphrase(page, PASSPHRASE, NEW_PASSPHRASE);
  await toast(page, 'Passphrase changed.').waitFor();
  assert.equal(await label(page, 'Current passphrase').inputValue(), '', 'the form is emptied');

  await page.reload();
  await unlock(page, PASSPHRASE);
  await page.getByRole('alert').filter({ hasText: 'Wrong passphrase' }).waitFor();
  await unlockToList(page, NEW_PASSPHRASE);
  await clientRow(page, 'Rekey Petrenko').waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('an interrupted passphrase change leaves the old passphrase working', async () => {
  const profile = await openPersistentProfile(app);
  let page = profile.page;
  await createVault(page);
  await addClient(page, { name: 'Interrupted Ivanenko' });
  // A full disk: the header write fails inside its transaction.
  page = await profile.reopenWithFullDisk();
  await unlock(page);
  await changePassphrase(page, PASSPHRASE, NEW_PASSPHRASE);
  await page.getByRole('alert').filter({ hasText: 'out of space' }).waitFor();
  await profile.freeDisk();

  await page.reload();
  await unlock(page, NEW_PASSPHRASE);
  await page.getByRole('alert').filter({ hasText: 'Wrong passphrase' }).waitFor();
  await unlockToList(page, PASSPHRASE);
  await clientRow(page, 'Interrupted Ivanenko').waitFor();
  await profile.remove();
});

test('a book with older key settings is offered an upgrade at unlock', async () => {
  const { page, context, problems } = await openFreshPage(app);
  await page.getByRole('heading', { name: 'Create your client book' }).waitFor();
  // An old book (the frozen format-1 vector: Argon2id 19 MiB, 2 passes), as an earlier
  // version would have left it in IndexedDB.
  const vector = Object.fromEntries((await readFile(new URL('../vectors/vault-v1.txt', import.meta.url), 'utf8'))
    .split('\n').filter((l) => /^[A-Z_]+ /.test(l)).map((l) => [l.slice(0, l.indexOf(' ')), l.slice(l.indexOf(' ') + 1)]));
  await page.evaluate(async ({ header, record, id }) => {
    const bytes = (hex) => new Uint8Array(hex.match(/../g).map((h) => parseInt(h, 16)));
    const db = await new Promise((resolve) => { const r = indexedDB.open('clientele'); r.onsuccess = () => resolve(r.result); });
    const tx = db.transaction(['meta', 'records'], 'readwrite');
    tx.objectStore('meta').put(bytes(header), 'header');
    tx.objectStore('records').put(bytes(record), id);
    await new Promise((resolve) => { tx.oncomplete = resolve; });
    db.close();
  }, { header: vector.HEADER, record: vector.RECORD, id: vector.RECORD_ID });
  await page.reload();
  await unlockToList(page, vector.PASSPHRASE);
  await clientRow(page, 'Frozen Vector').waitFor();
  const offer = page.getByRole('region', { name: 'Stronger key settings are available' });
  await offer.getByText('19 MiB, 2 passes').waitFor();
  await offer.getByRole('button', { name: 'Upgrade now' }).click();
  await toast(page, 'Key settings upgraded.').waitFor();
  assert.equal(await offer.count(), 0);

  const stored = await page.evaluate(async () => {
    const db = await new Promise((resolve) => { const r = indexedDB.open('clientele'); r.onsuccess = () => resolve(r.result); });
    const r = db.transaction('meta').objectStore('meta').get('header');
    return new Promise((resolve) => { r.onsuccess = () => { db.close(); resolve(Array.from(r.result)); }; });
  });
  const view = new DataView(new Uint8Array(stored).buffer);
  assert.equal(view.getUint32(11, true), 64 * 1024, 'memory cost is now 64 MiB');
  assert.equal(view.getUint32(15, true), 3, 'three passes');

  // Same passphrase, and no second offer.
  await page.reload();
  await unlockToList(page, vector.PASSPHRASE);
  await clientRow(page, 'Frozen Vector').waitFor();
  assert.equal(await page.getByRole('region', { name: 'Stronger key settings are available' }).count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('two tabs: the second asks, "Use here" locks the first, and no save is lost', async () => {
  const context = await app.browser.newContext(contextOptions());
  const first = await context.newPage();
  await first.goto(app.url);
  await createVault(first);
  await addClient(first, { name: 'First Tab Client' });

  const second = await context.newPage();
  await second.goto(app.url);
  await second.getByRole('heading', { name: 'Clientele is open in another tab' }).waitFor();
  await button(second, 'Use here').click();
  await second.getByRole('heading', { name: 'Unlock your client book' }).waitFor();
  await first.getByRole('heading', { name: 'Clientele was opened in another tab' }).waitFor();
  assert.equal(await first.getByText('First Tab Client').count(), 0, 'the first tab dropped the client data');

  await unlockToList(second);
  await clientRow(second, 'First Tab Client').waitFor();
  await addClient(second, { name: 'Second Tab Client' });

  await button(first, 'Use here').click();
  await unlockToList(first);
  await clientRow(first, 'First Tab Client').waitFor();
  await clientRow(first, 'Second Tab Client').waitFor();
  await second.getByRole('heading', { name: 'Clientele was opened in another tab' }).waitFor();

  // Closing the tab that has it lets a waiting tab go on by itself.
  await first.close();
  await second.reload();
  await second.getByRole('heading', { name: 'Unlock your client book' }).waitFor();
  await context.close();
});
