// End to end: the calendar. Booking from a free slot (a new client made on the spot), the
// appointment in the calendar, in Today and on the profile's timeline; one-tap states; Move;
// and the day view on a phone. The page's clock is set to Tuesday Nov 24, 2026, 08:30 in
// Berlin, so the slots have known names.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, openFreshPage, createVault, goTo, label, button, toast } from './helpers.mjs';

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

const BERLIN = { timezoneId: 'Europe/Berlin' };
const NOW = new Date('2026-11-24T08:30:00+01:00');

/** A name as the app writes it: its spaces may be no-break spaces. */
const spaced = (text) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s')}$`);

async function freshBook(viewport) {
  const opened = await openFreshPage(app, viewport, BERLIN);
  await opened.page.clock.install({ time: NOW });
  await opened.page.reload();
  await createVault(opened.page);
  return opened;
}

async function bookNewClient(page, slot, { name, phone }) {
  await page.getByRole('button', { name: spaced(slot) }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Book an appointment' });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'New client', exact: true }).click();
  await label(dialog, 'Name').fill(name);
  await label(dialog, 'Phone').fill(phone);
  await button(dialog, 'Book').click();
  await toast(page, 'Appointment booked.').waitFor();
  await dialog.waitFor({ state: 'detached' });
}

test('booking from a free slot shows the appointment in the calendar, in Today and on the timeline', async () => {
  const { context, page, problems } = await freshBook({ width: 1280, height: 900 });
  await goTo(page, 'Calendar');
  // A wide screen opens on this week, Sunday to Saturday in English.
  await page.getByRole('heading', { level: 1, name: spaced('Nov 22 – 28, 2026') }).waitFor();

  // A refused booking says what is missing and stores nothing.
  await page.getByRole('button', { name: spaced('Book Nov 24, 2026 at 10:00 AM') }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Book an appointment' });
  await button(dialog, 'Book').click();
  await dialog.getByText('Choose a client, or add a new one.').waitFor();
  await button(dialog, 'Cancel').click();
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await page.locator('.cal-item').count(), 0, 'the refused booking stored nothing');

  await bookNewClient(page, 'Book Nov 24, 2026 at 10:00 AM', { name: 'Anna Karpenko', phone: '+49 151 2345 6789' });
  const appointment = page.getByRole('button', { name: /^10:00\sAM–11:00\sAM, Anna Karpenko/ });
  await appointment.waitFor();

  await goTo(page, 'Today');
  const today = page.getByRole('region', { name: 'Appointments today' });
  await today.getByRole('button', { name: /Anna Karpenko/ }).click();
  await page.getByRole('heading', { name: 'Anna Karpenko', exact: true }).waitFor();
  await page.getByRole('region', { name: 'Timeline' }).getByText(/Nov\s24,\s2026, 10:00\sAM/).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('an appointment is marked held in one tap, and Move puts it at a new time', async () => {
  const { context, page, problems } = await freshBook({ width: 1280, height: 900 });
  await goTo(page, 'Calendar');
  await bookNewClient(page, 'Book Nov 25, 2026 at 11:00 AM', { name: 'Bohdan Melnyk', phone: '+380 67 123 4567' });

  await page.getByRole('button', { name: /^11:00\sAM–12:00\sPM, Bohdan Melnyk/ }).click();
  let dialog = page.getByRole('alertdialog', { name: 'Appointment' });
  await button(dialog, 'Move').click();
  await label(dialog, 'Start time').fill('14:30');
  await label(dialog, 'Duration (minutes)').fill('90');
  await button(dialog, 'Save new time').click();
  await toast(page, 'Appointment moved.').waitFor();
  const moved = page.getByRole('button', { name: /^2:30\sPM–4:00\sPM, Bohdan Melnyk/ });
  await moved.waitFor();
  // The visit's history keeps where it was.
  await moved.click();
  dialog = page.getByRole('alertdialog', { name: 'Appointment' });
  await dialog.getByText(/^Rescheduled from Nov\s25,\s2026, 11:00\sAM$/).waitFor();
  await button(dialog, 'Close').click();
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await page.getByRole('button', { name: /^11:00\sAM–12:00\sPM, Bohdan Melnyk/ }).count(), 0);

  await moved.click();
  dialog = page.getByRole('alertdialog', { name: 'Appointment' });
  await dialog.getByRole('group', { name: 'Mark as' }).getByRole('button', { name: 'No-show' }).click();
  await toast(page, 'Marked as a no-show.').waitFor();
  await page.getByRole('button', { name: /^2:30\sPM–4:00\sPM, Bohdan Melnyk, No-show/ }).waitFor();
  // Nothing is left unsaved: another section opens without asking.
  await goTo(page, 'Clients');
  await page.getByRole('region', { name: 'Clients' }).getByRole('button', { name: /Bohdan Melnyk/ }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('on a 390 px phone the calendar opens on the day and moves a day at a time', async () => {
  const { context, page, problems } = await freshBook({ width: 390, height: 844 });
  await goTo(page, 'Calendar');
  await page.getByRole('heading', { level: 1, name: spaced('Nov 24, 2026') }).waitFor();
  // No month view on a phone, and the day fits the screen.
  assert.equal(await page.getByRole('group', { name: 'Show' }).getByRole('button', { name: 'Month' }).count(), 0);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
  await page.getByRole('button', { name: 'Next day' }).click();
  await page.getByRole('heading', { level: 1, name: spaced('Nov 25, 2026') }).waitFor();
  await bookNewClient(page, 'Book Nov 25, 2026 at 9:00 AM', { name: 'Chen Jing', phone: '+86 138 0013 8000' });
  // Move on a phone: pick the new slot in the calendar itself.
  await page.getByRole('button', { name: /^9:00\sAM–10:00\sAM, Chen Jing/ }).click();
  let dialog = page.getByRole('alertdialog', { name: 'Appointment' });
  await button(dialog, 'Move').click();
  await button(dialog, 'Pick a slot in the calendar').click();
  await page.getByRole('status').filter({ hasText: 'Tap the new time for the appointment.' }).waitFor();
  await page.getByRole('button', { name: spaced('Book Nov 25, 2026 at 1:00 PM') }).click();
  dialog = page.getByRole('alertdialog', { name: 'Appointment' });
  assert.equal(await label(dialog, 'Start time').inputValue(), '13:00');
  await button(dialog, 'Save new time').click();
  await toast(page, 'Appointment moved.').waitFor();
  await page.getByRole('button', { name: /^1:00\sPM–2:00\sPM, Chen Jing/ }).waitFor();
  await page.getByRole('button', { name: 'Previous day' }).click();
  await page.getByRole('heading', { level: 1, name: spaced('Nov 24, 2026') }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('an overlapping booking is warned about first and can still be made; a weekly series books 4 visits', async () => {
  const { context, page, problems } = await freshBook({ width: 1280, height: 900 });
  await goTo(page, 'Calendar');
  await bookNewClient(page, 'Book Nov 26, 2026 at 10:00 AM', { name: 'Daria Ivanova', phone: '+7 912 345 6789' });

  // Another client at 10:30 the same day, through "Book appointment" and its time fields.
  await button(page, 'Book appointment').click();
  const dialog = page.getByRole('alertdialog', { name: 'Book an appointment' });
  await dialog.getByRole('button', { name: 'New client', exact: true }).click();
  await label(dialog, 'Name').fill('Emil Nowak');
  await label(dialog, 'Date').fill('2026-11-26');
  await label(dialog, 'Start time').fill('10:30');
  await label(dialog, 'Repeat').selectOption({ label: 'Every week' });
  await label(dialog, 'Number of appointments').fill('4');
  await button(dialog, 'Book').click();
  const warning = dialog.getByRole('alert').filter({ hasText: 'Before you book:' });
  await warning.getByText(/Overlaps the appointment with Daria Ivanova, 10:00\sAM–11:00\sAM\./).waitFor();
  // Nothing is stored until the user books anyway.
  assert.equal(await page.getByRole('button', { name: /Emil Nowak/ }).count(), 0);
  await button(dialog, 'Book anyway').click();
  await toast(page, '4 appointments booked.').waitFor();
  await page.getByRole('button', { name: /^10:30\sAM–11:30\sAM, Emil Nowak, Recurring/ }).waitFor();

  // The series: one visit on each of the next three Thursdays.
  for (const week of ['Nov 29 – Dec 5, 2026', 'Dec 6 – 12, 2026', 'Dec 13 – 19, 2026']) {
    await page.getByRole('button', { name: 'Next week' }).click();
    await page.getByRole('heading', { level: 1, name: spaced(week) }).waitFor();
    await page.getByRole('button', { name: /^10:30\sAM–11:30\sAM, Emil Nowak, Recurring/ }).waitFor();
  }
  await page.getByRole('button', { name: 'Next week' }).click();
  await page.getByRole('heading', { level: 1, name: spaced('Dec 20 – 26, 2026') }).waitFor();
  assert.equal(await page.getByRole('button', { name: /Emil Nowak/ }).count(), 0);

  // Moving the third one and the following an hour later leaves the first two where they are.
  await page.getByRole('button', { name: 'Previous week' }).click();
  await page.getByRole('button', { name: 'Previous week' }).click();
  await page.getByRole('heading', { level: 1, name: spaced('Dec 6 – 12, 2026') }).waitFor();
  await page.getByRole('button', { name: /Emil Nowak/ }).click();
  const shown = page.getByRole('alertdialog', { name: 'Appointment' });
  await button(shown, 'Move').click();
  await label(shown, 'Start time').fill('11:30');
  await shown.getByRole('radio', { name: 'This and the following' }).check();
  await button(shown, 'Save new time').click();
  await toast(page, 'Appointment moved.').waitFor();
  await page.getByRole('button', { name: /^11:30\sAM–12:30\sPM, Emil Nowak/ }).waitFor();
  await page.getByRole('button', { name: 'Next week' }).click();
  await page.getByRole('button', { name: /^11:30\sAM–12:30\sPM, Emil Nowak/ }).waitFor();
  await page.getByRole('group', { name: 'Calendar' }).getByRole('button', { name: 'Today' }).click();
  await page.getByRole('button', { name: /^10:30\sAM–11:30\sAM, Emil Nowak/ }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});
