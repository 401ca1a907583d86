// End to end: the first screen of a fresh browser. Someone with a backup restores it there,
// without creating an empty book first; the file is checked and previewed as on the Backup
// screen, and nothing is stored until they confirm.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import {
  startApp, openFreshPage, createVault, unlock, unlockToList, addClient, clientRow, goTo, dumpStorage, label, button,
  toast, PASSPHRASE,
} from './helpers.mjs';

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

/** The frozen backup under tests/vectors: one client, "Frozen Backup". */
const FIXTURE = { name: 'backup-v1.clbk', passphrase: 'correct horse battery staple' };
const fixtureBytes = () => readFile(new URL('../vectors/backup-v1.clbk', import.meta.url));
const NEW_PASSPHRASE = 'amber kettle drifts north 77';

/** The frozen backup asking for other key settings, its checksum recomputed. */
function asking(bytes, memoryKib, passes) {
  const file = Buffer.from(bytes);
  file.writeUInt32LE(memoryKib, 11);
  file.writeUInt32LE(passes, 15);
  file.writeUInt32LE(crc32(file.subarray(0, file.length - 4)) >>> 0, file.length - 4);
  return file;
}

/** No vault header is stored: the profile is still a fresh one. */
const nothingStored = async (page) => !(await dumpStorage(page)).includes('header');

async function openRestore(page) {
  await page.getByRole('heading', { name: 'Create your client book' }).waitFor();
  await button(page, 'Restore from a backup file').click();
  await page.getByRole('heading', { name: 'Restore from a backup file' }).waitFor();
}

async function checkFile(page, file, passphrase) {
  await label(page, 'Backup file').setInputFiles({ name: file.name, mimeType: 'application/octet-stream', buffer: file.bytes });
  await label(page, 'Backup passphrase').fill(passphrase);
  await button(page, 'Check backup').click();
}

test('a backup from another browser becomes the first book on a fresh one, under its own passphrase', async () => {
  const first = await openFreshPage(app);
  await createVault(first.page);
  await addClient(first.page, { name: 'Олена Коваленко', phone: '+380 67 123 45 67', notes: 'RestoreMarker7 секрет' });
  await addClient(first.page, { name: '王芳', email: 'wang@example.cn' });
  await goTo(first.page, 'Backup');
  await label(first.page, 'Your vault passphrase (to confirm)').fill(PASSPHRASE);
  const pending = first.page.waitForEvent('download');
  await button(first.page, 'Export backup').click();
  const download = await pending;
  const file = { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
  await first.context.close();

  const { page, context, problems } = await openFreshPage(app, { width: 390, height: 844 });
  await openRestore(page);
  await checkFile(page, file, PASSPHRASE);
  const contents = page.getByRole('region', { name: 'Backup contents' });
  await contents.getByText('2 clients (0 in Trash), 0 visits').waitFor();
  assert.ok(await page.getByRole('radio', { name: "Keep the backup's passphrase" }).isChecked(), 'keeping it is the default');
  assert.ok(await nothingStored(page), 'nothing is written before the user confirms');

  await button(page, 'Restore client book').click();
  await button(page, 'Lock').waitFor();
  await toast(page, 'Client book restored from the backup: 2 clients.').waitFor();
  await goTo(page, 'Clients');
  await clientRow(page, '王芳').waitFor();
  await clientRow(page, 'Олена Коваленко').click();
  await page.getByRole('article', { name: 'Олена Коваленко' }).getByText('RestoreMarker7 секрет').waitFor();

  const stored = await dumpStorage(page);
  assert.ok(stored.includes('clientele/clients/'), 'the records were written');
  for (const plain of ['RestoreMarker7', 'Коваленко', 'wang@example']) assert.ok(!stored.includes(plain), `${plain} in storage`);

  // A normal book: it opens again with the backup's passphrase.
  await page.reload();
  await unlockToList(page, PASSPHRASE);
  await clientRow(page, 'Олена Коваленко').waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('on the first screen a bad file or a wrong passphrase creates nothing; a new passphrase can be chosen', async () => {
  const { page, context, problems } = await openFreshPage(app);
  const bytes = await fixtureBytes();
  await openRestore(page);

  const damaged = Buffer.from(bytes);
  damaged[Math.floor(damaged.length / 2)] ^= 0x10;
  const cases = [
    [{ name: 'photo.png', bytes: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex') }, 'not a Clientele backup'],
    [{ name: FIXTURE.name, bytes: damaged }, 'damaged'],
    [{ name: FIXTURE.name, bytes: asking(bytes, 1024 * 1024, 64) }, 'above 256 MiB or 10 passes'],
    [{ name: FIXTURE.name, bytes }, 'Wrong passphrase', 'not the right passphrase'],
  ];
  for (const [file, message, passphrase = FIXTURE.passphrase] of cases) {
    await checkFile(page, file, passphrase);
    await page.getByRole('alert').filter({ hasText: message }).waitFor();
    assert.equal(await page.getByRole('region', { name: 'Backup contents' }).count(), 0, message);
  }
  // Costlier than our own backups: asked first, and Cancel leaves it unopened.
  await checkFile(page, { name: FIXTURE.name, bytes: asking(bytes, 128 * 1024, 3) }, FIXTURE.passphrase);
  const slow = page.getByRole('alertdialog', { name: 'Slow backup' });
  await slow.getByText('128 MiB and 3 passes').waitFor();
  await slow.getByRole('button', { name: 'Cancel' }).click();
  assert.equal(await page.getByRole('region', { name: 'Backup contents' }).count(), 0);
  await checkFile(page, { name: FIXTURE.name, bytes }, 'not the right passphrase');
  await page.getByRole('alert').filter({ hasText: 'Wrong passphrase' }).waitFor();

  // Typing again: the message was about the passphrase as it was.
  await label(page, 'Backup passphrase').fill('c');
  await page.getByRole('alert').waitFor({ state: 'detached' });
  assert.ok(await nothingStored(page));
  await page.reload();
  await page.getByRole('heading', { name: 'Create your client book' }).waitFor();

  await openRestore(page);
  await checkFile(page, { name: FIXTURE.name, bytes }, FIXTURE.passphrase);
  await page.getByRole('region', { name: 'Backup contents' }).getByText('1 client (0 in Trash), 1 visit').waitFor();
  await page.getByRole('radio', { name: 'Choose a new passphrase' }).check();
  const restoreForm = page.getByRole('group', { name: 'Passphrase for this client book' });
  await restoreForm.getByLabel('New passphrase', { exact: true }).fill('short');
  await restoreForm.getByLabel('Repeat new passphrase').fill('short');
  await button(page, 'Restore client book').click();
  const alert = page.getByRole('alert');
  await alert.filter({ hasText: 'Use at least 12 characters' }).waitFor();
  // Each message follows the typing: fixing the passphrase leaves only the repeat's.
  await restoreForm.getByLabel('New passphrase', { exact: true }).fill(NEW_PASSPHRASE);
  await alert.filter({ hasText: 'differ' }).waitFor();
  await restoreForm.getByLabel('Repeat new passphrase').fill(NEW_PASSPHRASE);
  await alert.waitFor({ state: 'detached' });
  assert.ok(await nothingStored(page), 'still nothing written');

  await button(page, 'Restore client book').click();
  await button(page, 'Lock').waitFor();
  await goTo(page, 'Clients');
  await clientRow(page, 'Frozen Backup').waitFor();

  await page.reload();
  await unlock(page, FIXTURE.passphrase);
  await page.getByRole('alert').filter({ hasText: 'Wrong passphrase' }).waitFor();
  await unlockToList(page, NEW_PASSPHRASE);
  await clientRow(page, 'Frozen Backup').waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('the first screen leads back from the restore to creating an empty book', async () => {
  const { page, context } = await openFreshPage(app);
  await openRestore(page);
  await button(page, 'Create an empty book instead').click();
  await createVault(page);
  await context.close();
});
