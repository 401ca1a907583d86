// End to end: the full client book, driven as a person would, surviving a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, openFreshPage, createVault, unlock, goTo, addClient, clientRow, label, button, toast } from './helpers.mjs';

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

const localDate = (page, offsetDays = 0) => page.evaluate((offset) => {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  return d.toLocaleDateString('sv');
}, offsetDays);

async function setUpSettings(page) {
  await goTo(page, 'Settings');
  await label(page, 'Default currency').fill('UAH');
  await button(page, 'Save currency').click();
  await toast(page, 'Currency saved.').waitFor();
  await label(page, 'Service name').fill('Haircut');
  await label(page, 'Default price').fill('450');
  await label(page, 'Default duration (minutes)').fill('45');
  await button(page, 'Add service').click();
  await toast(page, 'Service added.').waitFor();
  for (const [name, type, options] of [['Hair type', 'Choice list', 'straight, curly'], ['Shoe size', 'Number'], ['First visit date', 'Date'], ['Allergic', 'Yes/no'], ['Favourite drink', 'Text']]) {
    await label(page, 'Field name').fill(name);
    await label(page, 'Field type').selectOption({ label: type });
    if (options) await label(page, 'Choices (separated by commas)').fill(options);
    await button(page, 'Add field').click();
    await toast(page, 'Custom field added.').waitFor();
  }
  await label(page, 'Tag').fill('vip');
  await label(page, 'Colour').fill('#aa3377');
  await button(page, 'Save tag colour').click();
  await toast(page, 'Tag colour saved.').waitFor();
}

test('a client with every field type, visits, interactions and follow-ups, in the timeline and Today', async () => {
  const { page, context, problems } = await openFreshPage(app);
  await createVault(page);
  await setUpSettings(page);
  await addClient(page, { name: 'Referrer Rita' });

  await goTo(page, 'Clients');
  await button(page, 'New client').click();
  await label(page, 'Name').fill('Katerina');
  await label(page, 'Full legal name').fill('Kateryna Ivanenko');
  await label(page, 'Nickname or alias').fill('Katya');
  await label(page, 'Phone 1 label').fill('mobile');
  await label(page, 'Phone 1').fill('+380 (67) 555-12-34');
  await button(page, 'Add phone').click();
  await label(page, 'Phone 2').fill('044 123 4567');
  await label(page, 'Email 1').fill('katya@example.ua');
  await button(page, 'Add messenger').click();
  await label(page, 'Messenger 1').selectOption({ label: 'Signal' });
  await label(page, 'Messenger 1 handle').fill('@katya');
  await label(page, 'Street address').fill('Khreshchatyk 1');
  await label(page, 'City').fill('Kyiv');
  await label(page, 'Birthday: day').fill('29');
  await label(page, 'Month (1–12)').fill('2');
  await label(page, 'Gender').fill('female');
  await label(page, 'Preferred language').fill('Українська');
  await label(page, 'How they found you').selectOption({ label: 'Referral by a client' });
  await label(page, 'Find the referring client').fill('Rita');
  await button(page, 'Choose Referrer Rita').click();
  await label(page, 'Tags (separated by commas)').fill('vip, curly');
  await label(page, 'Pinned alert (shown at the top and in the list)').fill('Latex allergy');
  await label(page, 'Preferences').fill('Quiet appointments');
  await label(page, 'Boundaries / never do').fill('Never cut above the shoulders');
  await label(page, 'General notes').fill('Met at the 2025 fair');
  await label(page, 'Consented to keeping their data').check();
  await label(page, 'How consent was given').fill('in writing');
  await label(page, 'Email').check();
  await label(page, 'Hair type').selectOption('curly');
  await label(page, 'Shoe size').fill('38.5');
  await label(page, 'First visit date').fill('2025-03-01');
  await label(page, 'Allergic').selectOption({ label: 'Yes' });
  await label(page, 'Favourite drink').fill('Green tea');
  await button(page, 'Save').click();
  await toast(page, 'Saved.').waitFor();

  const profile = page.getByRole('article', { name: 'Katerina' });
  for (const text of ['“Katya”', '⚑ Latex allergy', '+380 67 555 12 34', '044 123 4567', 'katya@example.ua', '@katya',
    'Khreshchatyk 1, Kyiv', 'Feb 29', 'Referral by a client — Referrer Rita', 'Never cut above the shoulders',
    'in writing', 'curly', '38.5', 'Mar 1, 2025', 'Yes', 'Green tea', 'Kateryna Ivanenko']) {
    await profile.getByText(text, { exact: false }).first().waitFor();
  }

  // A visit today from the catalogue, paid; an appointment tomorrow; a call; a follow-up due today.
  await button(page, 'Add visit').click();
  await label(page, 'Date').fill(await localDate(page));
  await label(page, 'Start time').fill('00:05');
  await label(page, 'Service').selectOption('Haircut');
  assert.equal(await label(page, 'Price').inputValue(), '450.00');
  assert.equal(await label(page, 'Duration (minutes)').inputValue(), '45');
  await label(page, 'Paid').fill('450');
  await label(page, 'Payment').selectOption({ label: 'Paid' });
  await label(page, 'Satisfaction').selectOption('5');
  await label(page, 'Client feedback').fill('Loved the curls');
  await button(page, 'Save visit').click();
  await toast(page, 'Visit saved.').waitFor();

  await button(page, 'Add visit').click();
  await label(page, 'Date').fill(await localDate(page, 1));
  await label(page, 'Start time').fill('10:30');
  await label(page, 'Service name (if not listed)').fill('Colour consultation');
  await button(page, 'Save visit').click();
  await toast(page, 'Visit saved.').waitFor();

  await button(page, 'Log interaction').click();
  await label(page, 'Channel').selectOption({ label: 'Messenger' });
  await label(page, 'Direction').selectOption('Incoming');
  await label(page, 'Topic').fill('Asked about colour');
  await button(page, 'Save interaction').click();
  await toast(page, 'Interaction logged.').waitFor();

  await button(page, 'Add follow-up').click();
  await label(page, 'What to do').fill('Send aftercare tips');
  await button(page, 'Save follow-up').click();
  await toast(page, 'Follow-up added.').waitFor();

  const timeline = profile.getByRole('region', { name: 'Timeline' });
  const entries = await timeline.getByRole('listitem').allTextContents();
  assert.equal(entries.length, 3);
  assert.match(entries[0], /Colour consultation — Booked/);
  assert.match(entries.join('\n'), /Messenger \(Incoming\): Asked about colour/);
  assert.match(entries.join('\n'), /Haircut — Completed, 45 min · ₴450\.00 of ₴450\.00 paid \(Paid\)/);
  const stats = await profile.getByRole('region', { name: 'History' }).textContent();
  assert.match(stats, /Visits1/);
  assert.match(stats, /Total paid₴450\.00/);

  await goTo(page, 'Today');
  await page.getByRole('region', { name: 'Appointments today' }).getByText('Katerina').waitFor();
  await page.getByRole('region', { name: 'Tomorrow' }).getByText('Colour consultation').waitFor();
  await page.getByRole('region', { name: 'Follow-ups due' }).getByText('Send aftercare tips').waitFor();

  // Done follow-ups leave Today.
  await page.getByRole('region', { name: 'Follow-ups due' }).getByRole('button', { name: /Katerina/ }).click();
  await page.getByRole('checkbox', { name: /Send aftercare tips/ }).check();
  await toast(page, 'Follow-up done.').waitFor();
  await goTo(page, 'Today');
  await page.getByRole('region', { name: 'Follow-ups due' }).getByText('No follow-ups due.').waitFor();

  // Everything is still there after a reload.
  await page.reload();
  await unlock(page);
  await page.getByRole('region', { name: 'Tomorrow' }).getByText('Colour consultation').waitFor();
  await goTo(page, 'Clients');
  await clientRow(page, 'Katerina').click();
  await page.getByRole('article', { name: 'Katerina' }).getByText('Green tea').waitFor();
  assert.equal(await page.getByRole('article', { name: 'Katerina' }).getByRole('region', { name: 'Timeline' }).getByRole('listitem').count(), 3);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a blocked client is flagged in the profile, the list and Today', async () => {
  const { page, context } = await openFreshPage(app);
  await createVault(page);
  await addClient(page, { name: 'Difficult Dan' });
  await button(page, 'Add visit').click();
  await page.getByLabel('Date', { exact: true }).fill(await localDate(page, 1));
  await button(page, 'Save visit').click();
  await toast(page, 'Visit saved.').waitFor();

  await button(page, 'Edit profile').click();
  await label(page, 'Status').selectOption({ label: 'Blocked' });
  await button(page, 'Save').click();
  await page.getByText('Say why this client is blocked').waitFor();
  await label(page, 'Reason for blocking').fill('Harassed staff');
  await button(page, 'Save').click();
  await toast(page, 'Saved.').waitFor();

  await page.getByRole('article', { name: 'Difficult Dan' }).getByRole('alert').filter({ hasText: 'Blocked since' }).filter({ hasText: 'Harassed staff' }).waitFor();
  await clientRow(page, 'Difficult Dan').getByText('Blocked').waitFor();
  await goTo(page, 'Today');
  await page.getByRole('alert').filter({ hasText: 'Blocked clients with appointments' }).getByText('Difficult Dan').waitFor();
  await context.close();
});

test('segments: build, save with a live count, and open as a filtered list', async () => {
  const { page, context } = await openFreshPage(app);
  await createVault(page);
  await addClient(page, { name: 'Ann' });
  await addClient(page, { name: 'Bea' });
  await addClient(page, { name: 'Cid' });
  for (const name of ['Ann', 'Cid']) {
    await clientRow(page, name).click();
    await button(page, 'Edit profile').click();
    await label(page, 'Tags (separated by commas)').fill('vip');
    await label(page, 'City').fill('Lviv');
    await button(page, 'Save').click();
    await toast(page, 'Saved.').waitFor();
  }

  await goTo(page, 'Segments');
  await label(page, 'Segment name').fill('VIPs in Lviv');
  await label(page, 'Rule').selectOption({ label: 'Has tag' });
  await label(page, 'Value').fill('VIP');
  await button(page, 'Add rule').click();
  await page.getByText('2 clients match these rules').waitFor();
  await label(page, 'Rule').selectOption({ label: 'City is' });
  await label(page, 'Value').fill('lviv');
  await button(page, 'Add rule').click();
  await page.getByText('2 clients match these rules').waitFor();
  await button(page, 'Save segment').click();
  await toast(page, 'Segment saved.').waitFor();
  const saved = page.getByRole('region', { name: 'Saved segments' });
  await saved.getByText('2 clients').waitFor();

  await saved.getByRole('button', { name: 'Open VIPs in Lviv' }).click();
  await page.getByText('Segment: VIPs in Lviv').waitFor();
  await page.getByText('Found 2 of 3 clients').waitFor();
  assert.equal(await clientRow(page, 'Bea').count(), 0);
  await button(page, 'Show all clients').click();
  await page.getByText('3 clients', { exact: true }).waitFor();
  await context.close();
});

test('Trash: move, undo, restore, delete forever with confirmation, across a reload', async () => {
  const { page, context } = await openFreshPage(app);
  await createVault(page);
  await addClient(page, { name: 'Keeper' });
  await addClient(page, { name: 'Leaver' });

  await button(page, 'Move to Trash').click();
  await toast(page, 'Moved to Trash.').waitFor();
  assert.equal(await clientRow(page, 'Leaver').count(), 0);
  await button(page, 'Undo').click();
  await toast(page, 'Undone.').waitFor();
  await clientRow(page, 'Leaver').waitFor();

  await clientRow(page, 'Leaver').click();
  await button(page, 'Move to Trash').click();
  await toast(page, 'Moved to Trash.').waitFor();
  await goTo(page, 'Trash');
  await button(page, 'Restore Leaver').click();
  await toast(page, 'Restored.').waitFor();
  await page.getByText('Trash is empty.').waitFor();

  await goTo(page, 'Clients');
  await clientRow(page, 'Leaver').click();
  await button(page, 'Move to Trash').click();
  await toast(page, 'Moved to Trash.').waitFor();
  await goTo(page, 'Trash');
  await button(page, 'Delete forever').click();
  await button(page, 'Yes, delete forever').click();
  // The message says what is true: Undo brings the client back, while the message shows.
  const deleted = 'Deleted from this device. Undo is possible only while this message is shown.';
  await toast(page, deleted).waitFor();
  await page.getByText('Trash is empty.').waitFor();
  await button(page, 'Undo').click();
  await toast(page, 'Undone.').waitFor();
  await button(page, 'Restore Leaver').waitFor();
  await button(page, 'Delete forever').click();
  await button(page, 'Yes, delete forever').click();
  await toast(page, deleted).waitFor();
  // And once the message has gone, so has the Undo.
  await toast(page, deleted).waitFor({ state: 'detached', timeout: 30_000 });
  assert.equal(await button(page, 'Undo').count(), 0);
  await page.getByText('Trash is empty.').waitFor();

  await page.reload();
  await unlock(page);
  await goTo(page, 'Clients');
  await clientRow(page, 'Keeper').waitFor();
  assert.equal(await clientRow(page, 'Leaver').count(), 0);
  await goTo(page, 'Trash');
  await page.getByText('Trash is empty.').waitFor();
  await context.close();
});

test('leaving a form with unsaved changes asks first', async () => {
  const { page, context } = await openFreshPage(app);
  await createVault(page);
  await goTo(page, 'Clients');
  await button(page, 'New client').click();
  await label(page, 'Name').fill('Half typed');

  page.once('dialog', (dialog) => dialog.dismiss());
  await goTo(page, 'Today');
  assert.equal(await label(page, 'Name').inputValue(), 'Half typed', 'staying keeps the typing');

  page.once('dialog', (dialog) => dialog.accept());
  await goTo(page, 'Today');
  await page.getByRole('heading', { name: 'Appointments today' }).waitFor();
  await context.close();
});
