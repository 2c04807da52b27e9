// `assent-server` as a command: `node server/dist/main.js` spawned with flags, in a fresh working
// directory, with none of the endpoint's variables inherited from the environment running the tests.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ndjson, postgresTestDatabase, validRecord } from './helpers.mjs';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const PACKAGE = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const HINT = 'Run assent-server --help for every setting.';

/** Written out here, not taken from the settings module, so that --help is checked against the task. */
const FLAGS = [
  '--port', '--host', '--db', '--database-url', '--key-file', '--retention-days', '--allowed-origins', '--admin-token', '--admin-token-file',
  '--cookie-domain', '--trust-proxy', '--rate-limit', '--region-header', '--log-level', '--help', '-h', '--version',
];
const VARIABLES = [
  'PORT', 'HOST', 'ASSENT_DB', 'DATABASE_URL', 'ASSENT_KEY_FILE', 'ASSENT_RETENTION_DAYS', 'ASSENT_ALLOWED_ORIGINS', 'ASSENT_ADMIN_TOKEN', 'ASSENT_ADMIN_TOKEN_FILE',
  'ASSENT_COOKIE_DOMAIN', 'ASSENT_TRUST_PROXY', 'ASSENT_RATE_LIMIT', 'ASSENT_REGION_HEADER', 'ASSENT_LOG_LEVEL',
];

/** The test runner's environment without any setting of the endpoint. */
function cleanEnvironment(extra = {}) {
  const environment = Object.fromEntries(Object.entries(process.env).filter(([name]) => !VARIABLES.includes(name)));
  return { ...environment, ...extra };
}

let folder;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'assent-cli-test-'));
});
afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

/** Longer than any of these runs takes; a command that starts serving instead of exiting is stopped. */
const RUN_DEADLINE_MS = 10_000;

/** Runs main.js to its end: { code, stdout, stderr }; code is null when it had to be stopped. */
async function run(args, environment = {}) {
  const child = spawn(process.execPath, [MAIN, ...args], { cwd: folder, env: cleanEnvironment(environment), stdio: ['ignore', 'pipe', 'pipe'] });
  const deadline = setTimeout(() => child.kill('SIGKILL'), RUN_DEADLINE_MS);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const [code] = await once(child, 'exit');
  clearTimeout(deadline);
  return { code, stdout, stderr };
}

/**
 * Starts main.js and waits for its start-up line: { child, origin, startLine, messages }, where
 * `messages` are the `msg` of every log line up to the start-up line. Stop it with `stop`.
 */
async function start(args, environment = {}) {
  const child = spawn(process.execPath, [MAIN, ...args], { cwd: folder, env: cleanEnvironment(environment), stdio: ['ignore', 'pipe', 'pipe'] });
  const started = new Promise((resolve, reject) => {
    let output = '';
    const read = (chunk) => {
      output += chunk;
      const completeLines = output.split('\n').slice(0, -1);
      const line = completeLines.find((candidate) => candidate.includes('assent-server') && candidate.includes('listening on'));
      if (!line) return;
      const messages = completeLines.slice(0, completeLines.indexOf(line) + 1).flatMap((logLine) => {
        try {
          return [JSON.parse(logLine).msg];
        } catch {
          return [logLine];
        }
      });
      resolve({ child, origin: /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1], startLine: JSON.parse(line), messages });
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => reject(new Error(`main.js exited with ${code} before listening:\n${output}`)));
    setTimeout(() => reject(new Error(`no start-up line within ${RUN_DEADLINE_MS} ms:\n${output}`)), RUN_DEADLINE_MS).unref();
  });
  try {
    return await started;
  } catch (error) {
    child.kill();
    throw error;
  }
}

async function stop(child) {
  if (child.exitCode !== null) return child.exitCode;
  child.kill('SIGTERM');
  const [code] = await once(child, 'exit');
  return code;
}

const postRecord = (origin, record) =>
  fetch(`${origin}/api/consent`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(record) });

/** `text` matched literally inside a regular expression. */
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A failure is one line of ours and the hint, never a stack trace. */
function assertUsageError({ code, stdout, stderr }, line) {
  assert.equal(code, 2, stderr);
  assert.equal(stdout, '');
  assert.equal(stderr, `${line}\n${HINT}\n`);
}

describe('assent-server --help and --version', () => {
  it('--help lists every flag and variable, with examples, and exits 0', async () => {
    const { code, stdout, stderr } = await run(['--help']);
    assert.equal(code, 0);
    assert.equal(stderr, '');
    for (const name of [...FLAGS, ...VARIABLES]) {
      assert.match(stdout, new RegExp(`(^|[\\s,])${name}[\\s,]`), `--help mentions ${name}`);
    }
    assert.match(stdout, /^Usage: assent-server \[options\]$/m);
    assert.match(stdout, /Examples:\n(.*\n)*.*npx assent-server/);
    assert.match(stdout, /--admin-token-file/);
    assert.match(stdout, /ps/, 'says why the token belongs in a file or a variable');
  });

  it('-h prints the same text', async () => {
    assert.equal((await run(['-h'])).stdout, (await run(['--help'])).stdout);
  });

  it('--version prints the version of server/package.json', async () => {
    assert.equal(PACKAGE.version, '0.2.0');
    assert.deepEqual(await run(['--version']), { code: 0, stdout: '0.2.0\n', stderr: '' });
  });
});

describe('assent-server with a bad setting', () => {
  it('exits 2 on an unknown flag, with one line and no stack trace', async () => {
    assertUsageError(await run(['--prot', '8080']), 'assent-server: --prot is not an option: expected one of the options listed by --help.');
  });

  it('exits 2 on a missing value', async () => {
    assertUsageError(await run(['--port']), 'assent-server: --port is missing its value: expected a whole number from 0 to 65535.');
  });

  it('exits 2 on a bad variable, naming it', async () => {
    assertUsageError(await run([], { PORT: '70000' }), 'assent-server: PORT="70000" is not valid: expected a whole number from 0 to 65535.');
  });

  it('exits 2 on an admin token under 32 characters, saying its length and how to make one', async () => {
    assertUsageError(
      await run([], { ASSENT_ADMIN_TOKEN: 'changeme-changeme' }),
      'assent-server: ASSENT_ADMIN_TOKEN is 17 characters long: expected at least 32 random characters; make one with openssl rand -hex 32.',
    );
  });

  it('exits 2 on ASSENT_TRUST_PROXY=true, saying what to give instead', async () => {
    assertUsageError(
      await run([], { ASSENT_TRUST_PROXY: 'true' }),
      "assent-server: ASSENT_TRUST_PROXY=\"true\" would believe every client's X-Forwarded-For (any client could pick its own address and escape the rate limit): give instead the number of proxies in front of the endpoint, such as 1, or their addresses/CIDRs, such as 127.0.0.1,10.0.0.0/8.",
    );
  });

  it('exits 2 on a retention that is not a number of days', async () => {
    assertUsageError(
      await run(['--retention-days', '3 years']),
      'assent-server: --retention-days="3 years" is not valid: expected a whole number of days from 1 to 36500 such as 1490, or 0 or forever to keep every record.',
    );
  });

  it('creates nothing when it refuses to start', async () => {
    await run(['--rate-limit', 'lots']);
    assert.equal(existsSync(join(folder, 'data')), false);
  });
});

describe('assent-server started', () => {
  it('with no settings stores records in ./data/assent.db of its working directory', async () => {
    const { child, origin, startLine } = await start(['--port', '0']);
    try {
      const database = join(realpathSync(folder), 'data', 'assent.db');
      const keyFile = join(realpathSync(folder), 'data', 'assent-key.json');
      assert.ok(existsSync(database), 'data/assent.db was created in the working directory');
      assert.equal(statSync(keyFile).mode & 0o777, 0o600, 'data/assent-key.json was created, for its owner alone');
      assert.match(
        startLine.msg,
        new RegExp(`^assent-server 0\\.2\\.0 listening on http://127\\.0\\.0\\.1:\\d+; 0 records in the SQLite file ${escape(database)}, kept 1490 days; signing key ${escape(keyFile)}$`),
      );
      assert.deepEqual([startLine.store, startLine.records, startLine.retentionDays, startLine.keyFile], ['sqlite', 0, 1490, keyFile]);
      const response = await postRecord(origin, validRecord());
      assert.equal(response.status, 201);
      assert.equal((await fetch(`${origin}/api/records`)).status, 403, 'no admin token: export is off');
    } finally {
      assert.equal(await stop(child), 0);
    }
  });

  it('with --admin-token-file answers the admin export with that token', async () => {
    const token = randomBytes(32).toString('hex');
    const tokenFile = join(folder, 'admin-token');
    writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
    const { child, origin } = await start(['--port', '0', '--admin-token-file', tokenFile, '--log-level', 'info'], {
      ASSENT_ADMIN_TOKEN: 'a-variable-that-the-flag-overrides-0123456789',
      ASSENT_LOG_LEVEL: 'silent',
    });
    try {
      const record = validRecord();
      assert.equal((await postRecord(origin, record)).status, 201);
      const exported = await fetch(`${origin}/api/records`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(exported.status, 200);
      assert.deepEqual(ndjson(await exported.text()).map((line) => line.record), [record]);
      const overridden = await fetch(`${origin}/api/records`, { headers: { authorization: 'Bearer a-variable-that-the-flag-overrides-0123456789' } });
      assert.equal(overridden.status, 401, 'the flag wins over ASSENT_ADMIN_TOKEN');
    } finally {
      assert.equal(await stop(child), 0);
    }
  });

  it('accepts an admin token of exactly 32 characters and answers the export with it', async () => {
    const token = randomBytes(16).toString('hex');
    assert.equal(token.length, 32);
    const { child, origin } = await start(['--port', '0'], { ASSENT_ADMIN_TOKEN: token });
    try {
      const exported = await fetch(`${origin}/api/records`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(exported.status, 200);
    } finally {
      assert.equal(await stop(child), 0);
    }
  });

  for (const trustProxy of ['1', '127.0.0.1', '10.0.0.0/8,loopback']) {
    it(`with ASSENT_TRUST_PROXY=${trustProxy} stores the address the proxy forwarded`, async () => {
      const token = randomBytes(32).toString('hex');
      const { child, origin } = await start(['--port', '0'], { ASSENT_TRUST_PROXY: trustProxy, ASSENT_ADMIN_TOKEN: token });
      try {
        const record = validRecord();
        const posted = await fetch(`${origin}/api/consent`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.77' },
          body: JSON.stringify(record),
        });
        assert.equal(posted.status, 201);
        const exported = await fetch(`${origin}/api/records`, { headers: { authorization: `Bearer ${token}` } });
        assert.deepEqual(ndjson(await exported.text()).map((line) => line.ipPrefix), ['203.0.113.0/24']);
      } finally {
        assert.equal(await stop(child), 0);
      }
    });
  }

  it('exits 1 with one line when the port is in use, naming the key it made', async () => {
    const taken = createServer().listen(0, '127.0.0.1');
    await once(taken, 'listening');
    const { port } = taken.address();
    try {
      const { code, stderr } = await run(['--port', String(port), '--db', join(folder, 'assent.db')]);
      assert.equal(code, 1);
      assert.equal(
        stderr,
        `assent-server: cannot listen on 127.0.0.1 port ${port}: the port is already in use (another assent-server?); choose another with --port or PORT` +
          ` (a new signing key was written to ${join(realpathSync(folder), 'data', 'assent-key.json')}: keep it)\n`,
      );
    } finally {
      taken.close();
    }
  });

  it('exits 1 with one line when the database cannot be opened', async () => {
    writeFileSync(join(folder, 'data'), 'a file where the folder should be');
    const { code, stderr } = await run(['--port', '0', '--key-file', 'assent-key.json']);
    assert.equal(code, 1);
    assert.match(stderr, /^assent-server: cannot open the SQLite file \/.+\/data\/assent\.db: .+\n$/);
  });
});

describe('assent-server says which database it uses and what it holds', () => {
  it('logs a NEW empty database at the absolute path when there was no file, then the record count on every start', async () => {
    const database = join(realpathSync(folder), 'records', 'shop.db');
    const first = await start(['--port', '0', '--db', 'records/shop.db']);
    try {
      assert.equal(first.messages.filter((message) => /new empty database/i.test(message)).length, 1, first.messages.join('\n'));
      assert.ok(first.messages.some((message) => message.includes(`created a NEW empty database at ${database}:`)), first.messages.join('\n'));
      assert.match(first.startLine.msg, new RegExp(`; 0 records in the SQLite file ${escape(database)}, `));
      assert.equal(first.startLine.records, 0);
      assert.equal((await postRecord(first.origin, validRecord())).status, 201);
      assert.equal((await postRecord(first.origin, validRecord())).status, 201);
    } finally {
      assert.equal(await stop(first.child), 0);
    }

    const second = await start(['--port', '0'], { ASSENT_DB: database });
    try {
      assert.deepEqual(second.messages.filter((message) => /new empty database/i.test(message)), [], 'the file exists now');
      assert.match(second.startLine.msg, new RegExp(`; 2 records in the SQLite file ${escape(database)}, `));
      assert.equal(second.startLine.records, 2);
    } finally {
      assert.equal(await stop(second.child), 0);
    }
  });

  for (const [kind, contents] of [
    ['an empty file', ''],
    ['a text file', 'shop notes, not a database\n'],
  ]) {
    it(`exits 1 with one line when --db names ${kind}, and leaves the file as it was`, async () => {
      const database = join(realpathSync(folder), 'notes.db');
      writeFileSync(database, contents);
      const { code, stdout, stderr } = await run(['--port', '0', '--db', database, '--key-file', 'assent-key.json']);
      assert.equal(code, 1, stdout + stderr);
      assert.match(stderr, new RegExp(`^assent-server: cannot open the SQLite file ${escape(database)}: [^\n]+\n$`));
      assert.doesNotMatch(stdout, /listening on|new empty database/i);
      assert.equal(readFileSync(database, 'utf8'), contents);
    });
  }

  const databaseUrl = process.env.DATABASE_URL;
  it('names the PostgreSQL database and its host, never the password, with its record count', { skip: databaseUrl ? false : 'DATABASE_URL not set' }, async () => {
    const database = await postgresTestDatabase(databaseUrl);
    const url = new URL(database.url);
    const where = `PostgreSQL database ${decodeURIComponent(url.pathname.slice(1))} on ${url.hostname || 'localhost'}:${url.port || '5432'}`;
    try {
      const first = await start(['--port', '0'], { DATABASE_URL: database.url });
      try {
        assert.match(first.startLine.msg, new RegExp(`; 0 records in the ${escape(where)}, `));
        assert.deepEqual(first.messages.filter((message) => /new empty database/i.test(message)), []);
        assert.equal((await postRecord(first.origin, validRecord())).status, 201);
      } finally {
        assert.equal(await stop(first.child), 0);
      }
      const second = await start(['--port', '0'], { DATABASE_URL: database.url });
      try {
        assert.match(second.startLine.msg, new RegExp(`; 1 record in the ${escape(where)}, `));
        // The CI's password is "assent", a word every start line holds: look for it as a credential.
        const password = decodeURIComponent(url.password);
        if (password) assert.ok(!second.messages.some((message) => message.includes(`:${password}@`) || message.includes(database.url)), 'no password');
      } finally {
        assert.equal(await stop(second.child), 0);
      }
    } finally {
      await database.drop();
    }
  });
});

describe('assent-server signing key', () => {
  it('takes --key-file over ASSENT_KEY_FILE, makes a NEW key there once and says so', async () => {
    const keyFile = join(realpathSync(folder), 'keys', 'flag-key.json');
    const first = await start(['--port', '0', '--key-file', 'keys/flag-key.json'], { ASSENT_KEY_FILE: 'variable-key.json' });
    let key;
    try {
      assert.equal(existsSync(join(folder, 'variable-key.json')), false, 'the flag wins over the variable');
      assert.equal(statSync(keyFile).mode & 0o777, 0o600);
      key = readFileSync(keyFile, 'utf8');
      assert.ok(
        first.messages.includes(
          `created a NEW signing key at ${keyFile} (mode 0600): back it up; every instance on one PostgreSQL database must use this same file (--key-file / ASSENT_KEY_FILE)`,
        ),
        first.messages.join('\n'),
      );
      assert.match(first.startLine.msg, new RegExp(`; signing key ${escape(keyFile)}$`));
    } finally {
      assert.equal(await stop(first.child), 0);
    }

    const second = await start(['--port', '0'], { ASSENT_KEY_FILE: 'keys/flag-key.json' });
    try {
      assert.deepEqual(second.messages.filter((message) => /signing key at/.test(message)), [], 'the key exists now');
      assert.match(second.startLine.msg, new RegExp(`; signing key ${escape(keyFile)}$`));
      assert.equal(readFileSync(keyFile, 'utf8'), key, 'the same key is used, not replaced');
    } finally {
      assert.equal(await stop(second.child), 0);
    }
  });

  it('warns when a new key meets a database that already holds records', async () => {
    const first = await start(['--port', '0', '--key-file', 'first-key.json']);
    try {
      assert.equal((await postRecord(first.origin, validRecord())).status, 201);
    } finally {
      assert.equal(await stop(first.child), 0);
    }
    const second = await start(['--port', '0', '--key-file', 'second-key.json']);
    try {
      assert.ok(
        second.messages.includes(
          'the database already holds 1 record: if this endpoint had a key file before, stop it and give that file with --key-file / ASSENT_KEY_FILE',
        ),
        second.messages.join('\n'),
      );
    } finally {
      assert.equal(await stop(second.child), 0);
    }
  });

  it('exits 1 with one line when the key file holds no key, leaving it and creating no database', async () => {
    const keyFile = join(realpathSync(folder), 'assent-key.json');
    writeFileSync(keyFile, 'not a key\n');
    const { code, stdout, stderr } = await run(['--port', '0'], { ASSENT_KEY_FILE: keyFile });
    assert.equal(code, 1, stdout + stderr);
    assert.match(stderr, new RegExp(`^assent-server: cannot load the signing key from ${escape(keyFile)}: [^\n]+\n$`));
    assert.equal(readFileSync(keyFile, 'utf8'), 'not a key\n');
    assert.equal(existsSync(join(folder, 'data')), false);
  });
});

describe('assent-server retention', () => {
  it('says how long records are kept, and warns when that is shorter than a decision lasts', async () => {
    const { child, startLine, messages } = await start(['--port', '0', '--retention-days', '30']);
    try {
      assert.match(startLine.msg, /, kept 30 days; /);
      assert.equal(startLine.retentionDays, 30);
      assert.ok(
        messages.includes('records are kept 30 days, less than a decision can stay in force (395 days): the record of a decision still in force can be deleted'),
        messages.join('\n'),
      );
    } finally {
      assert.equal(await stop(child), 0);
    }
  });

  it('keeps every record with ASSENT_RETENTION_DAYS=forever', async () => {
    const { child, startLine, messages } = await start(['--port', '0'], { ASSENT_RETENTION_DAYS: 'forever' });
    try {
      assert.match(startLine.msg, /, kept forever; /);
      assert.equal(startLine.retentionDays, null);
      assert.deepEqual(messages.filter((message) => /in force/.test(message)), []);
    } finally {
      assert.equal(await stop(child), 0);
    }
  });
});
