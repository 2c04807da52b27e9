// The settings module: flags and environment variables read into the endpoint's settings, every
// bad value refused with one line that names it. No process is started here (see cli.test.mjs).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readSettings } from '../dist/settings.js';

/** The settings, or a failure that shows the message. */
function settings(argv, env = {}) {
  const outcome = readSettings(argv, env);
  assert.equal(outcome.action, 'run', outcome.message);
  return outcome.settings;
}

function failure(argv, env = {}) {
  const outcome = readSettings(argv, env);
  assert.equal(outcome.action, 'fail', `expected a failure, got ${JSON.stringify(outcome)}`);
  assert.doesNotMatch(outcome.message, /\n/, 'one line');
  return outcome.message;
}

const folder = mkdtempSync(join(tmpdir(), 'assent-settings-test-'));
after(() => rmSync(folder, { recursive: true, force: true }));

/** A file with these contents in the test's temporary folder. */
function file(name, contents) {
  const path = join(folder, name);
  writeFileSync(path, contents);
  return path;
}

const DEFAULTS = {
  port: 8787,
  host: '127.0.0.1',
  logLevel: 'info',
  store: { databaseUrl: undefined, sqlitePath: './data/assent.db' },
  keyFile: './data/assent-key.json',
  app: {
    retentionDays: 1490,
    allowedOrigins: [],
    adminToken: undefined,
    cookieDomain: undefined,
    trustProxy: false,
    rateLimit: { max: 120, timeWindowMs: 60_000 },
    regionHeader: undefined,
  },
};

describe('readSettings: defaults', () => {
  it('has safe defaults: loopback, port 8787, SQLite in ./data/assent.db, admin routes off', () => {
    assert.deepEqual(settings([], {}), DEFAULTS);
  });

  it('ignores variables that are not its own', () => {
    assert.deepEqual(settings([], { PATH: '/usr/bin', NODE_ENV: 'production', ASSENT_SOMETHING: 'x' }), DEFAULTS);
  });

  it('takes an empty value for the default', () => {
    assert.deepEqual(settings([], { PORT: '', HOST: '', ASSENT_RATE_LIMIT: ' ', ASSENT_REGION_HEADER: '', DATABASE_URL: '' }), DEFAULTS);
  });
});

describe('readSettings: variables and flags', () => {
  const VARIABLES = {
    PORT: '9000',
    HOST: '0.0.0.0',
    ASSENT_DB: '/var/lib/assent/assent.db',
    DATABASE_URL: 'postgres://assent:pw@db/assent',
    ASSENT_KEY_FILE: '/etc/assent/key-from-the-environment.json',
    ASSENT_RETENTION_DAYS: '2000',
    ASSENT_ALLOWED_ORIGINS: 'https://shop.example, https://checkout.shop.example',
    ASSENT_ADMIN_TOKEN: 'secret-from-the-environment-0123456789',
    ASSENT_COOKIE_DOMAIN: 'shop.example',
    ASSENT_TRUST_PROXY: '2',
    ASSENT_RATE_LIMIT: '600/60',
    ASSENT_REGION_HEADER: 'CloudFront-Viewer-Country, CloudFront-Viewer-Country-Region',
    ASSENT_LOG_LEVEL: 'warn',
  };
  const FROM_VARIABLES = {
    port: 9000,
    host: '0.0.0.0',
    logLevel: 'warn',
    store: { databaseUrl: 'postgres://assent:pw@db/assent', sqlitePath: '/var/lib/assent/assent.db' },
    keyFile: '/etc/assent/key-from-the-environment.json',
    app: {
      retentionDays: 2000,
      allowedOrigins: ['https://shop.example', 'https://checkout.shop.example'],
      adminToken: 'secret-from-the-environment-0123456789',
      cookieDomain: 'shop.example',
      trustProxy: 2,
      rateLimit: { max: 600, timeWindowMs: 60_000 },
      regionHeader: ['CloudFront-Viewer-Country', 'CloudFront-Viewer-Country-Region'],
    },
  };
  const FLAGS = [
    '--port', '9100',
    '--host', '::',
    '--db', 'records/consent.db',
    '--database-url', 'postgresql://other@db2:5433/consent',
    '--key-file', 'keys/key-from-a-flag.json',
    '--retention-days', 'forever',
    '--allowed-origins', 'https://other.example',
    '--admin-token', 'secret-from-a-flag-0123456789abcdef',
    '--cookie-domain', 'other.example',
    '--trust-proxy', '127.0.0.1,10.0.0.0/8',
    '--rate-limit', '10/1',
    '--region-header', 'CF-IPCountry',
    '--log-level', 'debug',
  ];
  const FROM_FLAGS = {
    port: 9100,
    host: '::',
    logLevel: 'debug',
    store: { databaseUrl: 'postgresql://other@db2:5433/consent', sqlitePath: 'records/consent.db' },
    keyFile: 'keys/key-from-a-flag.json',
    app: {
      retentionDays: null,
      allowedOrigins: ['https://other.example'],
      adminToken: 'secret-from-a-flag-0123456789abcdef',
      cookieDomain: 'other.example',
      trustProxy: ['127.0.0.1', '10.0.0.0/8'],
      rateLimit: { max: 10, timeWindowMs: 1_000 },
      regionHeader: ['CF-IPCountry'],
    },
  };

  it('reads every variable', () => {
    assert.deepEqual(settings([], VARIABLES), FROM_VARIABLES);
  });

  it('reads every flag', () => {
    assert.deepEqual(settings(FLAGS, {}), FROM_FLAGS);
  });

  it('lets every flag win over its variable', () => {
    assert.deepEqual(settings(FLAGS, VARIABLES), FROM_FLAGS);
  });

  it('accepts --flag=value, and an empty flag value sets the default even over a variable', () => {
    assert.equal(settings(['--port=9200'], { PORT: '9000' }).port, 9200);
    assert.equal(settings(['--database-url='], { DATABASE_URL: 'postgres://db/assent' }).store.databaseUrl, undefined);
    assert.equal(settings(['--cookie-domain', ''], { ASSENT_COOKIE_DOMAIN: 'shop.example' }).app.cookieDomain, undefined);
  });

  it('reads the trust-proxy setting as false, a hop count or a list of proxies', () => {
    const trustProxy = (value) => settings(['--trust-proxy', value]).app.trustProxy;
    assert.equal(trustProxy('false'), false);
    assert.equal(trustProxy('0'), false);
    assert.equal(trustProxy('1'), 1);
    assert.equal(trustProxy('2'), 2);
    assert.deepEqual(trustProxy('127.0.0.1, 10.0.0.0/8'), ['127.0.0.1', '10.0.0.0/8']);
    assert.deepEqual(trustProxy('::1,2001:db8::/32'), ['::1', '2001:db8::/32']);
    assert.deepEqual(trustProxy('loopback,uniquelocal'), ['loopback', 'uniquelocal']);
    assert.deepEqual(trustProxy('10.0.0.0/255.0.0.0'), ['10.0.0.0/255.0.0.0']);
  });

  it('refuses to trust every proxy, saying what to give instead', () => {
    const instead =
      "would believe every client's X-Forwarded-For (any client could pick its own address and escape the rate limit): give instead the number of proxies in front of the endpoint, such as 1, or their addresses/CIDRs, such as 127.0.0.1,10.0.0.0/8.";
    assert.equal(failure([], { ASSENT_TRUST_PROXY: 'true' }), `assent-server: ASSENT_TRUST_PROXY="true" ${instead}`);
    assert.equal(failure(['--trust-proxy', ' TRUE '], { ASSENT_TRUST_PROXY: '1' }), `assent-server: --trust-proxy=" TRUE " ${instead}`);
  });

  it('takes the signing key file from --key-file over ASSENT_KEY_FILE', () => {
    assert.equal(settings([], { ASSENT_KEY_FILE: 'from-the-variable.json' }).keyFile, 'from-the-variable.json');
    assert.equal(settings(['--key-file', 'from-the-flag.json'], { ASSENT_KEY_FILE: 'from-the-variable.json' }).keyFile, 'from-the-flag.json');
    assert.equal(settings(['--key-file='], { ASSENT_KEY_FILE: 'from-the-variable.json' }).keyFile, './data/assent-key.json');
  });

  it('reads the retention as whole days, 0 or forever keeping every record', () => {
    const retentionDays = (value) => settings([], { ASSENT_RETENTION_DAYS: value }).app.retentionDays;
    assert.equal(retentionDays('1'), 1);
    assert.equal(retentionDays(' 395 '), 395);
    assert.equal(retentionDays('36500'), 36500);
    assert.equal(retentionDays('0'), null);
    assert.equal(retentionDays('forever'), null);
    assert.equal(retentionDays('Forever'), null);
    assert.equal(settings(['--retention-days', '30'], { ASSENT_RETENTION_DAYS: 'forever' }).app.retentionDays, 30);
  });

  it('turns the rate limit off', () => {
    assert.equal(settings(['--rate-limit', 'off']).app.rateLimit, false);
    assert.equal(settings([], { ASSENT_RATE_LIMIT: 'OFF' }).app.rateLimit, false);
  });

  it('reads one or two region header names', () => {
    assert.deepEqual(settings([], { ASSENT_REGION_HEADER: 'X-Geo-Region' }).app.regionHeader, ['X-Geo-Region']);
    assert.deepEqual(settings(['--region-header', 'X-Geo-Country,X-Geo-Subdivision']).app.regionHeader, ['X-Geo-Country', 'X-Geo-Subdivision']);
  });

  it('accepts the log level in any case', () => {
    assert.equal(settings(['--log-level', 'SILENT']).logLevel, 'silent');
  });
});

describe('readSettings: the admin token from a file', () => {
  it('reads the token, dropping one trailing newline', () => {
    assert.equal(settings(['--admin-token-file', file('unix', 'token-from-a-file-0123456789abcdef\n')]).app.adminToken, 'token-from-a-file-0123456789abcdef');
    assert.equal(settings(['--admin-token-file', file('dos', 'token-from-a-file-0123456789abcdef\r\n')]).app.adminToken, 'token-from-a-file-0123456789abcdef');
    assert.equal(settings(['--admin-token-file', file('bare', 'token-from-a-file-0123456789abcdef')]).app.adminToken, 'token-from-a-file-0123456789abcdef');
    assert.equal(settings([], { ASSENT_ADMIN_TOKEN_FILE: file('variable', 'token-from-a-file-0123456789abcdef\n') }).app.adminToken, 'token-from-a-file-0123456789abcdef');
  });

  it('lets either flag win over either variable', () => {
    const tokenFile = file('flag', 'token-from-a-file-0123456789abcdef\n');
    assert.equal(settings(['--admin-token-file', tokenFile], { ASSENT_ADMIN_TOKEN: 'token-from-a-variable-0123456789ab' }).app.adminToken, 'token-from-a-file-0123456789abcdef');
    assert.equal(settings(['--admin-token', 'token-from-a-flag-0123456789abcdef'], { ASSENT_ADMIN_TOKEN_FILE: tokenFile }).app.adminToken, 'token-from-a-flag-0123456789abcdef');
  });

  it('refuses two tokens of the same kind', () => {
    const tokenFile = file('both', 'token-from-a-file-0123456789abcdef\n');
    assert.equal(
      failure(['--admin-token', 'token-from-a-flag-0123456789abcdef', '--admin-token-file', tokenFile]),
      'assent-server: --admin-token and --admin-token-file are both set: expected only one of them (--admin-token-file is safer).',
    );
    assert.equal(
      failure([], { ASSENT_ADMIN_TOKEN: 'token-from-a-variable-0123456789ab', ASSENT_ADMIN_TOKEN_FILE: tokenFile }),
      'assent-server: ASSENT_ADMIN_TOKEN and ASSENT_ADMIN_TOKEN_FILE are both set: expected only one of them (ASSENT_ADMIN_TOKEN_FILE is safer).',
    );
  });

  it('refuses a missing, empty or multi-line file', () => {
    const missing = join(folder, 'missing');
    assert.equal(
      failure(['--admin-token-file', missing]),
      `assent-server: --admin-token-file=${JSON.stringify(missing)} cannot be read (ENOENT): expected a readable file holding the token on one line.`,
    );
    const empty = file('empty', '\n');
    assert.equal(
      failure([], { ASSENT_ADMIN_TOKEN_FILE: empty }),
      `assent-server: ASSENT_ADMIN_TOKEN_FILE=${JSON.stringify(empty)} is empty: expected a readable file holding the token on one line.`,
    );
    const twoLines = file('two-lines', 'token\n\n');
    assert.equal(
      failure(['--admin-token-file', twoLines]),
      `assent-server: --admin-token-file=${JSON.stringify(twoLines)} holds more than one line: expected a readable file holding the token on one line.`,
    );
  });
});

describe('readSettings: the admin token is long enough', () => {
  const HOW = 'expected at least 32 random characters; make one with openssl rand -hex 32.';
  const short = 'x'.repeat(31);

  it('accepts a token of 32 characters, from the variable, the flag or a file', () => {
    const token = 'y'.repeat(32);
    assert.equal(settings([], { ASSENT_ADMIN_TOKEN: token }).app.adminToken, token);
    assert.equal(settings(['--admin-token', token]).app.adminToken, token);
    assert.equal(settings(['--admin-token-file', file('thirty-two', `${token}\n`)]).app.adminToken, token);
  });

  it('refuses a shorter one, saying how long it is and how to make one, never what it is', () => {
    assert.equal(failure([], { ASSENT_ADMIN_TOKEN: short }), `assent-server: ASSENT_ADMIN_TOKEN is 31 characters long: ${HOW}`);
    assert.equal(failure(['--admin-token', 'changeme']), `assent-server: --admin-token is 8 characters long: ${HOW}`);
    const shortFile = file('short', `${short}\n`);
    assert.equal(
      failure([], { ASSENT_ADMIN_TOKEN_FILE: shortFile }),
      `assent-server: ASSENT_ADMIN_TOKEN_FILE=${JSON.stringify(shortFile)} holds a token of 31 characters: ${HOW}`,
    );
    assert.doesNotMatch(failure([], { ASSENT_ADMIN_TOKEN: short }), /xxx/);
  });

  it('counts characters, not UTF-16 code units', () => {
    assert.equal(failure([], { ASSENT_ADMIN_TOKEN: '\u{1F511}'.repeat(16) }), `assent-server: ASSENT_ADMIN_TOKEN is 16 characters long: ${HOW}`);
  });
});

describe('readSettings: bad values', () => {
  const CASES = [
    [['--port', 'abc'], {}, '--port="abc" is not valid: expected a whole number from 0 to 65535.'],
    [['--port', '65536'], {}, '--port="65536" is not valid: expected a whole number from 0 to 65535.'],
    [['--port=-1'], {}, '--port="-1" is not valid: expected a whole number from 0 to 65535.'],
    [[], { PORT: '80.5' }, 'PORT="80.5" is not valid: expected a whole number from 0 to 65535.'],
    [['--log-level', 'loud'], {}, '--log-level="loud" is not valid: expected one of fatal, error, warn, info, debug, trace, silent.'],
    [[], { ASSENT_LOG_LEVEL: 'verbose' }, 'ASSENT_LOG_LEVEL="verbose" is not valid: expected one of fatal, error, warn, info, debug, trace, silent.'],
    ...['lots', '120', '120/', '0/60', '120/0', '1.5/60'].map((value) => [
      ['--rate-limit', value],
      {},
      `--rate-limit=${JSON.stringify(value)} is not valid: expected requests/seconds such as 120/60, both whole numbers above 0, or off.`,
    ]),
    [['--retention-days', 'a year'], {}, '--retention-days="a year" is not valid: expected a whole number of days from 1 to 36500 such as 1490, or 0 or forever to keep every record.'],
    ...['-1', '1.5', '3y', 'never', '36501', '1e3', 'infinity'].map((value) => [
      [],
      { ASSENT_RETENTION_DAYS: value },
      `ASSENT_RETENTION_DAYS=${JSON.stringify(value)} is not valid: expected a whole number of days from 1 to 36500 such as 1490, or 0 or forever to keep every record.`,
    ]),
    [[], { ASSENT_RATE_LIMIT: '120 per minute' }, 'ASSENT_RATE_LIMIT="120 per minute" is not valid: expected requests/seconds such as 120/60, both whole numbers above 0, or off.'],
    ...[
      ['myproxy', ''],
      ['127.0.0.1,proxy.internal', ' ("proxy.internal")'],
      ['10.0.0.0/33', ''],
      ['10.0.0.0/0', ''],
      ['10.0.0.0/255.0.255.0', ''],
      ['yes', ''],
    ].map(([value, culprit]) => [
      ['--trust-proxy', value],
      {},
      `--trust-proxy=${JSON.stringify(value)}${culprit} is not valid: expected false, a hop count such as 1, or comma-separated addresses/CIDRs such as 127.0.0.1,10.0.0.0/8 (or loopback, linklocal, uniquelocal).`,
    ]),
    ...['shop.example; Secure', 'https://shop.example', 'shop_example.com', 'shop.example.'].map((value) => [
      [],
      { ASSENT_COOKIE_DOMAIN: value },
      `ASSENT_COOKIE_DOMAIN=${JSON.stringify(value)} is not valid: expected a host name such as shop.example.`,
    ]),
    ...['A,B,C', 'Country Header', 'X-Geo:Country'].map((value) => [
      ['--region-header', value],
      {},
      `--region-header=${JSON.stringify(value)} is not valid: expected one header name such as CF-IPCountry, or two comma-separated: country,subdivision.`,
    ]),
    ...[
      ['https://shop.example/', ''],
      ['https://shop.example,shop.example', ' ("shop.example")'],
      ['https://Shop.example', ''],
      ['https://shop.example/checkout', ''],
    ].map(([value, culprit]) => [
      [],
      { ASSENT_ALLOWED_ORIGINS: value },
      `ASSENT_ALLOWED_ORIGINS=${JSON.stringify(value)}${culprit} is not valid: expected comma-separated origins such as https://shop.example (no path, no trailing slash).`,
    ]),
    [['--database-url', 'mysql://assent:hunter2@db/assent'], {}, '--database-url is not valid (its value is not shown: it may hold a password): expected a URL such as postgres://user:password@host:5432/database.'],
    [[], { DATABASE_URL: 'assent:hunter2@db' }, 'DATABASE_URL is not valid (its value is not shown: it may hold a password): expected a URL such as postgres://user:password@host:5432/database.'],
  ];

  for (const [argv, env, message] of CASES) {
    const source = argv.length > 0 ? argv.join(' ') : Object.entries(env).map(([name, value]) => `${name}=${value}`).join(' ');
    it(`refuses ${source}`, () => {
      assert.equal(failure(argv, env), `assent-server: ${message}`);
    });
  }

  it('never shows a database password', () => {
    for (const [argv, env] of [
      [['--database-url', 'mysql://assent:hunter2@db/assent'], {}],
      [[], { DATABASE_URL: 'assent:hunter2@db' }],
      [[], { DATABASE_URL: 'postgres//assent:hunter2@db' }],
    ]) {
      assert.doesNotMatch(failure(argv, env), /hunter2/);
    }
  });
});

describe('readSettings: the command line itself', () => {
  it('answers --help, -h and --version before reading any value', () => {
    assert.deepEqual(readSettings(['--help'], {}), { action: 'help' });
    assert.deepEqual(readSettings(['-h'], {}), { action: 'help' });
    assert.deepEqual(readSettings(['--version'], {}), { action: 'version' });
    assert.deepEqual(readSettings(['--port', '1', '--help'], { PORT: 'nonsense' }), { action: 'help' });
  });

  it('refuses an unknown flag, a missing value, a value for --help and a positional argument', () => {
    assert.equal(failure(['--prot', '8080']), 'assent-server: --prot is not an option: expected one of the options listed by --help.');
    assert.equal(failure(['-p', '8080']), 'assent-server: -p is not an option: expected one of the options listed by --help.');
    assert.equal(failure(['--port']), 'assent-server: --port is missing its value: expected a whole number from 0 to 65535.');
    assert.equal(
      failure(['--log-level', '--port', '1']),
      'assent-server: --log-level is missing its value: expected one of fatal, error, warn, info, debug, trace, silent (write --log-level=VALUE for a value starting with -).',
    );
    assert.equal(failure(['--help=yes']), 'assent-server: --help takes no value: expected --help alone.');
    assert.equal(failure(['8080']), 'assent-server: "8080" is not an option: expected options only, such as --port 8787.');
  });
});
