// End to end: dates in the interface language's format on Today and the profile, in all four
// languages, and custom-field values found by search.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, openFreshPage, createVault, unlock, goTo, addClient, clientRow, label, button, toast, catalog } from './helpers.mjs';

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

/** A date `offset` days from the browser's today, as the date inputs take it (yyyy-mm-dd). */
const localDate = (page, offset = 0) => page.evaluate((offset) => {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  return d.toLocaleDateString('sv');
}, offset);

/** Text as a person reads it: no-break spaces (which keep a date on one line) are spaces. */
const plain = (text) => text.replace(/\u00a0/g, ' ').trim();

/**
 * What the browser's own Intl.DateTimeFormat writes for `locale`: the CLDR medium date, the
 * medium date with a short time, the short time, and the day with the month (a birthday, or a
 * date in this year): "Dec 2" in English, the month's full genitive in Russian and Ukrainian.
 */
const intl = (page, locale, isoDates, times) => page.evaluate(({ locale, isoDates, times }) => {
  const at = (iso, time = '00:00') => new Date(`${iso}T${time}`);
  const dayMonth = new Intl.DateTimeFormat(locale, locale === 'en' ? { month: 'short', day: 'numeric' } : { month: 'long', day: 'numeric' });
  const out = { medium: {}, dayMonth: {}, datetime: {}, time: {} };
  for (const iso of isoDates) {
    out.medium[iso] = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(at(iso));
    out.dayMonth[iso] = dayMonth.format(at(iso));
  }
  for (const [iso, time] of times) {
    out.datetime[`${iso} ${time}`] = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(at(iso, time));
    out.time[`${iso} ${time}`] = new Intl.DateTimeFormat(locale, { timeStyle: 'short' }).format(at(iso, time));
  }
  return out;
}, { locale, isoDates, times });

/** The value next to a label in the profile's details or history. */
const detail = (profile, name) => profile.locator('dt', { hasText: new RegExp(`^${name}$`) }).locator('xpath=following-sibling::dd[1]');

/** No date written as yyyy-mm-dd or mm-dd anywhere on the screen. */
async function assertNoIsoDates(page, where) {
  const text = await page.locator('body').innerText();
  assert.doesNotMatch(text, /\b\d{4}-\d{2}-\d{2}\b/, `${where}: an ISO date`);
  assert.doesNotMatch(text, /\b\d{2}-\d{2}\b/, `${where}: a month and day as mm-dd`);
}

async function addVisit(page, date, time) {
  await button(page, 'Add visit').click();
  await label(page, 'Date').fill(date);
  await label(page, 'Start time').fill(time);
  await button(page, 'Save visit').click();
  await toast(page, 'Visit saved.').waitFor();
}

async function addFollowUp(page, due, text) {
  await button(page, 'Add follow-up').click();
  await label(page, 'Due date').fill(due);
  await label(page, 'What to do').fill(text);
  await button(page, 'Save follow-up').click();
  await toast(page, 'Follow-up added.').waitFor();
}

async function editProfile(page, fill) {
  await button(page, 'Edit profile').click();
  await fill();
  await button(page, 'Save').click();
  await toast(page, 'Saved.').waitFor();
}

test('every date on Today and on the profile is written as the interface language writes it', async () => {
  const texts = await catalog();
  const { page, context, problems } = await openFreshPage(app);
  await createVault(page);
  const [today, tomorrow, overdue, birthday, later] = await Promise.all([0, 1, -3, 3, 60].map((d) => localDate(page, d)));
  const past = '2025-03-05';
  const consented = '2025-11-23';
  // Ella's birthday is two months away, out of Today's week.
  const born = `1988-${later.slice(5)}`;

  // Dana: a birthday without a year in three days, consent without a method, a visit in the
  // past, one today, one tomorrow, an overdue follow-up and one due today.
  await addClient(page, { name: 'Dana' });
  await editProfile(page, async () => {
    await label(page, 'Birthday: day').fill(String(Number(birthday.slice(8))));
    await label(page, 'Month (1–12)').fill(String(Number(birthday.slice(5, 7))));
    await label(page, 'Consented to keeping their data').check();
    await label(page, 'Consent date').fill(consented);
  });
  await addVisit(page, past, '10:00');
  await addVisit(page, today, '14:30');
  await addVisit(page, tomorrow, '09:05');
  await addFollowUp(page, overdue, 'Call about the colour');
  await addFollowUp(page, today, 'Send the photos');
  // Ella: a birthday with its year, consent with a method.
  await addClient(page, { name: 'Ella' });
  await editProfile(page, async () => {
    await label(page, 'Birthday: day').fill(String(Number(born.slice(8))));
    await label(page, 'Month (1–12)').fill(String(Number(born.slice(5, 7))));
    await label(page, 'Year (optional)').fill('1988');
    await label(page, 'Consented to keeping their data').check();
    await label(page, 'Consent date').fill(consented);
    await label(page, 'How consent was given').fill('in writing');
  });

  let shown = 'en';
  for (const [lang, locale] of [['en', 'en'], ['ru', 'ru'], ['uk', 'uk'], ['zh', 'zh-CN']]) {
    const tr = (english, inLang = lang) => (inLang === 'en' ? english : texts[english][inLang]);
    const section = (name, inLang = lang) => page.getByRole('navigation').getByRole('button', { name: tr(name, inLang), exact: true });
    if (lang !== shown) {
      // Settings is in the More menu, on a wide screen too.
      await section('More', shown).click();
      await section('Settings', shown).click();
      await page.locator('#language').selectOption(locale);
      await section('Today').waitFor();
      shown = lang;
    }
    const f = await intl(page, locale, [today, overdue, birthday, past, consented, born],
      [[past, '10:00'], [today, '14:30'], [tomorrow, '09:05']]);
    const sameYear = overdue.slice(0, 4) === today.slice(0, 4);

    await section('Today').click();
    const h1 = page.getByRole('heading', { level: 1 });
    assert.equal(plain(await h1.textContent()), tr('Today, {date}').replace('{date}', f.medium[today]), lang);
    const whens = async (heading) => (await page.getByRole('region', { name: tr(heading), exact: true }).locator('.when').allTextContents())
      .map(plain).filter((text) => text !== '');
    // Under a heading that names the day, the time alone.
    assert.deepEqual(await whens('Appointments today'), [f.time[`${today} 14:30`]], lang);
    assert.deepEqual(await whens('Tomorrow'), [f.time[`${tomorrow} 09:05`]], lang);
    assert.deepEqual(await whens('Follow-ups due'), [
      tr('Overdue since {date}').replace('{date}', sameYear ? f.dayMonth[overdue] : f.medium[overdue]),
      tr('Due today'),
    ], lang);
    assert.deepEqual(await whens('Birthdays in the next 7 days'), [f.dayMonth[birthday]], lang);
    await assertNoIsoDates(page, `${lang} Today`);

    await page.getByRole('region', { name: tr('Appointments today'), exact: true }).getByRole('button', { name: /Dana/ }).click();
    const dana = page.getByRole('article', { name: 'Dana' });
    await dana.getByRole('region', { name: tr('Timeline') }).getByRole('listitem').nth(2).waitFor();
    assert.equal(plain(await detail(dana, tr('Birthday')).textContent()), f.dayMonth[birthday], lang);
    assert.equal(plain(await detail(dana, tr('Data consent')).textContent()), f.medium[consented], `${lang}: no empty parentheses`);
    assert.equal(plain(await detail(dana, tr('First visit')).textContent()), f.medium[past], lang);
    const timeline = await dana.getByRole('region', { name: tr('Timeline') }).locator('.when').allTextContents();
    assert.deepEqual(timeline.map(plain), [`${tomorrow} 09:05`, `${today} 14:30`, `${past} 10:00`].map((k) => f.datetime[k]), lang);
    const followUps = await dana.getByRole('region', { name: tr('Follow-ups') }).getByRole('listitem').allTextContents();
    assert.deepEqual(followUps.map(plain), [`${f.medium[overdue]} — Call about the colour`, `${f.medium[today]} — Send the photos`], lang);
    assert.ok(plain(await detail(dana, tr('Created')).textContent()).startsWith(`${f.medium[today]}${lang === 'zh' ? ' ' : ', '}`), lang);
    await assertNoIsoDates(page, `${lang} Dana's profile`);

    await section('Clients').click();
    await page.getByRole('region', { name: tr('Clients'), exact: true }).getByRole('button', { name: /Ella/ }).click();
    const ella = page.getByRole('article', { name: 'Ella' });
    const birthdayText = plain(await detail(ella, tr('Birthday')).textContent());
    assert.ok(birthdayText.startsWith(`${f.medium[born]} (`), `${lang}: ${birthdayText}`);
    assert.equal(plain(await detail(ella, tr('Data consent')).textContent()), `${f.medium[consented]} (in writing)`, lang);
    await assertNoIsoDates(page, `${lang} Ella's profile`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('custom-field values are found by search, folded like every other field, also right after unlock', async () => {
  const { page, context, problems } = await openFreshPage(app);
  await createVault(page);
  await goTo(page, 'Settings');
  await label(page, 'Field name').fill('Hair formula');
  await label(page, 'Field type').selectOption({ label: 'Text' });
  await button(page, 'Add field').click();
  await toast(page, 'Custom field added.').waitFor();
  await addClient(page, { name: 'Fiona' });
  await editProfile(page, async () => {
    await label(page, 'Hair formula').fill('Blondor 6/0, Thick');
  });
  await addClient(page, { name: 'Gina', notes: 'Fine hair' });

  const search = page.getByRole('searchbox', { name: 'Search clients' });
  const finds = async (query, names) => {
    await search.fill(query);
    for (const name of ['Fiona', 'Gina']) {
      await clientRow(page, name).first().waitFor({ state: names.includes(name) ? 'visible' : 'detached' });
    }
  };
  await goTo(page, 'Clients');
  await finds('blondor', ['Fiona']);
  await page.getByText('Found 1 of 2 clients').waitFor();
  await finds('6/0', ['Fiona']);
  await finds('THICK', ['Fiona']);
  await finds('fine', ['Gina']);

  // Unlock reads the summaries, which hold the custom fields: found before any history loads.
  await page.reload();
  await unlock(page);
  await goTo(page, 'Clients');
  await finds('BLONDOR 6/0', ['Fiona']);
  assert.deepEqual(problems, []);
  await context.close();
});
