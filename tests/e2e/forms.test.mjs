// End to end: forms keep what is typed. A half-filled form survives a lock as a sealed draft
// (offered back after unlocking, removed once continued or discarded), a refused save on a
// scrolled phone form shows its first problem, and interactions can be edited like visits.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  contextOptions, startApp, openFreshPage, createVault, unlock, addClient, clientRow, goTo, label, button, toast,
  storedRecordIds, dumpStorage,
} from './helpers.mjs';

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

const TYPED = { name: 'Dorota Draftowa', phone: '+48 601 234 567', notes: 'Prefers Blondor 6/0, thick hair' };

test('auto-lock during a half-filled client form keeps it as a sealed draft, and Continue brings it back', async () => {
  const context = await app.browser.newContext(contextOptions());
  const page = await context.newPage();
  // The page's own clock, moved forward by the test instead of waiting a minute.
  await page.clock.install();
  await page.goto(app.url);
  await createVault(page);
  await goTo(page, 'Settings');
  await label(page, 'Lock after no use for').selectOption({ label: '1 min' });
  await toast(page, 'Auto-lock saved.').waitFor();

  await goTo(page, 'Clients');
  await button(page, 'New client').click();
  await label(page, 'Name').fill(TYPED.name);
  await label(page, 'Phone 1').fill(TYPED.phone);
  await label(page, 'General notes').fill(TYPED.notes);
  await page.clock.fastForward('01:10');
  await page.getByRole('heading', { name: 'Unlock your client book' }).waitFor();
  await page.getByText('Locked after 1 min without use.').waitFor();

  // The draft is stored, sealed: nothing typed is readable anywhere in storage.
  await page.waitForFunction(async () => {
    const db = await new Promise((resolve) => { const r = indexedDB.open('clientele'); r.onsuccess = () => resolve(r.result); });
    const keys = await new Promise((resolve) => {
      const r = db.transaction('index').objectStore('index').getAllKeys();
      r.onsuccess = () => resolve(r.result);
    });
    db.close();
    return keys.includes('draft');
  });
  const stored = await dumpStorage(page);
  for (const typed of [TYPED.name, 'Draftowa', 'Blondor', '601 234 567', '601234567']) {
    assert.ok(!stored.includes(typed), `"${typed}" is not in storage in plain text`);
  }

  await unlock(page);
  const offer = page.getByRole('region', { name: 'You were adding a client when the book locked.' });
  await offer.waitFor();
  await offer.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { name: 'New client' }).waitFor();
  assert.equal(await label(page, 'Name').inputValue(), TYPED.name);
  assert.equal(await label(page, 'Phone 1').inputValue(), TYPED.phone);
  assert.equal(await label(page, 'General notes').inputValue(), TYPED.notes);
  await offer.waitFor({ state: 'detached' });
  assert.ok(!(await storedRecordIds(page, 'index')).includes('draft'), 'a continued draft leaves no record');

  await button(page, 'Save').click();
  await toast(page, 'Saved.').waitFor();
  await page.getByRole('heading', { name: TYPED.name }).waitFor();
  await page.reload();
  await unlock(page);
  await goTo(page, 'Clients');
  await clientRow(page, TYPED.name).waitFor();
  assert.equal(await page.getByText('when the book locked').count(), 0, 'nothing is offered twice');
  await context.close();
});

test('a visit form left open at Lock is offered back, and Discard leaves no record and no visit', async () => {
  const { context, page, problems } = await openFreshPage(app);
  await createVault(page);
  await addClient(page, { name: 'Vera Visitova' });
  await button(page, 'Add visit').click();
  await label(page, 'Service name (if not listed)').fill('Root touch-up');
  await button(page, 'Lock').click();
  await unlock(page);
  const offer = page.getByRole('region', { name: 'You were filling in a visit for Vera Visitova when the book locked.' });
  await offer.getByRole('button', { name: 'Discard' }).click();
  await offer.waitFor({ state: 'detached' });
  assert.ok(!(await storedRecordIds(page, 'index')).includes('draft'), 'a discarded draft leaves no record');
  await goTo(page, 'Clients');
  await clientRow(page, 'Vera Visitova').click();
  await page.getByRole('heading', { name: 'Vera Visitova' }).waitFor();
  assert.equal(await page.getByText('Root touch-up').count(), 0);

  // Continued, the visit form opens on the profile with what was typed.
  await button(page, 'Add visit').click();
  await label(page, 'Service name (if not listed)').fill('Gloss');
  await label(page, 'Private note').fill('Sensitive scalp');
  await button(page, 'Lock').click();
  await unlock(page);
  await page.getByRole('region', { name: 'You were filling in a visit for Vera Visitova when the book locked.' })
    .getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { name: 'New visit' }).waitFor();
  assert.equal(await label(page, 'Service name (if not listed)').inputValue(), 'Gloss');
  assert.equal(await label(page, 'Private note').inputValue(), 'Sensitive scalp');
  await button(page, 'Save visit').click();
  await toast(page, 'Visit saved.').waitFor();
  await page.getByRole('region', { name: 'Timeline' }).getByText(/Gloss/).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('an invalid save on a scrolled phone form focuses the first invalid field and says so', async () => {
  const { context, page } = await openFreshPage(app, { width: 390, height: 844 });
  await createVault(page);
  await goTo(page, 'Clients');
  await button(page, 'New client').click();
  await label(page, 'Email 1').fill('not an email');
  await label(page, 'General notes').fill('Typed far down the form');
  await label(page, 'General notes').scrollIntoViewIfNeeded();
  await button(page, 'Save').click();
  await page.getByRole('alert').filter({ hasText: 'Some fields need attention; they are marked above.' }).waitFor();
  // The name (required, empty) comes first: it has the focus and is on screen.
  await page.waitForFunction(() => document.activeElement?.id === 'client-name');
  const name = label(page, 'Name');
  assert.equal(await name.getAttribute('aria-invalid'), 'true');
  const box = await name.boundingBox();
  assert.ok(box && box.y >= 0 && box.y + box.height <= 844, `the name field is in view (${JSON.stringify(box)})`);
  assert.equal(await label(page, 'Email 1').getAttribute('aria-invalid'), 'true');
  await context.close();
});

test('an interaction can be edited like a visit', async () => {
  const { context, page, problems } = await openFreshPage(app);
  await createVault(page);
  await addClient(page, { name: 'Ira Interactova' });
  await button(page, 'Log interaction').click();
  await label(page, 'Topic').fill('Asked about prices');
  await button(page, 'Save interaction').click();
  await toast(page, 'Interaction logged.').waitFor();
  const timeline = page.getByRole('region', { name: 'Timeline' });
  await timeline.getByText(/Asked about prices/).waitFor();

  await timeline.getByRole('button', { name: 'Edit interaction' }).click();
  await page.getByRole('heading', { name: 'Edit interaction' }).waitFor();
  assert.equal(await label(page, 'Topic').inputValue(), 'Asked about prices');
  await label(page, 'Direction').selectOption('Incoming');
  await label(page, 'Topic').fill('Asked about winter prices');
  await button(page, 'Save interaction').click();
  await toast(page, 'Interaction saved.').waitFor();
  await timeline.getByText(/\(Incoming\): Asked about winter prices/).waitFor();
  assert.equal(await timeline.getByRole('listitem').count(), 1, 'edited in place, not added');
  await page.reload();
  await unlock(page);
  await goTo(page, 'Clients');
  await clientRow(page, 'Ira Interactova').click();
  await page.getByRole('region', { name: 'Timeline' }).getByText(/Asked about winter prices/).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('a continued profile draft saves over the whole history, never over the summary unlock reads', async () => {
  const { context, page, problems } = await openFreshPage(app);
  await createVault(page);
  await addClient(page, { name: 'Hanna Historyna' });
  // Neither is in the summary unlock reads: a visit from long ago, and an interaction.
  await button(page, 'Add visit').click();
  await label(page, 'Date').fill('2025-01-15');
  await label(page, 'Service name (if not listed)').fill('Old cut');
  await button(page, 'Save visit').click();
  await toast(page, 'Visit saved.').waitFor();
  await button(page, 'Log interaction').click();
  await label(page, 'Topic').fill('Old call');
  await button(page, 'Save interaction').click();
  await toast(page, 'Interaction logged.').waitFor();

  await button(page, 'Edit profile').click();
  await label(page, 'General notes').fill('Edited before the lock');
  await button(page, 'Lock').click();
  await unlock(page);
  await page.getByRole('region', { name: "You were editing Hanna Historyna's profile when the book locked." })
    .getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { name: 'Edit client' }).waitFor();
  assert.equal(await label(page, 'General notes').inputValue(), 'Edited before the lock');
  await button(page, 'Save').click();
  await toast(page, 'Saved.').waitFor();

  await page.reload();
  await unlock(page);
  await goTo(page, 'Clients');
  await clientRow(page, 'Hanna Historyna').click();
  const timeline = page.getByRole('region', { name: 'Timeline' });
  await timeline.getByText(/Old cut/).waitFor();
  await timeline.getByText(/Old call/).waitFor();
  await page.getByText('Edited before the lock').waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});
