// End to end: what Today asks of the user from the book's insight. A drifting client leaves
// the warning once contacted; a low rating opens a to-handle item that resolves with a note,
// into the timeline and across a reload; a contact frequency makes a follow-up due that
// logging an interaction answers. The page's clock is fixed (Tuesday Nov 24, 2026, noon in
// Berlin), so day counts cannot shift under a test that runs across midnight.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, openFreshPage, createVault, unlock, goTo, addClient, clientRow, label, button, toast } from './helpers.mjs';

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

const BERLIN = { timezoneId: 'Europe/Berlin' };
const NOW = new Date('2026-11-24T12:00:00+01:00');

/** A fresh page whose clock starts at `time` in Berlin. */
async function freshPage(time = NOW) {
  const opened = await openFreshPage(app, undefined, BERLIN);
  await opened.page.clock.install({ time });
  await opened.page.reload();
  return opened;
}

/** A local date `offsetDays` from the page's (fixed) today, as a date input takes it. */
const localDate = (page, offsetDays = 0) => page.evaluate((offset) => {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  return d.toLocaleDateString('sv');
}, offsetDays);

/** Adds a held visit to the open profile, rated, on a day in the past. */
async function addHeldVisit(page, { daysAgo, rating, service }) {
  await button(page, 'Add visit').click();
  await label(page, 'Date').fill(await localDate(page, -daysAgo));
  await label(page, 'Start time').fill('10:00');
  await label(page, 'Service name (if not listed)').fill(service);
  await label(page, 'Outcome').selectOption({ label: 'Completed' });
  await label(page, 'Satisfaction').selectOption(String(rating));
  await button(page, 'Save visit').click();
  await toast(page, 'Visit saved.').waitFor();
}

const section = (page, name) => page.getByRole('region', { name, exact: true });
const line = (region, name) => region.getByRole('listitem').filter({ hasText: name });

test('a drifting client is listed in Today until "Log contact" logs an interaction', async () => {
  const { context, page, problems } = await freshPage();
  await createVault(page);
  await addClient(page, { name: 'Dana Drift' });
  // Two held visits rated low in a row: drifting by the ratings rule.
  await addHeldVisit(page, { daysAgo: 3, rating: 2, service: 'Manicure' });
  await addHeldVisit(page, { daysAgo: 2, rating: 1, service: 'Manicure' });
  await addClient(page, { name: 'Happy Harry' });
  await addHeldVisit(page, { daysAgo: 2, rating: 5, service: 'Manicure' });

  await goTo(page, 'Today');
  const drifting = section(page, 'Drifting away');
  const dana = line(drifting, 'Dana Drift');
  await dana.getByText('Last two ratings: 1 and 2 of 5').waitFor();
  assert.equal(await line(drifting, 'Happy Harry').count(), 0);

  // Each row's button names its client; what it shows is the same short "Log contact".
  const logContact = dana.getByRole('button', { name: 'Log contact with Dana Drift', exact: true });
  assert.equal(await logContact.innerText(), 'Log contact');
  await logContact.click();
  // The profile opens with the interaction form, nothing typed but the date and time.
  await page.getByRole('heading', { name: 'Dana Drift', exact: true }).waitFor();
  await page.getByRole('form', { name: 'Log interaction' }).waitFor();
  await label(page, 'Channel').selectOption({ label: 'Call' });
  await label(page, 'Topic').fill('Checked in after the last visit');
  await button(page, 'Save interaction').click();
  await toast(page, 'Interaction logged.').waitFor();

  await goTo(page, 'Today');
  await drifting.getByText('No one is drifting away.').waitFor();
  assert.equal(await line(drifting, 'Dana Drift').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a low rating opens a to-handle item, which resolves with a note that stays after a reload', async () => {
  const { context, page, problems } = await freshPage();
  await createVault(page);
  await addClient(page, { name: 'Rita Rating' });
  await addHeldVisit(page, { daysAgo: 1, rating: 2, service: 'Pedicure' });
  const timeline = page.getByRole('region', { name: 'Timeline' });
  await timeline.getByText('To handle', { exact: true }).waitFor();
  // The timeline's Resolve names the visit by its time: a profile can have several to handle.
  await timeline.getByRole('button', { name: /^Resolve feedback on the visit of Nov\s23, 2026/ }).waitFor();

  await goTo(page, 'Today');
  const feedback = section(page, 'Feedback to handle');
  const item = line(feedback, 'Rita Rating');
  await item.getByText('Pedicure · Rated 2 of 5').waitFor();
  await item.getByRole('button', { name: 'Resolve feedback from Rita Rating', exact: true }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Resolve feedback' });
  await dialog.waitFor();
  // A resolution needs a note.
  await button(dialog, 'Save resolution').click();
  await dialog.getByText('Say what was done about it.').waitFor();
  assert.equal(await label(dialog, 'What was done').getAttribute('aria-invalid'), 'true');
  await label(dialog, 'What was done').fill('Called her and offered a free redo');
  await button(dialog, 'Save resolution').click();
  await toast(page, 'Feedback resolved.').waitFor();
  await dialog.waitFor({ state: 'detached' });
  await feedback.getByText('No feedback to handle.').waitFor();

  await goTo(page, 'Clients');
  await clientRow(page, 'Rita Rating').click();
  await timeline.getByText('Resolved: Called her and offered a free redo').waitFor();
  assert.equal(await timeline.getByText('To handle', { exact: true }).count(), 0);

  // A write the app reported as saved survives a reload.
  await page.reload();
  await unlock(page);
  // Unlocking returns to the profile the address names.
  await page.getByRole('heading', { name: 'Rita Rating', exact: true }).waitFor();
  await timeline.getByText('Resolved: Called her and offered a free redo').waitFor();
  await goTo(page, 'Today');
  await section(page, 'Feedback to handle').getByText('No feedback to handle.').waitFor();
  assert.equal(await line(section(page, 'Feedback to handle'), 'Rita Rating').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a contact frequency makes a stay-in-touch follow-up due, which logging an interaction answers', async () => {
  // The client is added on 2 March 2026; the test then goes on ten days.
  const { context, page, problems } = await freshPage(new Date('2026-03-02T09:00:00+01:00'));
  await createVault(page);
  await addClient(page, { name: 'Stan Touch' });
  await page.clock.setSystemTime(new Date('2026-03-12T09:00:00+01:00'));
  // A fresh start on the new date (a ten-day jump would otherwise look like ten days idle).
  await page.reload();
  await unlock(page);

  await goTo(page, 'Clients');
  await clientRow(page, 'Stan Touch').click();
  await button(page, 'Edit profile').click();
  const every = label(page, 'Stay in touch every … days (empty for off)');
  await every.fill('0');
  await button(page, 'Save').click();
  await page.getByText('Stay in touch every 1 to 3650 days.').waitFor();
  assert.equal(await every.getAttribute('aria-invalid'), 'true');
  await every.fill('7');
  await button(page, 'Save').click();
  await toast(page, 'Saved.').waitFor();
  const details = page.getByRole('region', { name: 'Details' });
  await details.getByText(/every 7 days, next due Mar\s9,\s2026/).waitFor();

  await goTo(page, 'Today');
  const followUps = section(page, 'Follow-ups due');
  const stan = line(followUps, 'Stan Touch');
  await stan.getByText('Stay in touch every 7 days').waitFor();
  await stan.getByText(/Overdue since Mar\s9/).waitFor();
  await stan.getByRole('button', { name: 'Log contact with Stan Touch', exact: true }).click();
  await page.getByRole('form', { name: 'Log interaction' }).waitFor();
  await label(page, 'Topic').fill('Asked how the new colour holds');
  await button(page, 'Save interaction').click();
  await toast(page, 'Interaction logged.').waitFor();
  await details.getByText(/every 7 days, next due Mar\s19,\s2026/).waitFor();

  await goTo(page, 'Today');
  await followUps.getByText('No follow-ups due.').waitFor();
  assert.equal(await line(followUps, 'Stan Touch').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});
