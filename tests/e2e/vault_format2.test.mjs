// Vault format 2 in a real Chromium: a vault written by the format-1 release opens and is
// migrated, a record put back from an older copy is reported by id, the data key can be
// replaced, and a hostile backup is refused before any key work.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import {
  startApp, openFreshPage, contextOptions, createVault, unlock, unlockToList, goTo, addClient, clientRow, storedRecordIds,
  PASSPHRASE, label, button, toast,
} from './helpers.mjs';

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

/** Reads or writes raw IndexedDB values, as someone with access to the storage could. */
const idb = {
  get: (page, store, key) => page.evaluate(async ({ store, key }) => {
    const db = await new Promise((resolve) => { const r = indexedDB.open('clientele'); r.onsuccess = () => resolve(r.result); });
    const value = await new Promise((resolve) => { const r = db.transaction(store).objectStore(store).get(key); r.onsuccess = () => resolve(r.result); });
    db.close();
    return value ? Array.from(value) : null;
  }, { store, key }),
  put: (page, store, key, bytes) => page.evaluate(async ({ store, key, bytes }) => {
    const db = await new Promise((resolve) => { const r = indexedDB.open('clientele'); r.onsuccess = () => resolve(r.result); });
    const tx = db.transaction(store, 'readwrite');
    tx.objectStore(store).put(new Uint8Array(bytes), key);
    await new Promise((resolve) => { tx.oncomplete = resolve; });
    db.close();
  }, { store, key, bytes }),
  all: (page, store) => page.evaluate(async (store) => {
    const db = await new Promise((resolve) => { const r = indexedDB.open('clientele'); r.onsuccess = () => resolve(r.result); });
    const s = db.transaction(store).objectStore(store);
    const [keys, values] = await Promise.all([s.getAllKeys(), s.getAll()].map((r) => new Promise((ok) => { r.onsuccess = () => ok(r.result); })));
    db.close();
    return Object.fromEntries(keys.map((k, i) => [k, Array.from(values[i])]));
  }, store),
};

test('a vault written by the format-1 release opens, and is migrated to format 2 in place', async () => {
  const fixture = JSON.parse(await readFile(new URL('../fixtures/vault-v1-release.json', import.meta.url), 'utf8'));
  // Seed the database before the app first opens it: from a page of the same origin that is
  // not the app, exactly as the format-1 release left it (database version 1).
  const context = await app.browser.newContext(contextOptions());
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  await page.goto(new URL('seed-not-the-app', app.url).href);
  await page.evaluate(async (dump) => {
    const bytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const db = await new Promise((resolve, reject) => {
      const r = indexedDB.open('clientele', dump.version);
      r.onupgradeneeded = () => { r.result.createObjectStore('meta'); r.result.createObjectStore('records'); };
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const tx = db.transaction(['meta', 'records'], 'readwrite');
    for (const [key, value] of dump.meta) tx.objectStore('meta').put(bytes(value), key);
    for (const [key, value] of dump.records) tx.objectStore('records').put(bytes(value), key);
    await new Promise((resolve) => { tx.oncomplete = resolve; });
    db.close();
  }, fixture.indexeddb);
  await page.goto(app.url);
  await unlockToList(page, fixture.passphrase);
  await clientRow(page, 'Release Fixture Олена').waitFor();
  await clientRow(page, 'Frozen Backup').waitFor();
  await clientRow(page, 'Release Fixture Олена').click();
  await page.getByText('Send aftercare tips').waitFor();
  await page.getByText(/450\.00 of .*450\.00 paid/).waitFor();
  await goTo(page, 'Trash');
  await page.getByRole('main').getByText('Trashed Fixture').first().waitFor();

  // Stored as format 2 now: the header says version 2, format 1's records are gone.
  const header = await idb.get(page, 'meta', 'header');
  assert.equal(header[8], 2, 'header format version');
  assert.deepEqual(await storedRecordIds(page, 'records'), []);
  assert.equal((await storedRecordIds(page, 'clients')).length, 3);

  // And it opens again as format 2, with the same passphrase.
  await page.reload();
  await unlockToList(page, fixture.passphrase);
  await clientRow(page, 'Release Fixture Олена').waitFor();
  assert.equal(await page.getByRole('alert').filter({ hasText: 'could not be read' }).count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a client record put back from an older copy is reported by id, and the rest opens', async () => {
  const { page, context, problems } = await openFreshPage(app);
  await createVault(page);
  await addClient(page, { name: 'Steady Sam', phone: '+44 20 7946 0018' });
  await addClient(page, { name: 'Rollback Ruth', notes: 'first version' });
  const before = await idb.all(page, 'clients');
  await button(page, 'Edit profile').click();
  await label(page, 'General notes').fill('second version');
  await button(page, 'Save').click();
  await toast(page, 'Saved.').waitFor();
  const after = await idb.all(page, 'clients');
  const [changed] = Object.keys(after).filter((id) => after[id].join() !== before[id].join());
  assert.ok(changed, 'the edit rewrote one client record');
  await page.getByRole('button', { name: 'Lock', exact: true }).click();

  // Put the older copy back, as someone with access to the storage could.
  await idb.put(page, 'clients', changed, before[changed]);
  await page.reload();
  await unlockToList(page);
  const banner = page.getByRole('alert').filter({ hasText: 'could not be read' });
  await banner.waitFor();
  assert.ok((await banner.textContent()).includes(changed));
  assert.ok((await banner.textContent()).includes('older copy'));
  // The rest opens, and the summary still knows the last saved version.
  await clientRow(page, 'Steady Sam').click();
  await page.getByRole('heading', { name: 'Steady Sam' }).waitFor();
  await clientRow(page, 'Rollback Ruth').click();
  await page.getByText('second version').waitFor();
  // Her profile says that only the summary is there, and why.
  await page.getByRole('alert').filter({ hasText: 'full record could not be read' }).waitFor();
  await clientRow(page, 'Steady Sam').click();
  await page.getByRole('heading', { name: 'Steady Sam' }).waitFor();
  assert.equal(await page.getByRole('alert').filter({ hasText: 'full record could not be read' }).count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('replacing the data key re-seals everything; an old header then opens nothing', async () => {
  const { page, context, problems } = await openFreshPage(app);
  await createVault(page);
  await addClient(page, { name: 'Key Kim', notes: 'kept through the new key' });
  const oldHeader = await idb.get(page, 'meta', 'header');
  const oldClients = await idb.all(page, 'clients');
  await goTo(page, 'Settings');
  const form = page.getByRole('form', { name: 'Replace the data key' });
  await form.getByLabel('Your passphrase, to confirm').fill(PASSPHRASE);
  await form.getByRole('button', { name: 'Replace the data key' }).click();
  await toast(page, 'encrypted under a new key').waitFor();
  const newClients = await idb.all(page, 'clients');
  for (const id of Object.keys(oldClients)) assert.notEqual(newClients[id].join(), oldClients[id].join(), id);

  await page.reload();
  await unlockToList(page);
  await clientRow(page, 'Key Kim').click();
  await page.getByText('kept through the new key').waitFor();
  await page.getByRole('button', { name: 'Lock', exact: true }).click();

  // The old header still takes the passphrase, but its key opens none of the records.
  await idb.put(page, 'meta', 'header', oldHeader);
  await page.reload();
  await unlockToList(page);
  await page.getByRole('alert').filter({ hasText: 'could not be read' }).waitFor();
  assert.equal(await clientRow(page, 'Key Kim').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

/** The frozen backup with other KDF parameters and a recomputed checksum. */
async function backupAsking(memoryKib, passes) {
  const file = Buffer.from(await readFile(new URL('../vectors/backup-v1.clbk', import.meta.url)));
  file.writeUInt32LE(memoryKib, 11);
  file.writeUInt32LE(passes, 15);
  file.writeUInt32LE(crc32(file.subarray(0, file.length - 4)) >>> 0, file.length - 4);
  return file;
}

async function checkBackup(page, file, passphrase = 'correct horse battery staple') {
  await goTo(page, 'Backup');
  await label(page, 'Backup file').setInputFiles({ name: 'hostile.clbk', mimeType: 'application/octet-stream', buffer: file });
  await label(page, 'Backup passphrase').fill(passphrase);
  await button(page, 'Check backup').click();
}

test('a hostile backup is refused before any key work; a costly one asks first', async () => {
  const { page, context, problems } = await openFreshPage(app);
  await createVault(page);
  await addClient(page, { name: 'Untouched Una' });

  // 1 GiB and 64 passes would take a phone's tab down: refused at once, nothing imported.
  const started = Date.now();
  await checkBackup(page, await backupAsking(1024 * 1024, 64));
  await page.getByRole('alert').filter({ hasText: 'above 256 MiB or 10 passes' }).waitFor();
  assert.ok(Date.now() - started < 5000, 'no derivation was attempted');

  // 128 MiB and 3 passes is allowed, but only after the user agrees to wait.
  await checkBackup(page, await backupAsking(128 * 1024, 3));
  const dialog = page.getByRole('alertdialog', { name: 'Slow backup' });
  await dialog.getByText('128 MiB and 3 passes').waitFor();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  assert.equal(await page.getByRole('region', { name: 'Backup contents' }).count(), 0);
  await goTo(page, 'Clients');
  await clientRow(page, 'Untouched Una').waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});
