#!/usr/bin/env node
// `npx assent-server`: the endpoint on its own. Settings come from flags and environment variables
// (`assent-server --help`, docs/server.md). Exit codes: 2 for a bad setting, 1 when the signing key
// or the database cannot be opened or the address cannot be listened on.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { buildApp } from './app.js';
import { helpText } from './help.js';
import { loadServerKeys } from './keys.js';
import { packageVersion } from './package-version.js';
import { HELP_HINT, LONGEST_CONSENT_DAYS, readSettings, type Settings } from './settings.js';
import { describeStore, recordCount, sqliteFileToCreate } from './store-description.js';
import { openStore, type ConsentStore } from './store.js';

const EXIT_CANNOT_START = 1;
const EXIT_BAD_SETTING = 2;

const outcome = readSettings(process.argv.slice(2), process.env);
switch (outcome.action) {
  case 'help':
    process.stdout.write(helpText());
    break;
  case 'version':
    process.stdout.write(`${packageVersion()}\n`);
    break;
  case 'fail':
    process.stderr.write(`${outcome.message}\n${HELP_HINT}\n`);
    process.exitCode = EXIT_BAD_SETTING;
    break;
  case 'run':
    await serve(outcome.settings);
    break;
}

async function serve(settings: Settings): Promise<void> {
  const keyFile = resolve(settings.keyFile);
  let keys: Awaited<ReturnType<typeof loadServerKeys>>['keys'];
  let keyCreated: boolean;
  try {
    if (!existsSync(keyFile)) mkdirSync(dirname(keyFile), { recursive: true });
    ({ keys, created: keyCreated } = await loadServerKeys(keyFile));
  } catch (error) {
    return cannotStart(`cannot load the signing key from ${keyFile}: ${firstLine(error)}`);
  }
  /** A key made by a run that then fails is not announced by the next one: this one says it. */
  const failed = (message: string): never =>
    cannotStart(keyCreated ? `${message} (a new signing key was written to ${keyFile}: keep it)` : message);

  const storeDescription = describeStore(settings.store);
  const newDatabase = sqliteFileToCreate(settings.store);
  let store: ConsentStore | undefined;
  let records: number;
  try {
    store = await openStore({ ...settings.store, keys });
    records = await store.count();
  } catch (error) {
    await store?.close().catch(() => {});
    return failed(`cannot open the ${storeDescription}: ${firstLine(error)}`);
  }
  const opened = store;
  const app = buildApp({ ...settings.app, store: opened, logger: { level: settings.logLevel } });

  if (newDatabase) {
    app.log.warn(`created a NEW empty database at ${newDatabase}: no file was there; if records were expected, check --db / ASSENT_DB and the working directory`);
  }
  if (keyCreated) {
    app.log.warn(
      `created a NEW signing key at ${keyFile} (mode 0600): back it up; every instance on one PostgreSQL database must use this same file (--key-file / ASSENT_KEY_FILE)`,
    );
    if (records > 0) {
      app.log.warn(`the database already holds ${recordCount(records)}: if this endpoint had a key file before, stop it and give that file with --key-file / ASSENT_KEY_FILE`);
    }
  }
  const { retentionDays } = settings.app;
  if (retentionDays !== null && retentionDays < LONGEST_CONSENT_DAYS) {
    app.log.warn(
      `records are kept ${retentionDays} days, less than a decision can stay in force (${LONGEST_CONSENT_DAYS} days): the record of a decision still in force can be deleted`,
    );
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      app.log.info(`${signal}: closing`);
      void app.close().then(() => opened.close());
    });
  }

  let address: string;
  try {
    address = await app.listen({ port: settings.port, host: settings.host });
  } catch (error) {
    await opened.close();
    return failed(`cannot listen on ${settings.host} port ${settings.port}: ${listenFailure(error)}`);
  }
  const kept = retentionDays === null ? 'kept forever' : `kept ${retentionDays} days`;
  app.log.info(
    { store: opened.kind, records, retentionDays, keyFile },
    `assent-server ${packageVersion()} listening on ${address}; ${recordCount(records)} in the ${storeDescription}, ${kept}; signing key ${keyFile}`,
  );
}

/** One line on stderr, no stack: the cause is outside the program (a path, a port, a database). */
function cannotStart(message: string): never {
  process.stderr.write(`assent-server: ${message}\n`);
  process.exit(EXIT_CANNOT_START);
}

function listenFailure(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'EADDRINUSE':
      return 'the port is already in use (another assent-server?); choose another with --port or PORT';
    case 'EACCES':
      return 'permission denied (ports below 1024 need privileges); choose another with --port or PORT';
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return 'no such address on this machine; check --host or HOST';
  }
  return firstLine(error);
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as NodeJS.ErrnoException).code;
  const line = message.split('\n')[0] ?? '';
  return code && !line.includes(code) ? `${line} (${code})` : line;
}
