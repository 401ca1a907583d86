// End to end: the vault's first usable screens, driven as a person would.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, openFreshPage, createVault, unlock, unlockToList, addClient, clientRow, dumpStorage, PASSPHRASE } from './helpers.mjs';

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

test('create a vault, add a client, reload, unlock, and the client is there', async () => {
  const { page, context, problems } = await openFreshPage(app);
  await createVault(page);
  await addClient(page, { name: 'Olena Kovalenko', phone: '+380 67 123 45 67', email: 'olena@example.com', notes: 'Prefers mornings' });
  await clientRow(page, 'Olena Kovalenko').waitFor();

  await page.reload();
  await unlockToList(page);
  await clientRow(page, 'Olena Kovalenko').click();
  const profile = page.getByRole('article', { name: 'Olena Kovalenko' });
  await profile.getByText('+380 67 123 45 67').waitFor();
  await profile.getByText('olena@example.com').waitFor();
  await profile.getByText('Prefers mornings').waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('a wrong passphrase shows an error and changes nothing', async () => {
  const { page, context } = await openFreshPage(app);
  await createVault(page);
  await addClient(page, { name: 'Wang Fang' });
  await page.reload();
  const before = await dumpStorage(page);

  await unlock(page, 'not the right passphrase at all');
  await page.getByRole('alert').filter({ hasText: 'Wrong passphrase' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Lock', exact: true }).count(), 0);
  assert.equal(await dumpStorage(page), before);

  await unlockToList(page);
  await clientRow(page, 'Wang Fang').waitFor();
  await context.close();
});

test('Lock returns to the unlock screen and removes client data from the page', async () => {
  const { page, context } = await openFreshPage(app);
  await createVault(page);
  await addClient(page, { name: 'Lockable Person', notes: 'LockMarker' });
  await page.getByRole('button', { name: 'Lock', exact: true }).click();
  await page.getByRole('heading', { name: 'Unlock your client book' }).waitFor();
  const html = await page.content();
  assert.ok(!html.includes('Lockable Person') && !html.includes('LockMarker'));
  await unlockToList(page);
  await clientRow(page, 'Lockable Person').waitFor();
  await context.close();
});

test('at rest: a marker typed into a client never appears in storage', async () => {
  const { page, context, problems } = await openFreshPage(app);
  const marker = 'Zx9UniqueMarker7Qw';
  await createVault(page);
  await addClient(page, { name: `${marker} Name`, phone: '+1 555 0199', email: 'marker@example.com', notes: `notes ${marker} 秘密 секрет` });
  const stored = await dumpStorage(page);
  assert.ok(stored.includes('clientele/clients/') && stored.includes('clientele/index/'), 'the scan reads the record stores');
  assert.ok(!stored.includes(marker), 'marker found in storage');
  assert.ok(!stored.includes('secret') && !stored.includes('秘密') && !stored.includes('секрет'));

  // The scan itself must be able to see plaintext, or the check above proves nothing.
  await page.evaluate((m) => localStorage.setItem('control', m), marker);
  assert.ok((await dumpStorage(page)).includes(marker));
  assert.ok(!problems.some((p) => p.includes(marker)), 'marker reached the console');
  await context.close();
});

test('a weak or mismatched passphrase is refused with the reason, and the reason follows the typing', async () => {
  const { page, context } = await openFreshPage(app);
  await page.getByLabel('Passphrase', { exact: true }).fill('short');
  await page.getByText('Use at least 12 characters').waitFor();
  await page.getByLabel('Repeat passphrase').fill('short');
  await page.getByRole('button', { name: 'Create client book' }).click();
  const alert = page.getByRole('alert');
  await alert.filter({ hasText: 'at least 12 characters' }).waitFor();

  // Regression: "Use at least 12 characters" stayed under Repeat passphrase after the
  // passphrase was fixed. Now the message is the one for what is typed, and goes when all is well.
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await alert.filter({ hasText: 'differ' }).waitFor();
  assert.equal(await alert.filter({ hasText: '12 characters' }).count(), 0);
  await page.getByLabel('Repeat passphrase').fill(PASSPHRASE);
  await alert.waitFor({ state: 'detached' });

  await page.getByLabel('Repeat passphrase').fill(PASSPHRASE + 'x');
  await page.getByRole('button', { name: 'Create client book' }).click();
  await alert.filter({ hasText: 'differ' }).waitFor();
  assert.equal(await dumpStorage(page).then((s) => s.includes('header')), false);
  await context.close();
});
