// End to end: appointments as .ics files, one from the profile's timeline and every upcoming
// one from the Backup screen, each read back by Python's icalendar (tests/ics/parse_ics.py) as
// a calendar app would read it. By default an event names the service and the client's
// initials only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, openFreshPage, createVault, goTo, addClient, label, button, toast, ROOT } from './helpers.mjs';

let app;
let dir;
before(async () => {
  app = await startApp();
  dir = await mkdtemp(join(tmpdir(), 'clientele-ics-'));
});
after(async () => {
  await app?.close();
  await rm(dir, { recursive: true, force: true });
});

/** The page's local date `offset` days from today, as the date field takes it. */
const localDate = (page, offset) => page.evaluate((offset) => {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  return d.toLocaleDateString('sv');
}, offset);

/** The instant of a local date and time in the page's time zone, in milliseconds. */
const localInstant = (page, date, time) => page.evaluate(([date, time]) => new Date(`${date}T${time}`).getTime(), [date, time]);

async function addVisit(page, { date, time, service, minutes, location = '' }) {
  await button(page, 'Add visit').click();
  await label(page, 'Date').fill(date);
  await label(page, 'Start time').fill(time);
  await label(page, 'Service name (if not listed)').fill(service);
  await label(page, 'Duration (minutes)').fill(String(minutes));
  if (location) await label(page, 'Location').fill(location);
  await button(page, 'Save visit').click();
  await toast(page, 'Visit saved.').waitFor();
}

/** Clicks "Download unencrypted file" in the warning, keeps the file, and parses it. */
async function downloadAndParse(page) {
  const pending = page.waitForEvent('download');
  await page.getByRole('alertdialog').getByRole('button', { name: 'Download unencrypted file' }).click();
  const download = await pending;
  const path = join(dir, download.suggestedFilename());
  await download.saveAs(path);
  // Debian's python3-icalendar, which scripts/setup.sh installs for /usr/bin/python3.
  const out = execFileSync('/usr/bin/python3', [join(ROOT, 'tests', 'ics', 'parse_ics.py'), path], { encoding: 'utf8' });
  const [parsed] = JSON.parse(out);
  return { name: download.suggestedFilename(), events: parsed.events };
}

test('one appointment and all upcoming ones download as .ics that parses, private by default', async () => {
  // A zone with an offset, so a UTC time written as local (or the other way) would show.
  const { page, context, problems } = await openFreshPage(app, undefined, { timezoneId: 'Europe/Kyiv' });
  await createVault(page);
  await addClient(page, { name: 'Олена Коваленко', phone: '+380 67 123 45 67', notes: 'Алергія на аміак' });
  const tomorrow = await localDate(page, 1);
  await addVisit(page, { date: tomorrow, time: '10:30', service: 'Балаяж', minutes: 90, location: 'Studio 3' });
  await addVisit(page, { date: await localDate(page, -1), time: '10:30', service: 'Held already', minutes: 60 });
  const start = await localInstant(page, tomorrow, '10:30');

  // The appointment has a calendar button; the visit already held has none.
  const addToCalendar = button(page, 'Add to calendar (.ics)');
  assert.equal(await addToCalendar.count(), 1);
  await addToCalendar.click();
  const warning = page.getByRole('alertdialog', { name: 'Unencrypted export' });
  await warning.getByText('This file is not encrypted').waitFor();
  for (const option of ["Full name instead of initials", "The client's phone numbers", "The visit's location", "The visit's private note"]) {
    assert.equal(await warning.getByLabel(option, { exact: true }).isChecked(), false, option);
  }
  const one = await downloadAndParse(page);
  await toast(page, 'Unencrypted file downloaded.').waitFor();
  assert.equal(one.name, `clientele-appointment-${tomorrow}.ics`);
  assert.equal(one.events.length, 1);
  const [event] = one.events;
  assert.equal(event.summary, 'Балаяж · О. К.');
  // The phone in whole, as typed and as digits: "380" alone could turn up by chance in the random UID.
  for (const secret of ['Олена', 'Коваленко', '+380 67 123 45 67', '380671234567', 'Studio', 'Алергія']) {
    assert.ok(!JSON.stringify(event).includes(secret), `${secret} is in the event`);
  }
  assert.equal(Date.parse(event.dtstart), start);
  assert.equal(Date.parse(event.dtend), start + 90 * 60_000);
  assert.equal(event.status, 'CONFIRMED');
  assert.match(event.uid, /^[0-9a-f]{32}@clientele$/);

  // A second client's appointment; every upcoming one goes into one file, with the phone and
  // the location this time because they are ticked.
  await addClient(page, { name: '王芳' });
  await addVisit(page, { date: await localDate(page, 2), time: '09:00', service: 'Manicure', minutes: 45 });
  await goTo(page, 'Backup');
  await button(page, 'Upcoming appointments (.ics)').click();
  await warning.getByText('This file is not encrypted').waitFor();
  await warning.getByLabel("The client's phone numbers", { exact: true }).check();
  await warning.getByLabel("The visit's location", { exact: true }).check();
  const all = await downloadAndParse(page);
  assert.match(all.name, /^clientele-appointments-\d{4}-\d{2}-\d{2}\.ics$/);
  assert.deepEqual(all.events.map((e) => e.summary), ['Балаяж · О. К.', 'Manicure · 王']);
  assert.equal(all.events[0].uid, event.uid, 'the same appointment keeps its UID');
  assert.equal(Date.parse(all.events[0].dtstart), start);
  assert.equal(all.events[0].description, '+380 67 123 45 67');
  assert.equal(all.events[0].location, 'Studio 3');
  assert.ok(!JSON.stringify(all.events).includes('Held already'));

  // The options start private again next time.
  await button(page, 'Upcoming appointments (.ics)').click();
  assert.equal(await warning.getByLabel("The client's phone numbers", { exact: true }).isChecked(), false);
  await warning.getByRole('button', { name: 'Cancel' }).click();
  assert.deepEqual(problems, []);
  await context.close();
});

test('with no appointment ahead, the export says so and downloads nothing', async () => {
  const { page, context } = await openFreshPage(app);
  await createVault(page);
  await addClient(page, { name: 'Anna Smith' });
  let downloads = 0;
  page.on('download', () => { downloads += 1; });
  await goTo(page, 'Backup');
  await button(page, 'Upcoming appointments (.ics)').click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Download unencrypted file' }).click();
  await page.getByText('There are no upcoming appointments to export.').waitFor();
  assert.equal(downloads, 0);
  await context.close();
});
