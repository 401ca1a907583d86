// End to end: Settings → Insight and loyalty, and the Client value panel of the profile. A
// changed threshold and a loyalty programme with two tiers are kept across a reload and an
// unlock; a client with three paid held visits shows the value, rhythm, stage, RFM, points and
// tier computed by hand below; a refused value shows its message and saves nothing; points
// spent on a visit stay spent when the visit that earned them goes. Day counts are asserted on
// a fixed clock (Tuesday Nov 24, 2026, noon in Berlin), so they cannot shift at midnight.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, openFreshPage, createVault, unlock, goTo, addClient, clientRow, label, button, toast } from './helpers.mjs';

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

/** The Insight and loyalty section of Settings. */
const section = (page) => page.getByRole('region', { name: 'Insight and loyalty' });
/** The Client value panel of the open profile. */
const panel = (page) => page.getByRole('region', { name: 'Client value' });

/** Text as a person reads it: no-break spaces (which keep a date or a sum whole) are spaces. */
const plain = (text) => text.replace(/\u00a0/g, ' ').trim();

/** The value the panel gives for a label. */
async function shown(page, term) {
  const definition = panel(page).getByRole('term').filter({ hasText: new RegExp(`^${term}$`) }).locator('xpath=following-sibling::dd[1]');
  return plain(await definition.innerText());
}

const BERLIN = { timezoneId: 'Europe/Berlin' };
const NOW = new Date('2026-11-24T12:00:00+01:00');

/** A fresh page whose clock starts at NOW in Berlin. */
async function freshPage() {
  const opened = await openFreshPage(app, undefined, BERLIN);
  await opened.page.clock.install({ time: NOW });
  await opened.page.reload();
  return opened;
}

/** The browser's local date `offset` days from its (fixed) today, as typed (YYYY-MM-DD) and as English shows it. */
const localDate = (page, offset) => page.evaluate((offset) => {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return { typed: d.toLocaleDateString('sv'), shown: `${months[d.getMonth()]} ${d.getDate()}, ${d.getFullYear()}` };
}, offset);

/**
 * Clicks a save button and waits for "Settings saved.", first letting an earlier toast of the
 * same words go, so that it cannot stand for this save.
 */
async function save(page, scope, name) {
  await toast(page, 'Settings saved.').waitFor({ state: 'hidden' });
  await button(scope, name).click();
  await toast(page, 'Settings saved.').waitFor();
}

async function addHeldVisit(page, date, paid, { service, pointsRedeemed } = {}) {
  await button(page, 'Add visit').click();
  await label(page, 'Date').fill(date);
  await label(page, 'Start time').fill('10:00');
  await label(page, 'Paid').fill(paid);
  if (service) await label(page, 'Service name (if not listed)').fill(service);
  if (pointsRedeemed) await label(page, 'Points redeemed').fill(pointsRedeemed);
  await label(page, 'Outcome').selectOption({ label: 'Completed' });
  await button(page, 'Save visit').click();
  await toast(page, 'Visit saved.').waitFor();
  await page.getByRole('heading', { name: 'New visit' }).waitFor({ state: 'detached' });
}

test('thresholds and the loyalty programme are kept; the profile shows the client value computed by hand', async () => {
  const { page, problems } = await freshPage();
  await createVault(page);
  await goTo(page, 'Settings');
  const settings = section(page);
  await settings.waitFor();

  // Defaults first; then Lapsed after 200 days.
  assert.equal(await label(settings, 'Lapsed after (days)').inputValue(), '180');
  await label(settings, 'Lapsed after (days)').fill('200');
  await save(page, settings, 'Save thresholds');

  // The loyalty programme: off by default, its fields appear when turned on.
  assert.equal(await label(settings, 'Points per 1 EUR paid').count(), 0);
  await label(settings, 'Run a loyalty programme').check();
  await label(settings, 'Points per 1 EUR paid').fill('2');
  await settings.getByText('No tiers yet.').waitFor();
  await button(settings, 'Add tier').click();
  await label(settings, 'Tier 1: name').fill('Silver');
  await label(settings, 'Tier 1: from points').fill('100');
  await button(settings, 'Add tier').click();
  await label(settings, 'Tier 2: name').fill('Gold');
  await label(settings, 'Tier 2: from points').fill('500');
  await label(settings, 'Birthday-month perk').fill('10% off');
  await save(page, settings, 'Save loyalty programme');

  // A client with three held visits, 100, 60 and 20 days ago, paid 120.00, 80.00 and 100.75 EUR.
  const [first, second, last, next] = await Promise.all([-100, -60, -20, 20].map((d) => localDate(page, d)));
  await addClient(page, { name: 'Maria Lopez' });
  await addHeldVisit(page, first.typed, '120.00');
  await addHeldVisit(page, second.typed, '80.00');
  await addHeldVisit(page, last.typed, '100.75');

  const expectProfile = async () => {
    await panel(page).getByRole('term').filter({ hasText: /^Lifetime value$/ }).waitFor();
    // 120.00 + 80.00 + 100.75 = 300.75; over 3 held visits, 100.25 each.
    assert.equal(await shown(page, 'Lifetime value'), '€300.75');
    assert.equal(await shown(page, 'Held visits'), '3');
    assert.equal(await shown(page, 'Average ticket'), '€100.25');
    assert.equal(await shown(page, 'First held visit'), first.shown);
    assert.equal(await shown(page, 'Last held visit'), last.shown);
    // Gaps of 40 and 40 days: the median is 40; the next visit is expected 40 days after the last.
    assert.equal(await shown(page, 'Typical interval'), 'every 40 days');
    assert.equal(await shown(page, 'Since the last visit'), '20 days');
    assert.equal(await shown(page, 'Next expected visit'), next.shown);
    // The first visit is older than 90 days, the last within the typical interval: Active.
    const stage = panel(page).locator('.stage-line');
    assert.equal(plain(await stage.innerText()).replace(/\s+/g, ' '), 'Active Back within their typical interval of 40 days.');
    // The only client scored: the middle quintile on each score, R3 F3 M3, "Needs attention".
    assert.equal(await shown(page, 'RFM scores'), 'R 3 · F 3 · M 3');
    assert.equal(await shown(page, 'RFM segment'), 'Needs attention');
    // 2 points per euro, rounded down per visit: 240 + 160 + 201 (201.5) = 601, past Gold's 500.
    assert.equal(await shown(page, 'Points'), '601');
    assert.equal(await shown(page, 'Tier'), 'Gold');
  };
  await expectProfile();

  // After a reload and an unlock the settings are as saved, and the profile says the same.
  await page.reload();
  await unlock(page);
  await goTo(page, 'Settings');
  await settings.waitFor();
  assert.equal(await label(settings, 'Lapsed after (days)').inputValue(), '200');
  assert.equal(await label(settings, 'New within (days)').inputValue(), '90');
  assert.ok(await label(settings, 'Run a loyalty programme').isChecked());
  assert.equal(await label(settings, 'Points per 1 EUR paid').inputValue(), '2');
  assert.equal(await label(settings, 'Tier 1: name').inputValue(), 'Silver');
  assert.equal(await label(settings, 'Tier 1: from points').inputValue(), '100');
  assert.equal(await label(settings, 'Tier 2: name').inputValue(), 'Gold');
  assert.equal(await label(settings, 'Tier 2: from points').inputValue(), '500');
  assert.equal(await label(settings, 'Birthday-month perk').inputValue(), '10% off');

  await goTo(page, 'Clients');
  await clientRow(page, 'Maria Lopez').click();
  await page.getByRole('heading', { name: 'Maria Lopez', exact: true }).waitFor();
  await expectProfile();

  // Removing a tier and turning the programme off: the panel no longer shows points.
  await goTo(page, 'Settings');
  await settings.getByRole('button', { name: 'Remove tier 2' }).click();
  assert.equal(await label(settings, 'Tier 2: name').count(), 0);
  await label(settings, 'Run a loyalty programme').uncheck();
  await save(page, settings, 'Save loyalty programme');
  await goTo(page, 'Clients');
  await clientRow(page, 'Maria Lopez').click();
  await panel(page).getByRole('term').filter({ hasText: /^Lifetime value$/ }).waitFor();
  assert.equal(await panel(page).getByRole('term').filter({ hasText: /^Points$/ }).count(), 0);

  assert.deepEqual(problems, []);
  await page.context().close();
});

test('a refused threshold or tier shows its message and saves nothing', async () => {
  const { page, problems } = await openFreshPage(app);
  await createVault(page);
  await goTo(page, 'Settings');
  const settings = section(page);
  await settings.waitFor();

  // Lapsed after 0 days, and a factor that is not a number: each under its field, focus on the first.
  await label(settings, 'Lapsed after (days)').fill('0');
  await label(settings, 'Drifting factor (× typical interval)').fill('');
  await button(settings, 'Save thresholds').click();
  const lapsedError = settings.locator('#insight-lapsed_days-error');
  await lapsedError.filter({ hasText: 'Enter a number of days from 1 to 3650.' }).waitFor();
  await settings.locator('#insight-drifting_factor-error').filter({ hasText: 'Enter a factor from 1 to 10.' }).waitFor();
  assert.equal(await label(settings, 'Lapsed after (days)').getAttribute('aria-invalid'), 'true');
  await page.waitForFunction(() => document.activeElement?.id === 'insight-lapsed_days');

  // Two tiers of one name: refused too.
  await label(settings, 'Run a loyalty programme').check();
  for (const [i, points] of [[1, '100'], [2, '200']]) {
    await button(settings, 'Add tier').click();
    await label(settings, `Tier ${i}: name`).fill('Silver');
    await label(settings, `Tier ${i}: from points`).fill(points);
  }
  await button(settings, 'Save loyalty programme').click();
  await settings.locator('#loyalty-tier-1-name-error').filter({ hasText: 'Two tiers cannot have the same name.' }).waitFor();

  // Nothing was saved: after a reload the defaults are back and the programme is off.
  await page.reload();
  await unlock(page);
  await goTo(page, 'Settings');
  await settings.waitFor();
  assert.equal(await label(settings, 'Lapsed after (days)').inputValue(), '180');
  assert.equal(await label(settings, 'Drifting factor (× typical interval)').inputValue(), '2');
  assert.equal(await label(settings, 'Run a loyalty programme').isChecked(), false);

  // A changed threshold comes back to its default with Restore defaults, saved at once.
  await label(settings, 'New within (days)').fill('30');
  await save(page, settings, 'Save thresholds');
  await button(settings, 'Restore defaults').click();
  await toast(page, 'Default thresholds restored.').waitFor();
  assert.equal(await label(settings, 'New within (days)').inputValue(), '90');
  await page.reload();
  await unlock(page);
  await goTo(page, 'Settings');
  await settings.waitFor();
  assert.equal(await label(settings, 'New within (days)').inputValue(), '90');

  assert.deepEqual(problems, []);
  await page.context().close();
});

test('points already spent on a visit do not block editing it after the visit that earned them goes', async () => {
  const { page, problems } = await freshPage();
  await createVault(page);
  await goTo(page, 'Settings');
  const settings = section(page);
  await label(settings, 'Run a loyalty programme').check();
  await label(settings, 'Points per 1 EUR paid').fill('1');
  await save(page, settings, 'Save loyalty programme');

  // 100.00 EUR paid earns 100 points; 80 of them are spent on the next visit.
  const [earned, spent] = await Promise.all([-10, -5].map((d) => localDate(page, d)));
  await addClient(page, { name: 'Paula Points' });
  await addHeldVisit(page, earned.typed, '100.00', { service: 'Earning cut' });
  await addHeldVisit(page, spent.typed, '0', { service: 'Spending cut', pointsRedeemed: '80' });
  const timeline = page.getByRole('region', { name: 'Timeline' });
  const entry = (service) => timeline.getByRole('listitem').filter({ hasText: service });
  await entry('Spending cut').getByText('80 points redeemed').waitFor();

  // The visit that earned the points goes: the balance is now 0 − 80.
  await entry('Earning cut').getByRole('button', { name: 'Delete visit' }).click();
  await toast(page, 'Visit deleted.').waitFor();
  await entry('Earning cut').waitFor({ state: 'detached' });

  // Rating the spending visit, its 80 points unchanged, is saved.
  await entry('Spending cut').getByRole('button', { name: 'Edit visit' }).click();
  await label(page, 'Satisfaction').selectOption('5');
  await button(page, 'Save visit').click();
  await toast(page, 'Visit saved.').waitFor();
  await entry('Spending cut').getByText(/Satisfaction 5\/5/).waitFor();

  // Spending more is refused: nothing is left to spend.
  await entry('Spending cut').getByRole('button', { name: 'Edit visit' }).click();
  const points = label(page, 'Points redeemed');
  await points.fill('90');
  await button(page, 'Save visit').click();
  await page.locator('#visit-points_redeemed-error').filter({ hasText: "Only 0 points can be spent: that is the client's balance." }).waitFor();
  assert.equal(await points.getAttribute('aria-invalid'), 'true');

  // Spending less is saved.
  await points.fill('50');
  await button(page, 'Save visit').click();
  await toast(page, 'Visit saved.').waitFor();
  await entry('Spending cut').getByText('50 points redeemed').waitFor();

  assert.deepEqual(problems, []);
  await page.context().close();
});
