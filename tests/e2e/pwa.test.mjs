// End to end: the installable, offline app. Works offline after the first visit, offers a new
// build without mixing files, runs from a sub-path, talks to nobody but its own origin and
// breaks no rule of its Content-Security-Policy.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  contextOptions, startApp, createVault, unlock, unlockToList, addClient, clientRow, goTo, label, button, toast, PASSPHRASE, DIST, ROOT,
} from './helpers.mjs';

const apps = [];
after(async () => { for (const app of apps) await app.close(); });

async function start(options) {
  const app = await startApp(options);
  apps.push(app);
  return app;
}

/** Waits until a service worker controls the page, so the next load can come from its cache. */
async function controlledBySw(page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
  });
}

const buildOf = (page) => page.locator('meta[name="clientele-build"]').getAttribute('content');

test('after the first visit the app opens, unlocks and saves offline', async () => {
  const app = await start();
  const context = await app.browser.newContext(contextOptions());
  const page = await context.newPage();
  await page.goto(app.url);
  await createVault(page);
  await addClient(page, { name: 'Online Olga' });
  await controlledBySw(page);

  await context.setOffline(true);
  await page.reload();
  await unlockToList(page);
  await clientRow(page, 'Online Olga').waitFor();
  await addClient(page, { name: 'Offline Oksana' });
  await page.reload();
  await unlockToList(page);
  await clientRow(page, 'Offline Oksana').waitFor();
  await clientRow(page, 'Online Olga').waitFor();
  await context.close();
});

test('a new build shows "Update available", and Reload switches to it whole', async () => {
  const work = await mkdtemp(join(tmpdir(), 'clientele-builds-'));
  const buildA = join(work, 'a');
  const buildB = join(work, 'b');
  await cp(DIST, buildA, { recursive: true });
  await cp(DIST, buildB, { recursive: true });
  // Build B differs in one file; the post-build step gives it its own version and precache list.
  const index = join(buildB, 'index.html');
  await writeFile(index, (await readFile(index, 'utf8')).replace('</noscript>', ' (B)</noscript>'));
  await promisify(execFile)('node', [join(ROOT, 'scripts', 'pwa-finish.mjs'), buildB]);

  const app = await start({ root: buildA });
  const context = await app.browser.newContext(contextOptions());
  const page = await context.newPage();
  await page.goto(app.url);
  await page.getByRole('heading', { name: 'Create your client book' }).waitFor();
  await controlledBySw(page);
  const versionA = await buildOf(page);

  app.server.switchTo(buildB);
  await page.reload();
  await page.getByText('Update available — reload to use the new version.').waitFor();
  assert.equal(await buildOf(page), versionA, 'until the user reloads, the old build serves every file');
  await button(page, 'Reload').click();
  await page.waitForFunction((old) => document.querySelector('meta[name="clientele-build"]').content !== old, versionA);
  const versionB = await buildOf(page);
  assert.notEqual(versionB, versionA);
  assert.ok((await page.content()).includes('(B)</noscript>'), 'the page is build B');
  await page.getByRole('heading', { name: 'Create your client book' }).waitFor();
  assert.equal(await page.getByText('Update available').count(), 0);
  await context.close();
  await rm(work, { recursive: true, force: true });
});

test('the app runs from a sub-path', async () => {
  const app = await start({ base: '/clientele/' });
  assert.match(app.url, /\/clientele\/$/);
  const context = await app.browser.newContext(contextOptions());
  const page = await context.newPage();
  await page.goto(app.url);
  await createVault(page);
  await addClient(page, { name: 'Subpath Sofia' });
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  assert.equal(scope, app.url);
  await page.reload();
  await unlockToList(page);
  await clientRow(page, 'Subpath Sofia').waitFor();
  await context.close();
});

test('a whole session stays on its own origin, within its Content-Security-Policy', async () => {
  const app = await start();
  const origin = new URL(app.url).origin;
  const context = await app.browser.newContext(contextOptions({ acceptDownloads: true }));
  const requests = [];
  const violations = [];
  context.on('request', (request) => requests.push(request.url()));
  await context.exposeBinding('reportCspViolation', (_source, text) => violations.push(text));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.reportCspViolation(`${e.violatedDirective} blocked ${e.blockedURI}`);
    });
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (/Content.Security.Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });

  await page.goto(app.url);
  await createVault(page);
  await addClient(page, { name: 'Network Nadia', phone: '+380 50 000 11 22' });
  await button(page, 'Edit profile').click();
  await label(page, 'General notes').fill('Edited in the traffic test');
  await button(page, 'Save').click();
  await toast(page, 'Saved.').waitFor();

  await goTo(page, 'Backup');
  await label(page, 'Your vault passphrase (to confirm)').fill(PASSPHRASE);
  const pending = page.waitForEvent('download');
  await button(page, 'Export backup').click();
  const file = await readFile(await (await pending).path());
  await toast(page, 'Backup exported.').waitFor();
  await label(page, 'Backup file').setInputFiles({ name: 'b.clbk', mimeType: 'application/octet-stream', buffer: file });
  await label(page, 'Backup passphrase').fill(PASSPHRASE);
  await button(page, 'Check backup').click();
  await button(page, 'Merge into this book').click();
  await toast(page, 'Backup merged.').waitFor();
  await goTo(page, 'Settings');
  await page.getByText('Persistent storage:').waitFor();
  await page.reload();
  await unlock(page);
  await button(page, 'Lock').waitFor();

  const foreign = requests.filter((url) => !url.startsWith(`${origin}/`) && !/^(data|blob):/.test(url));
  assert.deepEqual(foreign, [], 'no request leaves the app origin');
  assert.ok(requests.some((url) => url.endsWith('.wasm')), 'the recorder saw the app load');
  assert.deepEqual(violations, []);

  // A control: the recorder does see a violation when one happens.
  await page.evaluate(() => { const s = document.createElement('img'); s.src = 'https://example.invalid/x.png'; document.body.append(s); });
  await page.waitForTimeout(300);
  assert.ok(violations.some((v) => v.includes('img-src')), `violations seen: ${violations}`);
  await context.close();
});
