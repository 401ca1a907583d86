// Shared set-up for the end-to-end tests: a served release build, Debian's Chromium, and
// page helpers that act as a person would (roles, labels, typing, clicking).
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { join, dirname } from 'node:path';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { serve } from './server.mjs';

export const PASSPHRASE = 'violet tram sings bass 42';
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const LAUNCH = {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
};

export const DIST = process.env.CLIENTELE_DIST ?? join(ROOT, 'dist');
export { ROOT };

/** Serves the build (under `base`, "/" by default) and launches Chromium. */
/**
 * Options for a new browser profile: English unless a test asks for another language, so the
 * machine's own locale never changes what the tests read.
 */
export const contextOptions = (options = {}) => ({ locale: 'en-US', viewport: { width: 1280, height: 800 }, ...options });

export async function startApp({ base = '/', root = DIST } = {}) {
  const server = await serve(root, { base });
  const browser = await chromium.launch(LAUNCH);
  return {
    url: server.url,
    server,
    browser,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** A fresh profile (its own IndexedDB and localStorage) with a page on the app. */
export async function openFreshPage(app, viewport = { width: 1280, height: 800 }, options = {}) {
  const context = await app.browser.newContext(contextOptions({ viewport, ...options }));
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console ${msg.type()}: ${msg.text()}`);
  });
  await page.goto(app.url);
  return { context, page, problems };
}

/**
 * A page in a profile on disk, which can be closed and opened again like a real browser.
 * Needed where Chromium only honours a setting for real profiles, such as a storage quota
 * override (a full disk).
 */
export async function openPersistentProfile(app) {
  const dir = await mkdtemp(join(tmpdir(), 'clientele-profile-'));
  const profile = {
    async open() {
      profile.context = await chromium.launchPersistentContext(dir, { ...LAUNCH, ...contextOptions() });
      profile.page = profile.context.pages()[0] ?? (await profile.context.newPage());
      await profile.page.goto(app.url);
      return profile.page;
    },
    /**
     * Restarts the browser with a full disk (a 1-byte quota) and returns the page. Chromium
     * grants a writer some space after each quota check, so the disk must be "full" before
     * this browser session writes anything: hence the restart first. `profile.freeDisk()`
     * lifts the limit again.
     */
    async reopenWithFullDisk() {
      await profile.close();
      const page = await profile.open();
      const cdp = await profile.context.newCDPSession(page);
      const origin = new URL(app.url).origin;
      await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1 });
      profile.freeDisk = () => cdp.send('Storage.overrideQuotaForOrigin', { origin });
      return page;
    },
    async close() {
      await profile.context?.close();
      profile.context = undefined;
    },
    async remove() {
      await profile.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  await profile.open();
  return profile;
}

export async function createVault(page, passphrase = PASSPHRASE) {
  await page.getByRole('heading', { name: 'Create your client book' }).waitFor();
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await page.getByLabel('Repeat passphrase').fill(passphrase);
  await page.getByRole('button', { name: 'Create client book' }).click();
  await page.getByRole('button', { name: 'Lock', exact: true }).waitFor();
}

export async function unlock(page, passphrase = PASSPHRASE) {
  await page.getByRole('heading', { name: 'Unlock your client book' }).waitFor();
  await page.getByLabel('Passphrase').fill(passphrase);
  await page.getByRole('button', { name: 'Unlock' }).click();
}

/** A control by its exact label, a button by its exact name, a message in the status region. */
export const label = (page, text) => page.getByLabel(text, { exact: true });
export const button = (page, name) => page.getByRole('button', { name, exact: true });
export const toast = (page, text) => page.getByRole('status').filter({ hasText: text });

/**
 * Opens a section from the navigation: the top bar on a wide screen; on a phone the bottom
 * bar, or its More menu for the sections that are not in the bar.
 */
export async function goTo(page, section) {
  const nav = page.getByRole('navigation', { name: 'Sections' });
  const item = nav.getByRole('button', { name: section, exact: true });
  await nav.waitFor();
  if (!(await item.isVisible())) {
    const more = nav.getByRole('button', { name: 'More', exact: true });
    if ((await more.getAttribute('aria-expanded')) !== 'true') await more.click();
  }
  await item.click();
}

/** Adds a client through the profile form and waits until it is saved. */
export async function addClient(page, { name, phone = '', email = '', notes = '' }) {
  await goTo(page, 'Clients');
  // On a phone the detail pane replaces the list; go back to it first.
  const back = page.getByRole('button', { name: 'Back to list' });
  if (await back.isVisible()) await back.click();
  await page.getByRole('button', { name: 'New client' }).click();
  await page.getByLabel('Name', { exact: true }).fill(name);
  if (phone) await page.getByLabel('Phone 1', { exact: true }).fill(phone);
  if (email) await page.getByLabel('Email 1', { exact: true }).fill(email);
  if (notes) await page.getByLabel('General notes').fill(notes);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
  await page.getByRole('heading', { name, exact: true }).waitFor();
}

/** A client's row in the list, opening the Clients section if needed. */
export function clientRow(page, name) {
  return page.getByRole('region', { name: 'Clients' }).getByRole('button', { name: new RegExp(name) });
}

/** Unlocks and opens the client list. */
export async function unlockToList(page, passphrase = PASSPHRASE) {
  await unlock(page, passphrase);
  await goTo(page, 'Clients');
}

/**
 * The ids of the records in one IndexedDB object store: `clients` (one full record per
 * client), `index` (shards, settings, safety copy) or `records` (format 1's).
 */
export async function storedRecordIds(page, store = 'clients') {
  return page.evaluate(async (store) => {
    const db = await new Promise((resolve) => { const r = indexedDB.open('clientele'); r.onsuccess = () => resolve(r.result); });
    const r = db.transaction(store).objectStore(store).getAllKeys();
    return new Promise((resolve) => { r.onsuccess = () => { db.close(); resolve(r.result); }; });
  }, store);
}

/**
 * Everything the page has stored, as text: every IndexedDB database, store and value
 * (bytes decoded as UTF-8 and as Latin-1), and every localStorage key and value.
 */
export async function dumpStorage(page) {
  return page.evaluate(async () => {
    const out = [];
    const asText = (value) => {
      if (value instanceof Uint8Array || value instanceof ArrayBuffer) {
        const bytes = value instanceof Uint8Array ? value : new Uint8Array(value);
        return new TextDecoder('utf-8').decode(bytes) + '\n' + Array.from(bytes, (b) => String.fromCharCode(b)).join('');
      }
      return typeof value === 'string' ? value : JSON.stringify(value);
    };
    for (const { name } of await indexedDB.databases()) {
      const db = await new Promise((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      for (const storeName of db.objectStoreNames) {
        const tx = db.transaction(storeName, 'readonly');
        const store = tx.objectStore(storeName);
        const [keys, values] = await Promise.all([store.getAllKeys(), store.getAll()].map(
          (request) => new Promise((resolve) => { request.onsuccess = () => resolve(request.result); }),
        ));
        keys.forEach((key, i) => out.push(`${name}/${storeName}/${key}: ${asText(values[i])}`));
      }
      db.close();
    }
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      out.push(`localStorage ${key}: ${localStorage.getItem(key)}`);
    }
    return out.join('\n');
  });
}

/** The catalog (src/i18n/catalog.rs) as { english: { ru, uk, zh } }. */
export async function catalog() {
  const source = await readFile(join(ROOT, 'src', 'i18n', 'catalog.rs'), 'utf8');
  const literal = '"((?:[^"\\\\]|\\\\.)*)"';
  const row = new RegExp(`^\\s*\\(${literal}, ${literal}, ${literal}, ${literal}\\),$`, 'gm');
  const unescape = (s) => JSON.parse(`"${s}"`);
  const texts = {};
  for (const m of source.matchAll(row)) texts[unescape(m[1])] = { ru: unescape(m[2]), uk: unescape(m[3]), zh: unescape(m[4]) };
  return texts;
}
