// End to end: the four languages, the theme, accessibility (axe-core on every main screen) and
// the keyboard. Screenshots of Today in each language and in dark mode go to
// $CLIENTELE_SCREENSHOTS (default: target/screenshots) to be looked at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import {
  contextOptions, startApp, openFreshPage, createVault, unlock, addClient, goTo, label, button, toast, PASSPHRASE, ROOT, catalog,
} from './helpers.mjs';

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

const SHOTS = process.env.CLIENTELE_SCREENSHOTS ?? join(ROOT, 'target', 'screenshots');

/**
 * English interface texts that show up in a page set to another language: every visible text
 * node, label and accessible name that equals an English catalog text with a different
 * translation. Client data and brand names are not in the catalog, so they never count.
 */
async function untranslated(page, texts, lang) {
  const english = Object.entries(texts).filter(([en, tr]) => tr[lang] !== en).map(([en]) => en.trim());
  const shown = await page.evaluate(() => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const text = walker.currentNode.textContent.trim();
      if (text && walker.currentNode.parentElement.closest('[hidden], script, style, noscript') === null) out.push(text);
    }
    for (const el of document.querySelectorAll('[aria-label], [title], [placeholder]')) {
      for (const attr of ['aria-label', 'title', 'placeholder']) if (el.getAttribute(attr)) out.push(el.getAttribute(attr).trim());
    }
    return out;
  });
  const set = new Set(english);
  return shown.filter((text) => set.has(text));
}

const LANGS = [
  { lang: 'ru', locale: 'ru-RU' },
  { lang: 'uk', locale: 'uk-UA' },
  { lang: 'zh', locale: 'zh-CN' },
];

for (const { lang, locale } of LANGS) {
  test(`${lang}: the lock screen and Today are fully translated, with plural forms`, async () => {
    const texts = await catalog();
    const tr = (english) => texts[english][lang];
    const context = await app.browser.newContext({ locale, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(app.url);

    // Detected from the browser's language; the create screen is in it.
    await page.getByRole('heading', { name: tr('Create your client book') }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), lang === 'zh' ? 'zh-CN' : lang);
    assert.deepEqual(await untranslated(page, texts, lang), []);
    await page.getByLabel(tr('Passphrase'), { exact: true }).fill(PASSPHRASE);
    await page.getByLabel(tr('Repeat passphrase'), { exact: true }).fill(PASSPHRASE);
    await page.getByRole('button', { name: tr('Create client book') }).click();
    await page.getByRole('button', { name: tr('Lock'), exact: true }).waitFor();

    // Two clients: "2 клиента" / "2 клієнти" / "2 位客户".
    for (const name of ['Анна Петрова', '李雷']) {
      await page.getByRole('navigation').getByRole('button', { name: tr('Clients'), exact: true }).click();
      await page.getByRole('button', { name: tr('New client') }).click();
      await page.getByLabel(tr('Name'), { exact: true }).fill(name);
      await page.getByRole('button', { name: tr('Save'), exact: true }).click();
      await page.getByRole('status').filter({ hasText: tr('Saved.') }).waitFor();
    }
    const twoClients = { ru: '2 клиента', uk: '2 клієнти', zh: '2 位客户' }[lang];
    await page.getByText(twoClients, { exact: true }).waitFor();

    await page.getByRole('navigation').getByRole('button', { name: tr('Today'), exact: true }).click();
    await page.getByRole('heading', { level: 1 }).filter({ hasText: tr('Today, {date}').split('{date}')[0].trim() }).waitFor();
    assert.deepEqual(await untranslated(page, texts, lang), []);
    await mkdir(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, `today-${lang}.png`), fullPage: true });

    await page.getByRole('button', { name: tr('Lock'), exact: true }).click();
    await page.getByRole('heading', { name: tr('Unlock your client book') }).waitFor();
    assert.deepEqual(await untranslated(page, texts, lang), []);
    await page.screenshot({ path: join(SHOTS, `unlock-${lang}.png`) });

    // Switched from the lock screen, remembered across a reload.
    await page.getByLabel(/Language/).selectOption({ label: 'English' });
    await page.getByRole('heading', { name: 'Unlock your client book' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Unlock your client book' }).waitFor();
    await context.close();
  });
}

test('English: the Today view, and dark mode by the device setting and by the toggle', async () => {
  const context = await app.browser.newContext({ locale: 'en-US', colorScheme: 'dark', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(app.url);
  await createVault(page);
  await addClient(page, { name: 'Dana Dark', phone: '+1 555 0100' });
  await goTo(page, 'Today');
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(await background(), 'rgb(22, 24, 26)', 'dark palette follows prefers-color-scheme');
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, 'today-dark.png'), fullPage: true });

  await goTo(page, 'Settings');
  await label(page, 'Theme').selectOption({ label: 'Light' });
  assert.equal(await background(), 'rgb(246, 245, 242)', 'the toggle overrides the device');
  await page.reload();
  await unlock(page);
  await button(page, 'Lock').waitFor();
  assert.equal(await background(), 'rgb(246, 245, 242)', 'the choice is remembered');
  await goTo(page, 'Today');
  await page.screenshot({ path: join(SHOTS, 'today-en.png'), fullPage: true });
  await context.close();
});

/** Serious and critical axe-core violations on the page as it is now. */
async function axeProblems(page, screen) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${screen}: ${v.id} (${v.impact}) ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

test('axe-core finds no serious or critical problem on any main screen, light or dark, wide or narrow', async () => {
  const problems = [];
  for (const [colorScheme, viewport] of [['light', { width: 1280, height: 800 }], ['dark', { width: 390, height: 844 }]]) {
    const context = await app.browser.newContext(contextOptions({ colorScheme, viewport }));
    const page = await context.newPage();
    const check = async (screen) => problems.push(...await axeProblems(page, `${screen} (${colorScheme}, ${viewport.width}px)`));
    await page.goto(app.url);
    await page.getByRole('heading', { name: 'Create your client book' }).waitFor();
    await check('create');
    await button(page, 'Restore from a backup file').click();
    await label(page, 'Backup file').setInputFiles({ name: 'backup-v1.clbk', mimeType: 'application/octet-stream',
      buffer: await readFile(join(ROOT, 'tests', 'vectors', 'backup-v1.clbk')) });
    await label(page, 'Backup passphrase').fill('correct horse battery staple');
    await button(page, 'Check backup').click();
    await page.getByRole('radio', { name: 'Choose a new passphrase' }).check();
    await check('restore from a backup file, preview');
    await button(page, 'Create an empty book instead').click();
    await createVault(page);
    await check('today, empty');
    await addClient(page, { name: 'Axe Anders', phone: '+46 70 123 45 67', email: 'axe@example.com' });
    await check('profile');
    await button(page, 'Edit profile').click();
    await check('client form');
    await button(page, 'Cancel').first().click();
    await button(page, 'Add visit').click();
    await check('visit form');
    await button(page, 'Save visit').click();
    await toast(page, 'Visit saved.').waitFor();
    await button(page, 'Erase permanently').click();
    await page.getByRole('alertdialog', { name: 'Erase permanently' }).waitFor();
    await check('erase dialog');
    await page.keyboard.press('Escape');
    await goTo(page, 'Clients');
    const back = button(page, 'Back to list');
    if (await back.isVisible()) await back.click();
    await check('client list');
    await button(page, 'Select').click();
    await page.getByText('Edit the selected clients').click();
    await check('client list, selecting');
    await button(page, 'Select').click();
    await button(page, 'Import').click();
    await label(page, 'Contacts file (CSV or vCard)').setInputFiles({ name: 'c.csv', mimeType: 'text/csv',
      buffer: Buffer.from('Name,Phone,Birthday\r\nAxe Anders,+46 70 123 45 67,1990-01-02\r\nBo Berg,,\r\n') });
    await button(page, 'Check for duplicates').click();
    await page.getByRole('list', { name: 'Import summary' }).waitFor();
    await check('import, mapping and dry run');
    await goTo(page, 'Clients');
    if (await back.isVisible()) await back.click();
    await button(page, 'Clean up').click();
    await page.getByRole('heading', { name: 'Data quality' }).waitFor();
    await check('clean up');
    for (const section of ['Today', 'Dashboard', 'Segments', 'Trash', 'Backup', 'Settings']) {
      await goTo(page, section);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await check(section.toLowerCase());
    }
    await goTo(page, 'Backup');
    await label(page, 'Use my vault passphrase').uncheck();
    await check('backup, a separate passphrase');
    await button(page, 'Lock').click();
    await page.getByRole('heading', { name: 'Unlock your client book' }).waitFor();
    await check('unlock');
    await context.close();
  }
  assert.deepEqual(problems, []);
});

test('keyboard only: create, add a client, open the profile, and a dialog keeps and returns focus', async () => {
  const { page, context, problems } = await openFreshPage(app);
  const focused = () => page.evaluate(() => {
    const el = document.activeElement;
    return { label: el.labels?.[0]?.textContent ?? el.getAttribute('aria-label') ?? el.textContent.trim(), outline: getComputedStyle(el).outlineStyle };
  });
  await page.getByRole('heading', { name: 'Create your client book' }).waitFor();
  await page.keyboard.press('Tab');
  assert.equal((await focused()).label, 'Passphrase');
  await page.keyboard.type(PASSPHRASE);
  await page.keyboard.press('Tab');
  assert.equal((await focused()).label, 'Repeat passphrase');
  await page.keyboard.type(PASSPHRASE);
  await page.keyboard.press('Enter');
  await button(page, 'Lock').waitFor();

  // To "New client" by Tab alone; every stop shows a focus ring.
  await goTo(page, 'Clients');
  await page.locator('body').focus();
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const now = await focused();
    assert.notEqual(now.outline, 'none', `focus ring on ${now.label}`);
    if (now.label === 'New client') break;
  }
  assert.equal((await focused()).label, 'New client');
  await page.keyboard.press('Enter');
  await page.getByLabel('Name', { exact: true }).waitFor();
  await page.getByLabel('Name', { exact: true }).focus();
  await page.keyboard.type('Kim Keyboard');
  await page.keyboard.press('Enter');
  await toast(page, 'Saved.').waitFor();
  await page.getByRole('heading', { name: 'Kim Keyboard' }).waitFor();

  // A modal dialog: focus moves in, Tab cannot leave it, Escape closes it and focus returns.
  const erase = button(page, 'Erase permanently');
  await erase.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('alertdialog', { name: 'Erase permanently' });
  await dialog.waitFor();
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Tab');
    assert.ok(await dialog.evaluate((d) => d.contains(document.activeElement)), 'focus stays in the dialog');
  }
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.activeElement?.textContent === 'Erase permanently', null, { timeout: 3000 })
    .catch(() => {});
  assert.equal((await focused()).label, 'Erase permanently', 'focus is back on the button that opened it');
  assert.deepEqual(problems, []);
  await context.close();
});

test('touch targets are at least 44 px on a phone', async () => {
  const { page, context } = await openFreshPage(app, { width: 390, height: 844 });
  await createVault(page);
  await addClient(page, { name: 'Tina Touch', phone: '+1 555 0101', email: 'tina@example.com' });
  const small = await page.evaluate(() => [...document.querySelectorAll('button, a[href], input, select, textarea, summary')]
    .filter((el) => el.offsetParent !== null && el.type !== 'hidden')
    .map((el) => {
      const box = el.getBoundingClientRect();
      // A checkbox counts with its label, which is part of the target.
      const label = el.type === 'checkbox' && el.labels?.[0] ? el.labels[0].getBoundingClientRect() : null;
      return { what: el.outerHTML.slice(0, 80), height: Math.max(box.height, label?.height ?? 0) };
    })
    .filter((t) => t.height < 44));
  assert.deepEqual(small, []);
  await context.close();
});
