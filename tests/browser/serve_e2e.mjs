// `fairaudit serve` in a real browser (Debian's chromium through
// playwright-core, headless, no browser download): what each role sees, in
// its language, a review recorded through the page and read back by the
// command line, the two-sided suppression, and sign-out. Written against the
// contract in docs/serve.md (routes, form fields, cookie); elements are found
// by form field names and link targets, never by layout.
//
// usage: node serve_e2e.mjs TOOLS_DIR SOURCE_DIR BASE_URL FAIRAUDIT DB USERS.tsv EXPORT...
// USERS.tsv: name, role as written, role, language, password (serve_e2e.sh).
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const [tools, source, base, fairaudit, db, usersFile, ...exportFiles] = process.argv.slice(2);
const require = createRequire(path.join(tools, 'package.json'));
const { chromium } = require('playwright-core');
const origin = new URL(base).origin;

// --- What the test knows independently of the server -----------------------

const users = fs.readFileSync(usersFile, 'utf8').trim().split('\n').map((l) => {
  const [name, written, role, lang, password] = l.split('\t');
  return { name, written, role, lang, password };
});
const user = (role) => users.find((u) => u.role === role);

// Every applicant id of the audited exports: none may reach a representative
// or a union member, in any page or JSON.
const applicantIds = new Set();
for (const file of exportFiles) {
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.includes('"kind":"round"')) continue;
    for (const a of JSON.parse(line).applicants ?? []) applicantIds.add(a.id);
  }
}
const idPattern = new RegExp(`(?<![\\w-])(${[...applicantIds].map((s) => s.replace(/[-]/g, '\\-')).join('|')})(?![\\w-])`, 'g');
const idsIn = (s) => new Set(s.match(idPattern) ?? []);

function cli(...args) {
  const r = spawnSync(fairaudit, args, { encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 1) throw new Error(`fairaudit ${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
  return r.stdout;
}
const report = (audience) => JSON.parse(cli('report', '--store', db, '--audience', audience, '--format', 'json'));
const history = (fp) => JSON.parse(cli('review', 'history', fp, '--store', db, '--format', 'json'));

// The catalog's translation of a msgid (of a plural entry, its singular
// form), null when the catalog has none. Entries with a msgctxt are skipped.
const catalogs = new Map();
function msgstr(lang, id) {
  if (!catalogs.has(lang)) {
    const entries = new Map();
    const text = fs.readFileSync(path.join(source, 'host', 'po', lang + '.po'), 'utf8');
    for (const block of text.split(/\n\s*\n/)) {
      const fields = {};
      let last = null;
      for (const line of block.split('\n')) {
        const m = line.match(/^(msgctxt|msgid|msgid_plural|msgstr(?:\[0\])?)\s+(".*")$/);
        if (m) fields[(last = m[1])] = JSON.parse(m[2]);
        else if (last && /^".*"$/.test(line)) fields[last] += JSON.parse(line);
      }
      const str = fields.msgstr ?? fields['msgstr[0]'];
      if (fields.msgid && str && fields.msgctxt === undefined) entries.set(fields.msgid, str);
    }
    catalogs.set(lang, entries);
  }
  return catalogs.get(lang).get(id) ?? null;
}

// Every string value of a JSON document, and every value of key `fingerprint`.
function strings(v, out = []) {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => strings(x, out));
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => strings(x, out));
  return out;
}
function fingerprints(v, out = new Set()) {
  if (Array.isArray(v)) v.forEach((x) => fingerprints(x, out));
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k === 'fingerprint' && typeof x === 'string') out.add(x);
      else fingerprints(x, out);
    }
  }
  return out;
}

const internal = report('internal');
const unionReport = report('union');
const reports = { hr: internal, union: unionReport, representative: report('representative') };
// JSON with its objects' keys sorted, to compare two writers' documents.
const canonical = (v) => JSON.stringify(v, (k, x) =>
  x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([p], [q]) => (p < q ? -1 : 1))) : x);
const latest = internal.findings.map((f) => f.fingerprint);
const latestSet = new Set(latest);
const byFp = new Map(internal.findings.map((f) => [f.fingerprint, f]));
const smallCells = unionReport.findings.filter((f) => strings(f.evidence).includes('<5')).map((f) => f.fingerprint);
const runId = internal.baseline.run;
const previousRun = internal.baseline.previous_run;
if (!smallCells.length) throw new Error('the union report of the store has no "<5": the fixtures no longer test hiding');

// --- Checks ---------------------------------------------------------------

let failures = 0;
function check(ok, what) {
  if (!ok) {
    failures++;
    console.log(`FAIL ${what}`);
  }
  return ok;
}
async function section(name, fn) {
  const before = failures;
  try {
    await fn();
  } catch (e) {
    failures++;
    console.log(`FAIL ${name}: ${e.message.split('\n')[0]}`);
    return;
  }
  console.log(`${failures === before ? 'ok' : 'FAIL'} ${name}`);
}
const excerpt = (s, i) => s.slice(Math.max(0, i - 60), i + 60).replace(/\s+/g, ' ');

// The raw keys and placeholders no reader should see (as rendered_text.mjs).
const forbidden = [
  [/\binsufficient_data\b/, 'insufficient_data'],
  [/\bnot_applicable\b/, 'not_applicable'],
  [/\bfisher_p\w*/, 'fisher_p'],
  [/\b[a-z]+_[a-z_]+\b/, 'a _-joined key'],
  [/\bundefined\b/, 'undefined'],
  [/\bNaN\b/, 'NaN'],
  [/\{[a-z_]+\}/, 'a {placeholder}'],
];

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});

// A browser context of its own per user: its own cookies, like another
// person's browser. Script errors and refused resources (CSP) are failures.
async function newContext(label, baseURL = base) {
  const context = await browser.newContext({ baseURL, viewport: { width: 1100, height: 900 }, ignoreHTTPSErrors: true });
  const page = await context.newPage();
  page.on('pageerror', (e) => check(false, `${label}: a script error on ${page.url()}: ${e.message}`));
  page.on('console', (m) => {
    // A failed load is a status the checks read themselves; a script error or
    // a resource the Content-Security-Policy refused is a failure here.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
      check(false, `${label}: console error on ${page.url()}: ${m.text()}`);
  });
  return { context, page, label };
}

async function signIn(u, baseURL = base) {
  const s = await newContext(u.name, baseURL);
  const { page, context } = s;
  const shown = await page.goto('/login');
  check(shown.status() === 200, `${u.name}: GET /login answered ${shown.status()}`);
  await page.locator('input[name="name"]').fill(u.name);
  await page.locator('input[name="password"]').fill(u.password);
  const [posted] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/login'),
    page.locator('input[name="password"]').press('Enter'),
  ]);
  await page.waitForLoadState('load');
  check(posted.status() === 303, `${u.name}: POST /login answered ${posted.status()}, expected 303`);
  const where = u.role === 'admin' ? '/admin/users' : '/runs';
  const landed = new URL(page.url()).pathname;
  if (!check(landed === where, `${u.name}: signed in to ${landed}, expected ${where}`))
    throw new Error(`${u.name} could not sign in`);
  const cookie = (await context.cookies()).find((c) => c.name === 'fairaudit_session');
  if (check(cookie, `${u.name}: no fairaudit_session cookie after signing in`)) {
    check(cookie.httpOnly, `${u.name}: the session cookie is not HttpOnly`);
    check(cookie.sameSite === 'Strict', `${u.name}: the session cookie is SameSite=${cookie.sameSite}, expected Strict`);
    check(cookie.path === '/', `${u.name}: the session cookie's Path is ${cookie.path}, expected /`);
    const tls = baseURL.startsWith('https:');
    check(cookie.secure === tls, `${u.name}: the session cookie is ${cookie.secure ? '' : 'not '}Secure over ${tls ? 'TLS' : 'plain HTTP'}`);
    s.cookie = cookie.value;
  }
  return s;
}

// A page as the browser shows it: status, the serialized DOM, the text a
// reader sees (code and the English method notes left out, as in
// rendered_text.mjs) and the document's language.
async function view(s, p) {
  const r = await s.page.goto(p);
  const text = await s.page.evaluate(() => {
    const body = document.body.cloneNode(true);
    for (const e of body.querySelectorAll('script, style, code, pre, details.methods dd')) e.remove();
    return body.textContent;
  });
  return {
    status: r.status(),
    html: await s.page.content(),
    text,
    lang: await s.page.evaluate(() => document.documentElement.lang),
    links: await s.page.evaluate(() => [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href'))),
  };
}
// What the server sends, without following a redirect.
async function fetch(s, p) {
  const r = await s.context.request.get(p, { maxRedirects: 0 });
  return { status: r.status(), body: await r.text(), type: r.headers()['content-type'] ?? '' };
}
async function api(s, p) {
  const r = await fetch(s, '/api' + p);
  check(r.status === 200, `${s.label}: GET /api${p} answered ${r.status}`);
  check(r.type.startsWith('application/json'), `${s.label}: /api${p} is ${r.type}, not application/json`);
  return JSON.parse(r.body);
}
const apiFingerprints = (json) => new Set([...fingerprints(json)].filter((f) => latestSet.has(f)));

// The pages of one role's audience: lists with each filter, every finding of
// the latest run, and the checklists and trends the pages link to.
async function crawl(s) {
  const seen = [];
  const add = (p, r) => seen.push({ path: p, ...r });
  const unit = internal.findings.find((f) => f.round_id)?.org_unit;
  const rule = internal.findings[0].rule;
  const lists = ['/runs', '/findings', '/findings?severity=error', '/findings?state=open', `/findings?since=${previousRun}`,
    `/findings?run=${runId}`, `/findings?unit=${encodeURIComponent(unit)}`, `/findings?rule=${encodeURIComponent(rule)}`];
  const linked = new Set();
  for (const p of [...lists, ...latest.map((fp) => `/findings/${fp}`)]) {
    const v = await view(s, p);
    check(v.status === 200, `${s.label}: GET ${p} answered ${v.status}`);
    add(p, v);
    for (const href of v.links) if (/^\/(rounds|units)\//.test(href)) linked.add(href);
    const j = await fetch(s, '/api' + p);
    check(j.status === 200, `${s.label}: GET /api${p} answered ${j.status}`);
    seen.push({ path: '/api' + p, status: j.status, body: j.body, html: j.body, text: j.body, json: true });
  }
  check(linked.size > 0, `${s.label}: no page links a round's checklist or a unit's trend`);
  for (const p of [...linked].slice(0, 12)) {
    const v = await view(s, p);
    check(v.status === 200, `${s.label}: GET ${p} (a link on the pages) answered ${v.status}`);
    add(p, v);
  }
  return seen;
}

function checkLanguage(s, u, pages) {
  for (const v of pages) {
    if (v.json) continue;
    check(v.lang === u.lang, `${u.name}: ${v.path} has <html lang="${v.lang}">, expected ${u.lang}`);
    for (const [re, what] of forbidden) {
      const m = v.text.match(re);
      if (m) check(false, `${u.name}: ${v.path} shows ${what}: "…${excerpt(v.text, m.index)}…"`);
    }
  }
  if (u.lang === 'en') return;
  // The local words of the frame and the lists, and not their English.
  const all = pages.filter((v) => !v.json).map((v) => v.text).join('\n');
  for (const id of ['Findings', 'Runs', 'Sign out']) {
    const word = msgstr(u.lang, id);
    if (!check(word, `host/po/${u.lang}.po has no "${id}" (a word of every page's frame)`)) continue;
    check(all.includes(word), `${u.name}: the ${u.lang} word "${word}" (for "${id}") is on none of the pages`);
  }
  const list = pages.find((v) => v.path === '/findings');
  for (const id of ['error', 'warning', 'note']) {
    const word = msgstr(u.lang, id);
    if (word && word !== id) check(!new RegExp(`\\b${id}\\b`).test(list.text), `${u.name}: the English "${id}" on the ${u.lang} /findings page`);
  }
}

function checkFilters(s, got) {
  const expect = {
    '/findings?severity=error': internal.findings.filter((f) => f.severity === 'error'),
    [`/findings?since=${previousRun}`]: internal.findings.filter((f) => f.baseline === 'new'),
    '/findings': internal.findings,
  };
  const unit = internal.findings.find((f) => f.round_id)?.org_unit;
  expect[`/findings?unit=${encodeURIComponent(unit)}`] = internal.findings.filter((f) => f.org_unit === unit || f.org_unit?.startsWith(unit + '/'));
  const rule = internal.findings[0].rule;
  expect[`/findings?rule=${encodeURIComponent(rule)}`] = internal.findings.filter((f) => f.rule === rule);
  for (const [p, fs] of Object.entries(expect)) {
    const v = got.find((x) => x.path === '/api' + p);
    if (!v || v.status !== 200) continue;
    const have = apiFingerprints(JSON.parse(v.body));
    const want = new Set(fs.map((f) => f.fingerprint));
    const missing = [...want].filter((f) => !have.has(f));
    const extra = [...have].filter((f) => !want.has(f));
    check(!missing.length && !extra.length,
      `${s.label}: /api${p} lists ${have.size} of the latest run's findings, expected ${want.size} (${missing.length} missing, ${extra.length} not matching the filter)`);
  }
}

// What one role may see.
function checkAudience(s, u, pages) {
  if (u.role === 'representative' || u.role === 'union') {
    for (const v of pages) {
      const leaked = idsIn(v.html);
      check(!leaked.size, `${u.name}: ${v.path} shows ${leaked.size} applicant id(s)`);
    }
  }
  for (const fp of smallCells.slice(0, 6)) {
    const page = pages.find((v) => v.path === `/findings/${fp}`);
    const json = pages.find((v) => v.path === `/api/findings/${fp}`);
    if (!page || !json || json.status !== 200) continue;
    const hidden = strings(JSON.parse(json.body)).includes('<5');
    if (u.role === 'union') {
      check(page.text.includes('<5'), `${u.name}: /findings/${fp} does not show "<5", which the union report of the finding has`);
      check(hidden, `${u.name}: /api/findings/${fp} has no "<5", which the union report of the finding has`);
    } else {
      check(!page.text.includes('<5'), `${u.name}: /findings/${fp} shows "<5": the ${u.role} audience sees counts`);
      check(!hidden, `${u.name}: /api/findings/${fp} has "<5": the ${u.role} audience sees counts`);
    }
  }
  // The same disclosure as `fairaudit report --audience` of the role: each
  // finding's evidence in /api/findings/FP is the report's, value for value.
  const mine = new Map(reports[u.role].findings.map((f) => [f.fingerprint, f]));
  let differ = 0;
  for (const fp of latest) {
    const v = pages.find((x) => x.path === `/api/findings/${fp}`);
    if (!v || v.status !== 200) continue;
    if (canonical(JSON.parse(v.body).evidence) !== canonical(mine.get(fp).evidence)) {
      if (!differ++) check(false, `${u.name}: /api/findings/${fp}'s evidence differs from the ${u.role === 'hr' ? 'internal' : u.role} report's`);
    }
  }
  check(!differ, `${u.name}: ${differ} of ${latest.length} findings' evidence differ from the report's of the same audience`);
  if (u.role === 'hr') {
    // The internal audience: exactly the ids the internal report has, finding
    // by finding (a store keeps none: docs/nightly.md).
    for (const fp of latest) {
      const want = new Set(byFp.get(fp).applicants ?? []);
      for (const p of [`/findings/${fp}`, `/api/findings/${fp}`]) {
        const v = pages.find((x) => x.path === p);
        if (!v) continue;
        const have = idsIn(v.html);
        const missing = [...want].filter((i) => !have.has(i)).length;
        const extra = [...have].filter((i) => !want.has(i)).length;
        check(!missing && !extra, `${u.name}: ${p} shows ${have.size} applicant ids, the internal report ${want.size} (${missing} missing, ${extra} others)`);
      }
    }
  }
}

// Fills the review form of a finding's page and sends it as the browser does.
async function reviewThroughPage(s, fp, state, justification) {
  const { page } = s;
  await page.goto(`/findings/${fp}`);
  const form = page.locator('form:has([name="justification"])');
  check(await form.count() === 1, `${s.label}: /findings/${fp} has ${await form.count()} review forms, expected 1`);
  const field = form.locator('[name="state"]').first();
  if ((await field.evaluate((e) => e.tagName)) === 'SELECT') await field.selectOption(state);
  else await form.locator(`[name="state"][value="${state}"]`).check();
  await form.locator('[name="justification"]').fill(justification);
  const [posted] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `/findings/${fp}/review`),
    form.locator('button[type="submit"], input[type="submit"], button:not([type])').first().click(),
  ]);
  await page.waitForLoadState('load');
  check(posted.status() === 303, `${s.label}: POST /findings/${fp}/review answered ${posted.status()}, expected 303`);
  check(new URL(page.url()).pathname === `/findings/${fp}`, `${s.label}: after the review the browser is at ${page.url()}, expected /findings/${fp}`);
  return page.evaluate(() => document.body.textContent);
}
const reviewOf = (fp) => report('representative').findings.find((f) => f.fingerprint === fp)?.review;

// --- The run --------------------------------------------------------------

const sessions = {};
function signedIn(role) {
  if (!sessions[role]) throw new Error(`the ${role} user did not sign in (above)`);
  return sessions[role];
}
try {
  await section('the login page and an unknown password', async () => {
    const s = await newContext('anonymous');
    const v = await view(s, '/login');
    check(v.status === 200, `GET /login answered ${v.status}`);
    check(await s.page.locator('form input[name="csrf"]').count() === 1, '/login has no csrf field in its form');
    for (const p of ['/runs', '/findings', `/findings/${latest[0]}`, '/api/findings', `/api/findings/${latest[0]}`, '/admin/users']) {
      const r = await fetch(s, p);
      check(r.status !== 200 && !r.body.includes(latest[0]), `nobody signed in: GET ${p} answered ${r.status}${r.body.includes(latest[0]) ? ' with a fingerprint' : ''}`);
    }
    await s.page.locator('input[name="name"]').fill(user('hr').name);
    await s.page.locator('input[name="password"]').fill('not-the-password');
    await Promise.all([s.page.waitForResponse((r) => r.request().method() === 'POST'), s.page.locator('input[name="password"]').press('Enter')]);
    await s.page.waitForLoadState('load');
    check(!(await s.context.cookies()).some((c) => c.name === 'fairaudit_session' && c.value) ||
          (await fetch(s, '/api/findings')).status !== 200, 'a wrong password opened a session');
    await s.context.close();
  });

  for (const u of users) {
    await section(`${u.name} (${u.written}, ${u.lang}) signs in`, async () => {
      sessions[u.role] = await signIn(u);
    });
  }

  for (const u of users.filter((x) => x.role !== 'admin')) {
    const s = sessions[u.role];
    if (!s) continue;
    let pages = [];
    await section(`${u.name}: the findings pages and their JSON`, async () => {
      pages = await crawl(s);
    });
    await section(`${u.name}: only the ${u.role} audience`, async () => checkAudience(s, u, pages));
    await section(`${u.name}: the pages in ${u.lang}, no raw keys`, async () => checkLanguage(s, u, pages));
    if (u.role === 'hr') {
      await section(`${u.name}: the filters select the findings they name`, async () => checkFilters(s, pages));
      await section(`${u.name}: a filter chosen in the list applies without pressing the button`, async () => {
        await s.page.goto('/findings');
        await Promise.all([
          s.page.waitForURL((url) => url.searchParams.get('severity') === 'error', { timeout: 10000 }),
          s.page.locator('form select[name="severity"]').selectOption('error'),
        ]);
        await s.page.waitForLoadState('load');
        const shown = new Set(await s.page.evaluate(() => [...document.querySelectorAll('main a[href^="/findings/"]')]
          .map((a) => decodeURIComponent(a.getAttribute('href').slice('/findings/'.length)))));
        const want = internal.findings.filter((f) => f.severity === 'error').map((f) => f.fingerprint);
        check(want.every((f) => shown.has(f)) && [...shown].every((f) => want.includes(f) || !latestSet.has(f)),
          `after choosing "error" the list links ${shown.size} findings, the report has ${want.length} errors`);
      });
    }
    await section(`${u.name}: the users page is the admin's`, async () => {
      const r = await fetch(s, '/admin/users');
      check(r.status === 403, `${u.name}: GET /admin/users answered ${r.status}, expected 403`);
    });
  }

  await section('admin-en: the users page and nothing else', async () => {
    const s = signedIn('admin');
    const v = await view(s, '/admin/users');
    check(v.status === 200, `GET /admin/users answered ${v.status}`);
    for (const u of users) check(v.text.includes(u.name), `the users page does not list ${u.name}`);
    check(v.lang === 'en', `the admin's /admin/users has <html lang="${v.lang}">, expected en`);
    for (const p of ['/runs', '/findings', `/findings/${latest[0]}`, '/api/runs', '/api/findings', `/api/findings/${latest[0]}`]) {
      const r = await fetch(s, p);
      check(r.status === 403, `admin: GET ${p} answered ${r.status}, expected 403`);
      check(!r.body.includes(latest[0]), `admin: GET ${p} shows a fingerprint`);
    }
    const post = await s.context.request.post(`/findings/${latest[0]}/review`, {
      form: { state: 'acknowledged', justification: 'An administrator has no say', csrf: await csrfOf(s, '/admin/users') },
      headers: { Origin: origin }, maxRedirects: 0,
    });
    check(post.status() === 403, `admin: POST /findings/FP/review answered ${post.status()}, expected 403`);
  });

  // A review through the page, read back by the command line.
  const unreviewed = (fp) => (byFp.get(fp).review?.state ?? 'open') === 'open';
  const acknowledged = latest.find(unreviewed);
  await section('rep-nb acknowledges a finding; the trail, the report and the history show it', async () => {
    const s = signedIn('representative');
    const why = 'Raised with the unit head at the MBU meeting, item 4';
    const text = await reviewThroughPage(s, acknowledged, 'acknowledged', why);
    check(text.includes(why), 'the justification is not in the page after the review');
    check(text.includes(s.label), 'the reviewer\'s name is not in the trail on the page');
    check(text.includes(msgstr('nb', 'acknowledged')), `the state "${msgstr('nb', 'acknowledged')}" is not on the nb page`);
    const j = await api(s, `/findings/${acknowledged}`);
    check(strings(j).includes(why), `/api/findings/${acknowledged} lacks the justification`);
    const r = reviewOf(acknowledged);
    check(r?.state === 'acknowledged' && r?.justification === why,
      `fairaudit report --store: the finding's review is ${JSON.stringify(r)}, expected acknowledged with the justification`);
    const h = history(acknowledged).at(-1);
    check(h?.state === 'acknowledged' && h?.justification === why && h?.reviewer === s.label && h?.role === 'representative',
      `fairaudit review history: the last entry is ${JSON.stringify(h)}, expected acknowledged by ${s.label} as representative`);
  });

  await section('a review without the csrf token or from another origin is refused', async () => {
    const s = signedIn('representative');
    const csrf = await csrfOf(s, `/findings/${acknowledged}`);
    check(csrf, 'the finding page\'s form has no csrf value');
    const before = history(acknowledged).length;
    const tries = [
      ['no csrf', { state: 'disputed', justification: 'Sent without a token' }, { Origin: origin }],
      ['a wrong csrf', { state: 'disputed', justification: 'Sent with a wrong token', csrf: 'x' + csrf }, { Origin: origin }],
      ['another Origin', { state: 'disputed', justification: 'Sent from another site', csrf }, { Origin: 'http://attacker.example' }],
    ];
    for (const [what, form, headers] of tries) {
      const r = await s.context.request.post(`/findings/${acknowledged}/review`, { form, headers, maxRedirects: 0 });
      check(r.status() === 403, `a review with ${what} answered ${r.status()}, expected 403`);
    }
    check(history(acknowledged).length === before, 'a refused review was recorded');
  });

  // Two sides for a suppression: HR's waits for a union's.
  const suppressed = latest.find((fp) => fp !== acknowledged && unreviewed(fp));
  await section('hr-da suppresses a finding: pending until a union agrees', async () => {
    const s = signedIn('hr');
    const why = 'Agreed exception: the post was filled under the recruitment scheme';
    const text = await reviewThroughPage(s, suppressed, 'suppressed', why);
    check(text.includes(why), 'HR\'s justification is not in the trail on the page');
    // Either of fairaudit's sentences for a pending suppression, in Danish.
    const pending = ['The suppression is pending: it takes effect once the other side agrees.',
      'suppression pending (HR agreed; the union or the representative to agree)'].map((id) => msgstr('da', id)).filter(Boolean);
    if (check(pending.length, 'host/po/da.po translates neither sentence for a pending suppression'))
      check(pending.some((p) => text.includes(p)), `the da page after HR's suppression says neither "${pending.join('" nor "')}"`);
    const r = reviewOf(suppressed);
    check(r?.state !== 'suppressed', `after HR alone the report says ${JSON.stringify(r)}: a one-sided suppression counted`);
    const one = await api(s, `/findings/${suppressed}`);
    check(one.review_state !== 'suppressed', `after HR alone /api/findings/FP has review_state ${one.review_state}`);
    const listed = await api(s, '/findings?state=suppressed');
    check(!apiFingerprints(listed).has(suppressed), 'after HR alone /api/findings?state=suppressed lists the finding');
    const open = (await api(s, '/findings')).findings?.find((f) => f.fingerprint === suppressed);
    check(open?.review_state !== 'suppressed', `after HR alone /api/findings lists the finding as ${open?.review_state}`);
    check(history(suppressed).some((h) => h.justification === why && h.reviewer === s.label),
      'fairaudit review history lacks HR\'s suppression');
  });
  await section('union-sv agrees: the finding is suppressed', async () => {
    const s = signedIn('union');
    const page = await view(s, `/findings/${suppressed}`);
    check(page.text.includes('Agreed exception'), 'the union does not see HR\'s pending suppression in the trail');
    const why = 'Agreed in the MBU meeting, item 7';
    const text = await reviewThroughPage(s, suppressed, 'suppressed', why);
    check(text.includes(why), 'the union\'s justification is not in the trail on the page');
    const r = reviewOf(suppressed);
    check(r?.state === 'suppressed', `after both sides the report says ${JSON.stringify(r)}, expected suppressed`);
    const h = history(suppressed).at(-1);
    check(h?.reviewer === s.label && h?.role === 'union', `the last entry of the history is ${JSON.stringify(h)}, expected the union's`);
    const j = await api(s, `/findings/${suppressed}`);
    check(j.review_state === 'suppressed', `after both sides /api/findings/FP has review_state ${j.review_state}`);
    check(apiFingerprints(await api(s, '/findings?state=suppressed')).has(suppressed),
      'after both sides /api/findings?state=suppressed does not list the finding');
  });

  // A night written while the server runs is on its pages at once, with the
  // review states agreed above: no restart (the store is in WAL mode).
  if (process.env.NIGHT_POLICY) {
    await section('a night written while the server runs appears without a restart', async () => {
      const s = signedIn('hr');
      const before = await api(s, '/runs');
      const ids = (j) => (Array.isArray(j) ? j : []).map((r) => r.id);
      cli('audit', exportFiles[0], '--store', db, '--policy', process.env.NIGHT_POLICY, '--plugin-dir', process.env.NIGHT_PLUGINS,
        '--fail-on', 'never', '--format', 'json');
      const after = await api(s, '/runs');
      const newest = Math.max(...ids(after));
      check(ids(after).length === ids(before).length + 1 && !ids(before).includes(newest),
        `after a night written during serve /api/runs lists ${ids(after).length} runs, before ${ids(before).length}`);
      const listed = (await api(s, `/findings?run=${newest}&state=suppressed`));
      check(apiFingerprints(listed).has(suppressed), 'the new night\'s findings do not carry the suppression agreed by both sides');
    });
  }

  if (process.env.TLS_BASE) {
    await section('over TLS: sign-in, a Secure cookie, the pages', async () => {
      const s = await signIn(user('union'), process.env.TLS_BASE);
      const v = await view(s, `/findings/${latest[0]}`);
      check(v.status === 200, `over TLS GET /findings/FP answered ${v.status}`);
      const r = await fetch(s, '/api/findings');
      check(r.status === 200, `over TLS GET /api/findings answered ${r.status}`);
      await s.context.close();
    });
  }

  await section('sign-out: the old cookie opens nothing', async () => {
    const s = signedIn('representative');
    await s.page.goto('/runs');
    const out = s.page.locator('form[action="/logout"]');
    s.csrf = await out.locator('input[name="csrf"]').first().getAttribute('value');
    check(await out.count() === 1, `/runs has ${await out.count()} sign-out forms, expected 1`);
    const [posted] = await Promise.all([
      s.page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/logout'),
      out.locator('button, input[type="submit"]').first().click(),
    ]);
    await s.page.waitForLoadState('load');
    check([200, 303].includes(posted.status()), `POST /logout answered ${posted.status()}`);
    const other = await newContext('old cookie');
    await other.context.addCookies([{ name: 'fairaudit_session', value: s.cookie, url: base }]);
    for (const p of ['/runs', '/findings', `/findings/${acknowledged}`, '/api/findings']) {
      const r = await fetch(other, p);
      check(r.status !== 200 && !r.body.includes(acknowledged), `the signed-out cookie: GET ${p} answered ${r.status}`);
    }
    const before = history(acknowledged).length;
    const r = await other.context.request.post(`/findings/${acknowledged}/review`, {
      form: { state: 'disputed', justification: 'After signing out', csrf: s.csrf ?? '' }, headers: { Origin: origin }, maxRedirects: 0,
    });
    check(history(acknowledged).length === before, `the signed-out cookie recorded a review (POST answered ${r.status()})`);
    check(!(r.headers()['location'] ?? '').startsWith('/findings'), `the signed-out cookie's review was answered with ${r.headers()['location']}`);
    await other.context.close();
  });
} finally {
  await browser.close();
}
console.log(failures ? `${failures} failure(s)` : 'all checks passed');
process.exit(failures ? 1 : 0);

async function csrfOf(s, p) {
  await s.page.goto(p);
  const f = s.page.locator('input[name="csrf"]').first();
  return (await f.count()) ? f.getAttribute('value') : '';
}
