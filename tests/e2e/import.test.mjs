// Importing contacts in a real Chromium, as a new user would: a Russian Excel CSV in
// Windows-1251 with semicolons (with an encoding override and a column mapped by hand), the
// same vCard twice without duplicates, "Undo import" after a reload, and bad files refused with
// the book unchanged and nothing of the file in storage.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startApp, openFreshPage, createVault, unlockToList, goTo, clientRow, dumpStorage, label, button, toast,
} from './helpers.mjs';

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

/** Windows-1251 bytes of a text in ASCII and Russian letters (what Russian Excel saves). */
function windows1251(text) {
  return Buffer.from([...text].map((ch) => {
    const code = ch.codePointAt(0);
    if (code < 0x80) return code;
    if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
    if (ch === 'ё') return 0xb8;
    if (ch === 'Ё') return 0xa8;
    throw new Error(`no Windows-1251 byte for ${ch}`);
  }));
}

const RUSSIAN_CSV = [
  'Фамилия;Имя;Телефон;Любимый цвет;День рождения',
  'Петрова;Анна;8 (916) 123-45-67;зелёный;25.11.1988',
  'Смирнов;Борис;+7 903 555 01 02;синий;01.02.1990',
  '',
  'Козлова;Ольга;;красный;',
].join('\r\n') + '\r\n';

const VCARD = [
  'BEGIN:VCARD', 'VERSION:3.0', 'N:Kovalenko;Olena;;;', 'FN:Olena Kovalenko', 'TEL;TYPE=CELL:+380 67 123 4567',
  'EMAIL;TYPE=INTERNET:olena@example.com', 'CATEGORIES:VIP,Colour', 'END:VCARD',
  'BEGIN:VCARD', 'VERSION:3.0', 'N:Wang;Fang;;;', 'FN:王芳', 'TEL:+86 138 0013 8000', 'NOTE:Prefers mornings\\, not Mondays',
  'END:VCARD', '',
].join('\r\n');

const file = (name, content) => ({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(content) });

async function openImport(page) {
  await goTo(page, 'Clients');
  await page.getByRole('region', { name: 'Clients' }).getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByRole('heading', { name: 'Import contacts', level: 1 }).waitFor();
}

async function importFile(page, upload) {
  await openImport(page);
  await label(page, 'Contacts file (CSV or vCard)').setInputFiles(upload);
  await button(page, 'Check for duplicates').click();
  await page.getByRole('list', { name: 'Import summary' }).waitFor();
}

test('a Russian Excel CSV: the encoding is detected and can be overridden, a column is mapped by hand', async () => {
  const { page, context, problems } = await openFreshPage(app);
  await createVault(page);
  // The empty book says how to begin, and leads to the import.
  await button(page, 'Import contacts (CSV, vCard)').click();
  await page.getByRole('heading', { name: 'Import contacts', level: 1 }).waitFor();
  await label(page, 'Contacts file (CSV or vCard)').setInputFiles(file('contacts.csv', windows1251(RUSSIAN_CSV)));

  const encoding = label(page, 'Text encoding');
  await page.getByRole('cell', { name: /Петрова/ }).waitFor();
  assert.equal(await encoding.inputValue(), 'windows-1251');
  // Read as UTF-8, the names are garbage; back to Windows-1251 they are right again.
  await encoding.selectOption({ label: 'Unicode (UTF-8)' });
  await page.getByRole('cell', { name: /\uFFFD/ }).first().waitFor();
  assert.equal(await page.getByRole('cell', { name: /Петрова/ }).count(), 0);
  await encoding.selectOption({ label: 'Cyrillic (Windows-1251)' });
  await page.getByRole('cell', { name: /Петрова/ }).waitFor();

  // Known headers are mapped; the unknown one is skipped until the user maps it.
  assert.equal(await label(page, 'Фамилия').locator('option:checked').textContent(), 'Last name');
  assert.equal(await label(page, 'Телефон').locator('option:checked').textContent(), 'Phone');
  const colour = label(page, 'Любимый цвет');
  assert.equal(await colour.locator('option:checked').textContent(), 'Skip this column');
  await colour.selectOption({ label: 'Preferences' });
  assert.equal(await label(page, 'Dates in “День рождения” are').inputValue(), 'DD.MM.YYYY');

  await button(page, 'Check for duplicates').click();
  const summary = page.getByRole('list', { name: 'Import summary' });
  await summary.getByText('3 new clients').waitFor();
  await summary.getByText('0 probable duplicates').waitFor();
  await button(page, 'Import').click();
  await toast(page, 'Imported 3 clients.').waitFor();

  await clientRow(page, 'Анна Петрова').click();
  await page.getByRole('heading', { name: 'Анна Петрова' }).waitFor();
  await page.getByText('зелёный').waitFor();
  await page.getByText('8 (916) 123-45-67').first().waitFor();
  assert.equal(await clientRow(page, 'Ольга Козлова').count(), 1);
  // Nothing of the file is in storage as plain text.
  const stored = await dumpStorage(page);
  // The phone in whole: three digits could turn up by chance in the sealed bytes.
  for (const text of ['Петрова', 'зелёный', '(916) 123-45-67', '89161234567']) assert.ok(!stored.includes(text), text);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the same vCard imported twice adds nobody the second time', async () => {
  const { page, context, problems } = await openFreshPage(app);
  await createVault(page);
  await importFile(page, file('contacts.vcf', VCARD));
  await page.getByText('2 new clients').waitFor();
  await button(page, 'Import').click();
  await toast(page, 'Imported 2 clients.').waitFor();
  await clientRow(page, 'Olena Kovalenko').waitFor();

  await importFile(page, file('contacts.vcf', VCARD));
  await page.getByText('0 new clients').waitFor();
  await page.getByText('2 probable duplicates').waitFor();
  await page.getByRole('list', { name: 'Probable duplicates' }).getByText(/imported before/).first().waitFor();
  await button(page, 'Import').click();
  await toast(page, 'Nothing was imported: every contact was skipped.').waitFor();
  await page.getByText('2 clients', { exact: true }).waitFor();
  assert.equal(await clientRow(page, 'Olena Kovalenko').count(), 1);
  assert.equal(await clientRow(page, '王芳').count(), 1);
  assert.deepEqual(problems, []);
  await context.close();
});

test('an import is undone after a reload, and only the import', async () => {
  const { page, context, problems } = await openFreshPage(app);
  await createVault(page);
  await importFile(page, file('contacts.vcf', VCARD));
  await button(page, 'Import').click();
  await toast(page, 'Imported 2 clients.').waitFor();
  await page.reload();
  await unlockToList(page);
  await clientRow(page, 'Olena Kovalenko').waitFor();

  await openImport(page);
  const last = page.getByRole('region', { name: 'Last import' });
  await last.getByText(/2 clients added/).waitFor();
  await last.getByRole('button', { name: 'Undo import' }).click();
  await toast(page, 'The last import was undone.').waitFor();
  await last.waitFor({ state: 'detached' });
  await goTo(page, 'Clients');
  await button(page, 'Add your first client').waitFor();
  await page.reload();
  await unlockToList(page);
  await button(page, 'Add your first client').waitFor();
  assert.equal(await clientRow(page, 'Olena Kovalenko').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('bad files each get their own message and leave the book untouched', async () => {
  const { page, context, problems } = await openFreshPage(app);
  await createVault(page);
  await importFile(page, file('contacts.vcf', VCARD));
  await button(page, 'Import').click();
  await toast(page, 'Imported 2 clients.').waitFor();

  await openImport(page);
  const input = label(page, 'Contacts file (CSV or vCard)');
  const cases = [
    [file('empty.csv', ''), 'This file is empty'],
    [file('header.csv', 'Name,Phone\r\n'), 'only column names'],
    [file('random.csv', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256))), 'does not look like text'],
    [file('cut.vcf', 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cut Off\r\nTEL:+44 20 7946 0000\r\n'), null],
  ];
  for (const [upload, message] of cases) {
    await input.setInputFiles(upload);
    if (message) {
      await page.getByRole('alert').filter({ hasText: message }).waitFor();
    } else {
      // A truncated card is a row-level problem in the dry run, not a failure of the file.
      await button(page, 'Check for duplicates').click();
      await page.getByText('1 row with problems').waitFor();
      await page.getByText('0 new clients').waitFor();
    }
  }
  await goTo(page, 'Clients');
  await page.getByText('2 clients', { exact: true }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});
