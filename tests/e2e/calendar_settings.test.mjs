// End to end: Settings → Calendar. Working hours and the buffer, a blocked day, kept across a
// reload and an unlock; a refused entry saves nothing; the blocked day is removed again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, openFreshPage, createVault, unlock, goTo, label, button, toast, dumpStorage } from './helpers.mjs';

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

/** The Calendar section of Settings. */
const calendar = (page) => page.getByRole('region', { name: 'Calendar' });

/** Text as a person reads it: no-break spaces (which keep a date on one line) are spaces. */
const plain = (text) => text.replace(/\u00a0/g, ' ').trim();

test('working hours, the buffer and a blocked day are kept across a reload; the day is removed', async () => {
  const { page, problems } = await openFreshPage(app);
  await createVault(page);
  await goTo(page, 'Settings');
  const section = calendar(page);
  await section.waitFor();

  // By default Monday to Friday are open 09:00–18:00 and the weekend is closed.
  assert.ok(await label(section, 'Monday').isChecked());
  assert.equal(await label(section, 'Monday: from').inputValue(), '09:00');
  assert.equal(await label(section, 'Saturday').isChecked(), false);
  assert.equal(await label(section, 'Saturday: from').count(), 0, 'a closed day has no times to type');

  // An end before the start is refused with a message, and nothing is saved.
  await label(section, 'Monday: from').fill('19:00');
  await button(section, 'Save working hours').click();
  await section.getByText('Working hours end after they start.').waitFor();

  // Monday from 08:30, Saturday open 10:00–14:00, 15 minutes between appointments.
  await label(section, 'Monday: from').fill('08:30');
  await label(section, 'Saturday').check();
  await label(section, 'Saturday: from').fill('10:00');
  await label(section, 'Saturday: to').fill('14:00');
  await label(section, 'Minutes to keep free between appointments').fill('15');
  await button(section, 'Save working hours').click();
  await toast(page, 'Working hours saved.').waitFor();
  assert.equal(await section.getByText('Working hours end after they start.').count(), 0, 'the message went with the problem');

  // A day off: choosing the kind asks for whole days. A last day before the first is refused.
  await label(section, 'Kind').selectOption({ label: 'Day off' });
  assert.ok(await label(section, 'Whole days').isChecked());
  await label(section, 'First day').fill('2027-01-15');
  await label(section, 'Last day').fill('2027-01-14');
  await button(section, 'Add blocked time').click();
  await section.getByText('The end must be after the start.').waitFor();
  assert.equal(await section.getByText('No blocked time yet.').count(), 1, 'nothing was added');

  await label(section, 'Last day').fill('2027-01-15');
  await label(section, 'Note (optional)').fill('Family day');
  await button(section, 'Add blocked time').click();
  await toast(page, 'Blocked time added.').waitFor();
  const blockedDay = section.getByRole('listitem').filter({ hasText: 'Family day' });
  assert.equal(plain(await blockedDay.locator('.blocked-what').innerText()), 'Day off · Jan 15, 2027 · Family day');

  // The note is client-book data too: stored encrypted only.
  assert.ok(!(await dumpStorage(page)).includes('Family day'), 'the note is not stored in the clear');

  // After a reload and an unlock, everything is as it was set.
  await page.reload();
  await unlock(page);
  await goTo(page, 'Settings');
  await section.waitFor();
  assert.equal(await label(section, 'Monday: from').inputValue(), '08:30');
  assert.equal(await label(section, 'Monday: to').inputValue(), '18:00');
  assert.ok(await label(section, 'Saturday').isChecked());
  assert.equal(await label(section, 'Saturday: from').inputValue(), '10:00');
  assert.equal(await label(section, 'Saturday: to').inputValue(), '14:00');
  assert.equal(await label(section, 'Sunday').isChecked(), false);
  assert.equal(await label(section, 'Minutes to keep free between appointments').inputValue(), '15');
  await blockedDay.waitFor();

  // Removing it: the list says there is none.
  await section.getByRole('button', { name: /^Remove blocked time: Day off/ }).click();
  await toast(page, 'Blocked time removed.').waitFor();
  await section.getByText('No blocked time yet.').waitFor();
  assert.equal(await blockedDay.count(), 0);

  assert.deepEqual(problems, []);
  await page.context().close();
});

test('the discreet calendar is a switch that stays', async () => {
  const { page, problems } = await openFreshPage(app);
  await createVault(page);
  await goTo(page, 'Settings');
  const discreet = label(calendar(page), 'Discreet calendar: show the alias or initials instead of the name');
  assert.equal(await discreet.isChecked(), false);
  await discreet.check();
  await toast(page, 'Calendar saved.').waitFor();
  await page.reload();
  await unlock(page);
  await goTo(page, 'Settings');
  await calendar(page).waitFor();
  assert.ok(await discreet.isChecked());
  assert.deepEqual(problems, []);
  await page.context().close();
});
