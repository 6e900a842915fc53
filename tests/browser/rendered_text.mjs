// Renders HTML reports in Debian's chromium through playwright-core (no
// browser download: executablePath /usr/bin/chromium) and checks the text a
// reader sees, SVG charts included: no raw keys, no "undefined" or "NaN",
// and the chosen language's own words (from host/po/<lang>.po) present.
// With a screenshot directory, saves a full-page PNG of each page there.
//
// usage: node rendered_text.mjs TOOLS_DIR SOURCE_DIR SHOT_DIR|- NAME=FILE.html:LANG ...
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import url from 'node:url';

const [tools, source, shots, ...pages] = process.argv.slice(2);
const require = createRequire(path.join(tools, 'package.json'));
const { chromium } = require('playwright-core');

function msgstr(lang, id) {
  const po = fs.readFileSync(path.join(source, 'host', 'po', lang + '.po'), 'utf8');
  const at = po.indexOf('\nmsgid ' + JSON.stringify(id) + '\n');
  if (at < 0) throw new Error(`host/po/${lang}.po lacks ${id}`);
  const line = po.slice(at).split('\n')[2];
  return JSON.parse(line.slice('msgstr '.length));
}

const forbidden = [
  [/\binsufficient_data\b/, 'insufficient_data'],
  [/\bnot_applicable\b/, 'not_applicable'],
  [/\bfisher_p\w*/, 'fisher_p'],
  [/\b[a-z]+_[a-z_]+\b/, 'a _-joined key'],
  [/\bundefined\b/, 'undefined'],
  [/\bNaN\b/, 'NaN'],
];

let failures = 0;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  for (const spec of pages) {
    const [name, rest] = spec.split('=');
    const [file, lang] = rest.split(':');
    await page.goto(url.pathToFileURL(path.resolve(file)).href);
    const text = await page.evaluate(() => {
      const body = document.body.cloneNode(true);
      // Code and the method notes ("How the figures were computed": the
      // plugin's `*_method` evidence, a statistician's description quoted as
      // the plugin wrote it, in English) are not the reader's sentences.
      for (const e of body.querySelectorAll('script, style, code, pre, details.methods dd')) e.remove();
      return body.textContent;
    });
    const problems = [];
    for (const [re, what] of forbidden) {
      const m = text.match(re);
      if (m) problems.push(`${what}: "…${text.slice(Math.max(0, m.index - 60), m.index + 60).replace(/\s+/g, ' ')}…"`);
    }
    const htmlLang = await page.evaluate(() => document.documentElement.lang);
    if (htmlLang !== lang) problems.push(`<html lang="${htmlLang}">, expected ${lang}`);
    for (const id of ['Hiring-round audit', 'Summary']) {
      const word = msgstr(lang, id);
      if (!text.includes(word)) problems.push(`the ${lang} text "${word}" (for "${id}") is missing`);
    }
    for (const id of ['Hiring-round audit', 'Summary'])
      if (text.includes(id)) problems.push(`the English "${id}" in a ${lang} page`);
    if (problems.length) {
      failures++;
      console.log(`FAIL ${name}:\n  ${problems.join('\n  ')}`);
    } else {
      console.log(`ok ${name} (${text.length} characters)`);
    }
    if (shots !== '-') {
      // The union report: its charts; the trend: the first unit's timeline
      // and the involvement chart above it; the checklist: its first screen.
      const out = path.join(shots, name + '.png');
      if (name.startsWith('trend')) {
        await page.locator('#chart-trend-0').screenshot({ path: out });
      } else if (name.startsWith('union')) {
        await page.locator('#chart-involvement').screenshot({ path: out });
        await page.locator('[id^="chart-units-funnel-"]').first().screenshot({ path: out.replace('union', 'funnel') });
      } else {
        await page.screenshot({ path: out });
      }
    }
  }
} finally {
  await browser.close();
}
process.exit(failures ? 1 : 0);
