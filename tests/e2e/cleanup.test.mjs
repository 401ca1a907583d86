// Clean up in a real Chromium: two clients with the same phone are proposed as duplicates,
// merged with a field picked side by side (their histories combined), the merge undone after a
// reload, and "Not a duplicate" remembered.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, openFreshPage, createVault, unlockToList, goTo, addClient, clientRow, label, button, toast } from './helpers.mjs';

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

async function addVisit(page, service) {
  await button(page, 'Add visit').click();
  await label(page, 'Date').fill('2026-03-02');
  await label(page, 'Start time').fill('10:30');
  await label(page, 'Service name (if not listed)').fill(service);
  await button(page, 'Save visit').click();
  await toast(page, 'Visit saved.').waitFor();
}

async function openCleanup(page) {
  await goTo(page, 'Clients');
  const back = page.getByRole('button', { name: 'Back to list' });
  if (await back.isVisible()) await back.click();
  await page.getByRole('region', { name: 'Clients' }).getByRole('button', { name: 'Clean up', exact: true }).click();
  await page.getByRole('heading', { name: 'Clean up', level: 1 }).waitFor();
}

test('two clients with one phone are merged with their histories, and the merge is undone after a reload', async () => {
  const { page, context, problems } = await openFreshPage(app);
  await createVault(page);
  await addClient(page, { name: 'Anna Petrova', phone: '+44 20 7946 0001' });
  await addVisit(page, 'Cut from the first');
  await addClient(page, { name: 'Anna Petrova-Smith', phone: '+44 20 7946 0001', email: 'anna@example.com' });
  await addVisit(page, 'Colour from the second');
  await addClient(page, { name: 'Boris Unrelated', phone: '+44 20 7946 0999' });

  await openCleanup(page);
  const pairs = page.getByRole('list', { name: 'Probable duplicates' });
  const pair = pairs.getByRole('listitem').filter({ hasText: 'Anna Petrova and Anna Petrova-Smith' });
  await pair.getByText(/same phone/).waitFor();
  assert.equal(await pairs.getByRole('listitem').count(), 1, 'Boris is nobody’s duplicate');
  await pair.getByRole('button', { name: 'Merge…' }).click();
  const names = page.getByRole('group', { name: 'Name' });
  await names.getByLabel('Anna Petrova-Smith').check();
  await button(page, 'Merge').click();
  await toast(page, 'Merged.').waitFor();

  await goTo(page, 'Clients');
  await clientRow(page, 'Anna Petrova-Smith').click();
  await page.getByRole('heading', { name: 'Anna Petrova-Smith' }).waitFor();
  await page.getByText('Cut from the first').first().waitFor();
  await page.getByText('Colour from the second').first().waitFor();
  await page.getByText('anna@example.com').first().waitFor();
  assert.equal(await clientRow(page, 'Anna Petrova').count(), 1, 'one Anna left');

  await page.reload();
  await unlockToList(page);
  await openCleanup(page);
  await page.getByRole('region', { name: 'Last merge' }).getByRole('button', { name: 'Undo merge' }).click();
  await toast(page, 'The last merge was undone.').waitFor();
  await goTo(page, 'Clients');
  assert.equal(await clientRow(page, 'Anna Petrova').count(), 2);
  await clientRow(page, 'Anna Petrova-Smith').click();
  await page.getByText('Colour from the second').first().waitFor();
  assert.equal(await page.getByText('Cut from the first').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('"Not a duplicate" is remembered after a reload', async () => {
  const { page, context, problems } = await openFreshPage(app);
  await createVault(page);
  await addClient(page, { name: 'Ivan Petrov', email: 'ivan@example.com' });
  await addClient(page, { name: 'Ivan Petrov', email: 'IVAN@example.com ' });
  await openCleanup(page);
  const pairs = page.getByRole('list', { name: 'Probable duplicates' });
  await pairs.getByRole('listitem').first().getByText(/same email/).waitFor();
  await pairs.getByRole('button', { name: 'Not a duplicate' }).click();
  await page.getByText('No probable duplicates.').waitFor();
  await page.reload();
  await unlockToList(page);
  await openCleanup(page);
  await page.getByText('No probable duplicates.').waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('a tag added to every client of a filtered selection, and to nobody else', async () => {
  const { page, context, problems } = await openFreshPage(app);
  await createVault(page);
  for (const name of ['Alice Green', 'Alan Grey', 'Bella Brown']) await addClient(page, { name });
  await goTo(page, 'Clients');
  await page.getByRole('button', { name: 'Back to list' }).click().catch(() => {});
  await page.getByRole('searchbox', { name: 'Search clients' }).fill('al');
  await page.getByText('Found 2 of 3 clients').waitFor();
  await button(page, 'Select').click();
  const bar = page.getByRole('region', { name: 'Selected clients' });
  await bar.getByRole('button', { name: 'Select all 2 matching' }).click();
  await bar.getByText('2 clients selected').waitFor();
  assert.ok(await page.getByRole('checkbox', { name: 'Select Alice Green' }).isChecked());
  // One unticked from the keyboard (focus stays on it), then ticked again by hand.
  await page.getByRole('checkbox', { name: 'Select Alan Grey' }).focus();
  await page.keyboard.press('Space');
  await bar.getByText('1 client selected').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Select Alan Grey');
  assert.equal(await page.getByRole('checkbox', { name: 'Select Alan Grey' }).isChecked(), false);
  await page.getByRole('checkbox', { name: 'Select Alan Grey' }).check();
  await bar.getByText('2 clients selected').waitFor();
  await bar.getByText('Edit the selected clients').click();
  await bar.getByLabel('Tag', { exact: true }).fill('Spring offer');
  await bar.getByRole('button', { name: 'Add tag' }).click();
  await toast(page, 'Tag added to 2 clients.').waitFor();

  await button(page, 'Select').click();
  await page.getByRole('searchbox', { name: 'Search clients' }).fill('');
  await page.getByText('Sort and filter').click();
  await label(page, 'Filter by tag').selectOption('Spring offer');
  await page.getByText('Found 2 of 3 clients').waitFor();
  assert.equal(await clientRow(page, 'Bella Brown').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});
