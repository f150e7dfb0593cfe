// Browser test of managed login and the console, driven by playwright-core against Debian's Chromium.
// Run by ManagedLoginBrowserIT (which starts the stack and passes its addresses); by hand:
//   LOGIN_URL=http://127.0.0.1:9230 API_URL=http://127.0.0.1:8080 CONSOLE_URL=http://127.0.0.1:4000/console/ \
//   CLIENT_ID=... APP_PORT=5173 node local/browser-tests/signin-and-console.mjs
// (APP_PORT's http://127.0.0.1:PORT/ must be a callback and sign-out URL of the app client.)
import assert from 'node:assert/strict';
import {createServer} from 'node:http';
import {readFile, mkdir} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {chromium} from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};
const loginUrl = env('LOGIN_URL');
const apiUrl = env('API_URL');
const consoleUrl = env('CONSOLE_URL');
const clientId = env('CLIENT_ID');
const appPort = Number(env('APP_PORT'));
const screenshots = process.env.SCREENSHOT_DIR;
const appOrigin = `http://127.0.0.1:${appPort}`;
const email = `browser-${Date.now()}@example.com`;
const results = [];
let userId;
let failed = 0;

async function step(name, work) {
  try {
    await work();
    results.push(`ok ${name}`);
    console.log(`ok - ${name}`);
  } catch (error) {
    failed++;
    console.log(`not ok - ${name}\n${error.stack || error}`);
    throw error;
  }
}

// The example app: its page, oidc-client-ts's browser bundle from node_modules, and its settings.
const files = {
  '/': [path.join(here, 'app/index.html'), 'text/html'],
  '/app.js': [path.join(here, 'app/app.js'), 'text/javascript'],
  '/oidc-client-ts.js': [path.join(here, '../node_modules/oidc-client-ts/dist/browser/oidc-client-ts.min.js'), 'text/javascript'],
};
const app = createServer(async (request, response) => {
  const url = new URL(request.url, appOrigin);
  if (url.pathname === '/config.json') {
    response.writeHead(200, {'Content-Type': 'application/json'});
    response.end(JSON.stringify({authority: loginUrl, clientId, apiUrl}));
    return;
  }
  const file = files[url.pathname];
  if (!file) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, {'Content-Type': file[1]});
  response.end(await readFile(file[0]));
});
await new Promise((resolve) => app.listen(appPort, '127.0.0.1', resolve));

// An empty user data directory: Playwright makes a fresh temporary one and deletes it afterwards.
const context = await chromium.launchPersistentContext('', {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  viewport: {width: 1000, height: 720},
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const shot = async (page, name) => {
  if (screenshots) {
    await mkdir(screenshots, {recursive: true});
    await page.screenshot({path: path.join(screenshots, name)});
  }
};

try {
  const consolePage = await context.newPage();
  const page = await context.newPage();
  const codes = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin === appOrigin && url.searchParams.has('code')) codes.push(url.searchParams.get('code'));
  });

  await step('the console shows the live event bus before anyone signs up', async () => {
    await consolePage.goto(consoleUrl + '#/events');
    await consolePage.getByRole('heading', {name: 'Event bus'}).waitFor();
    await consolePage.locator('#event-count').waitFor();
  });

  await step('a new user signs up through /oauth2/authorize with PKCE and confirms with the printed code', async () => {
    await page.goto(appOrigin + '/');
    await page.getByRole('button', {name: 'Sign in'}).click();
    await page.waitForURL((url) => url.href.startsWith(loginUrl + '/login?'));
    const authorize = new URL(page.url());
    assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
    assert.equal(authorize.searchParams.get('client_id'), clientId);
    await page.getByRole('heading', {name: 'Sign in'}).waitFor();
    await shot(page, 'managed-login-sign-in.png');
    await page.getByRole('link', {name: 'Sign up'}).click();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Given name').fill('Bea');
    await page.getByLabel('Family name').fill('Browser');
    await page.getByLabel('Password').fill('Passw0rd!');
    await page.getByRole('button', {name: 'Sign up'}).click();
    await page.getByRole('heading', {name: 'Confirm your account'}).waitFor();
    const code = (await page.locator('#local-code').textContent()).trim();
    assert.match(code, /^\d+$/);
    await shot(page, 'managed-login-confirm.png');
    // keyboard only, as a user without a mouse: the code field has focus, Enter submits
    await page.getByLabel('Confirmation code').fill(code);
    await page.getByLabel('Confirmation code').press('Enter');
    await page.waitForURL((url) => url.href.startsWith(appOrigin + '/'));
  });

  await step('the app exchanged the code at /oauth2/token and GET /users/me answers with the ID token', async () => {
    await page.locator('#me[data-status]').waitFor({timeout: 30000});
    assert.equal(await page.locator('#me').getAttribute('data-status'), '200', await page.locator('#me').textContent());
    const me = JSON.parse(await page.locator('#me').textContent()).body;
    userId = me.userId;
    assert.equal(me.email, email);
    assert.equal(me.givenName, 'Bea');
    assert.equal(await page.locator('#status').textContent(), `Signed in as ${email}.`);
  });

  await step('the code cannot be used twice', async () => {
    assert.equal(codes.length, 1, `one code reached the app: ${codes}`);
    const response = await fetch(loginUrl + '/oauth2/token', {method: 'POST',
      headers: {'Content-Type': 'application/x-www-form-urlencoded'},
      body: new URLSearchParams({grant_type: 'authorization_code', client_id: clientId, code: codes[0],
        redirect_uri: appOrigin + '/', code_verifier: 'a'.repeat(43)})});
    assert.equal(response.status, 400);
    assert.equal((await response.json()).error, 'invalid_grant');
  });

  await step('a wrong code_verifier is refused', async () => {
    // signed in: authorize answers with a code at once; catch it before the app redeems it
    await page.route(appOrigin + '/?code=*', (route) => route.fulfill({status: 200, contentType: 'text/html', body: 'caught'}));
    const challenge = Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode('v'.repeat(50))))
      .toString('base64url');
    await page.goto(`${loginUrl}/oauth2/authorize?` + new URLSearchParams({response_type: 'code', client_id: clientId,
      redirect_uri: appOrigin + '/', scope: 'openid email', state: 's', code_challenge: challenge, code_challenge_method: 'S256'}));
    const code = new URL(page.url()).searchParams.get('code');
    assert.ok(code, page.url());
    const response = await fetch(loginUrl + '/oauth2/token', {method: 'POST',
      headers: {'Content-Type': 'application/x-www-form-urlencoded'},
      body: new URLSearchParams({grant_type: 'authorization_code', client_id: clientId, code,
        redirect_uri: appOrigin + '/', code_verifier: 'w'.repeat(50)})});
    assert.equal(response.status, 400);
    assert.equal((await response.json()).error, 'invalid_grant');
    await page.unroute(appOrigin + '/?code=*');
  });

  await step('a redirect_uri that is not a callback URL shows an error page and never goes there', async () => {
    await page.goto(`${loginUrl}/oauth2/authorize?` + new URLSearchParams({response_type: 'code', client_id: clientId,
      redirect_uri: 'http://127.0.0.1:1/elsewhere', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256'}));
    assert.ok(page.url().startsWith(loginUrl + '/error?'), page.url());
    await page.getByRole('alert').filter({hasText: 'redirect_mismatch'}).waitFor();
  });

  await step('the console (opened before the sign-up, never reloaded) showed the user.created event arriving live', async () => {
    const row = consolePage.locator('details.event[data-type="user.created"]').filter({hasText: userId});
    await row.first().waitFor({timeout: 30000});
    await row.first().locator('summary').filter({hasText: 'schema ✓'}).waitFor();
    await consolePage.selectOption('#type-filter', 'user.created');
    await shot(consolePage, 'console-events.png');
  });

  await step('the console lists the new user and shows its profile, Cognito status and events', async () => {
    await consolePage.goto(consoleUrl + '#/users');
    await consolePage.getByRole('link', {name: 'Bea Browser'}).first().waitFor({timeout: 20000});
    await shot(consolePage, 'console-users.png');
    await consolePage.getByRole('link', {name: 'Bea Browser'}).first().click();
    await consolePage.locator('#cognito-status').filter({hasText: 'CONFIRMED'}).waitFor();
    await consolePage.getByRole('region', {name: 'Events about this user'}).locator('details.event[data-type="user.created"]').waitFor();
  });

  await step('the console makes the user an admin and suspends them through the API', async () => {
    await consolePage.getByRole('button', {name: 'Make admin'}).click();
    await consolePage.locator('#cognito-groups').filter({hasText: 'admin'}).waitFor({timeout: 20000});
    await consolePage.getByRole('button', {name: 'Suspend'}).click();
    await consolePage.getByRole('button', {name: 'Reactivate'}).waitFor({timeout: 20000});
    await consolePage.goto(consoleUrl + '#/users?' + new URLSearchParams({q: email, status: 'ACTIVE'}));
    await consolePage.locator('#users td', {hasText: 'SUSPENDED'}).waitFor({timeout: 20000});
  });

  await step('signing out at /logout ends the session: authorize shows the form again', async () => {
    await page.goto(appOrigin + '/');
    await page.getByRole('button', {name: 'Sign out'}).click();
    await page.waitForURL(appOrigin + '/');
    await page.getByRole('button', {name: 'Sign in'}).click();
    await page.waitForURL((url) => url.href.startsWith(loginUrl + '/login?'));
  });
} finally {
  await context.close();
  app.close();
  console.log(`${results.length} passed, ${failed} failed`);
}
