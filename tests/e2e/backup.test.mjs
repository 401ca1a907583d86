// End to end: encrypted backups with real downloads and uploads, across browser profiles,
// and the per-client consent tools.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startApp, openFreshPage, createVault, unlock, goTo, addClient, clientRow, dumpStorage, storedRecordIds, PASSPHRASE, label, button, toast } from './helpers.mjs';

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });


/** Clicks `name` and returns the downloaded file's name and bytes. */
async function downloadBy(page, name) {
  const pending = page.waitForEvent('download');
  await button(page, name).click();
  const download = await pending;
  return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
}

async function exportBackup(page, passphrase = PASSPHRASE) {
  await goTo(page, 'Backup');
  await label(page, 'Your vault passphrase (to confirm)').fill(passphrase);
  const file = await downloadBy(page, 'Export backup');
  await toast(page, 'Backup exported.').waitFor();
  return file;
}

async function checkBackup(page, file, passphrase = PASSPHRASE) {
  await goTo(page, 'Backup');
  await label(page, 'Backup file').setInputFiles({ name: file.name, mimeType: 'application/octet-stream', buffer: file.bytes });
  await label(page, 'Backup passphrase').fill(passphrase);
  await button(page, 'Check backup').click();
}

async function bookWithTwoClients(page) {
  await createVault(page);
  await addClient(page, { name: 'Олена Коваленко', phone: '+380 67 123 45 67', notes: 'Бережно с кожей' });
  await button(page, 'Add visit').click();
  await button(page, 'Save visit').click();
  await toast(page, 'Visit saved.').waitFor();
  await addClient(page, { name: '王芳', email: 'wang@example.cn' });
  // A book with clients and no backup yet: Today reminds.
  await goTo(page, 'Today');
  await page.getByText('No backup yet.').waitFor();
  await page.getByRole('button', { name: 'Make a backup' }).waitFor();
}

test('a backup exported in one browser restores every client in a fresh one', async () => {
  const first = await openFreshPage(app);
  await bookWithTwoClients(first.page);
  const file = await exportBackup(first.page);
  assert.match(file.name, /^clientele-backup-\d{4}-\d{2}-\d{2}\.clbk$/);
  assert.ok(file.bytes.length > 200);
  assert.equal(file.bytes.subarray(0, 8).toString('latin1'), 'CLTBACKP');
  assert.ok(!file.bytes.includes(Buffer.from('Коваленко')) && !file.bytes.includes(Buffer.from('wang@example')));
  await first.page.getByText('Last backup: today, 0 changes since.').waitFor();
  await goTo(first.page, 'Today');
  await first.page.getByText('Last backup: today, 0 changes since.').waitFor();
  assert.equal(await first.page.getByRole('button', { name: 'Make a backup' }).count(), 0, 'no reminder right after a backup');
  await goTo(first.page, 'Settings');
  await first.page.getByText('Last backup: today, 0 changes since.').waitFor();
  await first.context.close();

  const fresh = await openFreshPage(app);
  await createVault(fresh.page, 'a different passphrase for this device');
  await checkBackup(fresh.page, file);
  const contents = fresh.page.getByRole('region', { name: 'Backup contents' });
  await contents.getByText('2 clients (0 in Trash), 1 visit, 0 interactions, 0 follow-ups').waitFor();
  await contents.getByText('2 new, 0 newer, 0 older, 0 identical').waitFor();
  await button(fresh.page, 'Merge into this book').click();
  await toast(fresh.page, 'Backup merged.').waitFor();
  await goTo(fresh.page, 'Clients');
  await clientRow(fresh.page, 'Олена Коваленко').click();
  await fresh.page.getByRole('article', { name: 'Олена Коваленко' }).getByText('Бережно с кожей').waitFor();
  await clientRow(fresh.page, '王芳').waitFor();

  // Merging the same file again changes nothing.
  await checkBackup(fresh.page, file);
  await contents.getByText('0 new, 0 newer, 0 older, 2 identical').waitFor();

  // Everything survives a reload.
  await fresh.page.reload();
  await unlock(fresh.page, 'a different passphrase for this device');
  await goTo(fresh.page, 'Clients');
  await clientRow(fresh.page, '王芳').waitFor();
  assert.deepEqual(fresh.problems, []);
  await fresh.context.close();
});

test('bad files get their own message and leave the book untouched', async () => {
  const { page, context } = await openFreshPage(app);
  await bookWithTwoClients(page);
  const file = await exportBackup(page);
  const before = await dumpStorage(page);

  const flipped = Buffer.from(file.bytes);
  flipped[Math.floor(flipped.length / 2)] ^= 0x10;
  const cases = [
    [{ ...file, bytes: flipped }, PASSPHRASE, 'damaged'],
    [{ ...file, bytes: file.bytes.subarray(0, file.bytes.length - 20) }, PASSPHRASE, 'incomplete'],
    [{ name: 'photo.png', bytes: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex') }, PASSPHRASE, 'not a Clientele backup'],
    [{ name: 'export.json', bytes: Buffer.from('{"passwords":[]}') }, PASSPHRASE, 'not a Clientele backup'],
    [{ name: 'empty.clbk', bytes: Buffer.alloc(0) }, PASSPHRASE, 'empty'],
    [file, 'not the right passphrase', 'Wrong passphrase'],
  ];
  for (const [bad, passphrase, message] of cases) {
    await checkBackup(page, bad, passphrase);
    await page.getByRole('alert').filter({ hasText: message }).waitFor();
    assert.equal(await page.getByRole('region', { name: 'Backup contents' }).count(), 0, message);
  }
  // Exporting refreshes bookkeeping only; the client records are exactly as before.
  const records = (dump) => dump.split('\n').filter((line) => line.startsWith('clientele/records/') && !line.includes('/settings:')).join('\n');
  assert.equal(records(await dumpStorage(page)), records(before));
  await context.close();
});

test('replace everything keeps a safety copy that restores', async () => {
  const { page, context } = await openFreshPage(app);
  await createVault(page);
  await addClient(page, { name: 'In The Backup' });
  const file = await exportBackup(page);
  await addClient(page, { name: 'Added Later' });

  await checkBackup(page, file);
  await page.getByRole('region', { name: 'Backup contents' }).getByText('0 new, 0 newer, 0 older, 1 identical').waitFor();
  await button(page, 'Replace everything').click();
  await button(page, 'Yes, replace everything').click();
  await toast(page, 'Backup restored.').waitFor();
  await goTo(page, 'Clients');
  await clientRow(page, 'In The Backup').waitFor();
  assert.equal(await clientRow(page, 'Added Later').count(), 0);

  await page.reload();
  await unlock(page);
  await goTo(page, 'Backup');
  const safety = page.getByRole('region', { name: 'Safety copy' });
  await safety.getByText('(2 clients)').waitFor();
  await button(page, 'Restore safety copy').click();
  await toast(page, 'Safety copy restored.').waitFor();
  await goTo(page, 'Clients');
  await clientRow(page, 'Added Later').waitFor();
  await context.close();
});

test('the export form asks only for the passphrase it uses, and each message follows the typing', async () => {
  const { page, context, problems } = await openFreshPage(app);
  await createVault(page);
  await addClient(page, { name: 'Export Ema' });
  await goTo(page, 'Backup');
  const form = page.getByRole('region', { name: 'Export an encrypted backup' });
  const message = form.getByRole('alert');

  // Sealed under the vault passphrase: one field, asking for that passphrase.
  assert.ok(await label(page, 'Use my vault passphrase').isChecked());
  await label(page, 'Your vault passphrase (to confirm)').waitFor();
  assert.equal(await label(page, 'Passphrase for the new backup').count(), 0);
  assert.equal(await label(page, "Repeat the new backup's passphrase").count(), 0);
  await button(page, 'Export backup').click();
  await message.filter({ hasText: 'Enter your vault passphrase.' }).waitFor();
  await label(page, 'Your vault passphrase (to confirm)').fill('not the vault passphrase');
  await message.waitFor({ state: 'detached' });
  await button(page, 'Export backup').click();
  await message.filter({ hasText: 'That is not your vault passphrase.' }).waitFor();
  await label(page, 'Your vault passphrase (to confirm)').fill('v');
  await message.waitFor({ state: 'detached' });

  // A separate passphrase: typed twice, held to the same rules as any new passphrase.
  await label(page, 'Use my vault passphrase').uncheck();
  assert.equal(await label(page, 'Your vault passphrase (to confirm)').count(), 0);
  const separate = 'quiet harbour lanterns 1912';
  await label(page, 'Passphrase for the new backup').fill('short');
  await label(page, "Repeat the new backup's passphrase").fill('short');
  await button(page, 'Export backup').click();
  await message.filter({ hasText: 'Use at least 12 characters' }).waitFor();
  await label(page, 'Passphrase for the new backup').fill(separate);
  await message.filter({ hasText: 'differ' }).waitFor();
  await label(page, "Repeat the new backup's passphrase").fill(separate);
  await message.waitFor({ state: 'detached' });
  const file = await downloadBy(page, 'Export backup');
  await toast(page, 'Backup exported.').waitFor();

  // The file opens with the separate passphrase, not the vault's.
  await checkBackup(page, file);
  await page.getByRole('alert').filter({ hasText: 'Wrong passphrase' }).waitFor();
  await checkBackup(page, file, separate);
  await page.getByRole('region', { name: 'Backup contents' }).getByText('0 new, 0 newer, 0 older, 1 identical').waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('unencrypted exports warn first; CSV opens in Excel with Cyrillic and Chinese', async () => {
  const { page, context } = await openFreshPage(app);
  await bookWithTwoClients(page);
  await goTo(page, 'Backup');
  await button(page, 'Clients as CSV').click();
  await page.getByRole('alertdialog').getByText('This file is not encrypted').waitFor();
  const csv = await downloadBy(page, 'Download unencrypted file');
  assert.match(csv.name, /^clientele-clients-.*\.csv$/);
  assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const text = csv.bytes.toString('utf8');
  assert.ok(text.includes('Олена Коваленко') && text.includes('王芳'));

  await button(page, 'All contacts as vCard').click();
  const vcf = await downloadBy(page, 'Download unencrypted file');
  assert.match(vcf.bytes.toString('utf8'), /^BEGIN:VCARD\r\nVERSION:4\.0\r\n/);
  await context.close();
});

test("a client's data can be exported, and erased permanently after typing their name", async () => {
  const { page, context } = await openFreshPage(app);
  await createVault(page);
  await addClient(page, { name: 'Keep Me' });
  await addClient(page, { name: 'Erase Me', notes: 'EraseMarker' });
  const ids = await storedRecordIds(page);

  await button(page, "Export this client's data").click();
  const data = await downloadBy(page, 'Download unencrypted file');
  const parsed = JSON.parse(data.bytes.toString('utf8'));
  assert.equal(parsed.client.name, 'Erase Me');
  assert.equal(parsed.client.notes, 'EraseMarker');
  const erasedId = parsed.client.id;

  await button(page, 'Erase permanently').click();
  const erase = button(page, 'Erase this client permanently');
  assert.ok(await erase.isDisabled());
  await label(page, "Type the client's name to confirm").fill('Erase Me');
  await erase.click();
  await toast(page, 'Backup files made earlier still contain this client').waitFor();

  await page.reload();
  await unlock(page);
  await goTo(page, 'Clients');
  await clientRow(page, 'Keep Me').waitFor();
  assert.equal(await clientRow(page, 'Erase Me').count(), 0);
  assert.ok(ids.includes(erasedId));
  assert.ok(!(await dumpStorage(page)).includes(erasedId), 'the id is gone from storage');
  await context.close();
});
