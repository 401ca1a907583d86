// Trunk post_build hook (also run by hand on a copied build by the end-to-end update test).
// Finishes a build in TRUNK_STAGING_DIR (or the directory given as the first argument):
//  1. a Content-Security-Policy meta tag that allows Trunk's inline loader by its SHA-256 hash;
//  2. the build's version, a hash of every file, in a meta tag and in the service worker;
//  3. the service worker's precache list: exactly this build's files.
// Running it twice on the same directory gives the same result.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join, relative } from 'node:path';

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('pass the build directory or run as a Trunk hook (TRUNK_STAGING_DIR)');

const indexPath = join(dir, 'index.html');
let html = await readFile(indexPath, 'utf8');
html = html
  .replace(/\s*<meta http-equiv="Content-Security-Policy"[^>]*>/g, '')
  .replace(/\s*<meta name="clientele-build"[^>]*>/g, '');

const inlineHashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)]
  .map(([, body]) => `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
const policy = [
  "default-src 'self'",
  `script-src 'self' 'wasm-unsafe-eval' ${inlineHashes.join(' ')}`.trim(),
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
const withPolicy = (extra) => html.replace(
  /(<meta charset="utf-8">)/,
  `$1\n  <meta http-equiv="Content-Security-Policy" content="${policy}">${extra}`,
);

async function filesUnder(root) {
  const out = [];
  for (const entry of await readdir(root, { withFileTypes: true })) {
    const path = join(root, entry.name);
    if (entry.isDirectory()) out.push(...await filesUnder(path));
    else out.push(relative(dir, path).split('\\').join('/'));
  }
  return out.sort();
}

html = withPolicy('');
const files = (await filesUnder(dir)).filter((f) => f !== 'sw.js' && f !== 'index.html');
const digest = createHash('sha256').update(html);
for (const file of files) digest.update(file).update(await readFile(join(dir, file)));
const version = digest.digest('hex').slice(0, 16);

await writeFile(indexPath, html.replace(
  `content="${policy}">`,
  `content="${policy}">\n  <meta name="clientele-build" content="${version}">`,
));
const swPath = join(dir, 'sw.js');
const worker = await readFile(swPath, 'utf8');
const build = JSON.stringify({ version, files: ['./', ...files.map((f) => `./${f}`)] });
await writeFile(swPath, worker.replace(/^const BUILD = .*;$/m, `const BUILD = ${build};`));
console.log(`clientele build ${version}: ${files.length + 1} files precached, ${inlineHashes.length} inline script(s) hashed`);
