#!/usr/bin/env node
// `npx assent-server`: the endpoint on its own. Settings come from flags and environment variables
// (`assent-server --help`, docs/server.md). Exit codes: 2 for a bad setting, 1 when the database
// cannot be opened or the address cannot be listened on.
import { buildApp } from './app.js';
import { helpText } from './help.js';
import { packageVersion } from './package-version.js';
import { HELP_HINT, readSettings, type Settings } from './settings.js';
import { describeStore } from './store-description.js';
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
  const storeDescription = describeStore(settings.store);
  let store: ConsentStore;
  try {
    store = await openStore(settings.store);
  } catch (error) {
    return cannotStart(`cannot open the ${storeDescription}: ${firstLine(error)}`);
  }
  const app = buildApp({ ...settings.app, store, logger: { level: settings.logLevel } });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      app.log.info(`${signal}: closing`);
      void app.close().then(() => store.close());
    });
  }

  let address: string;
  try {
    address = await app.listen({ port: settings.port, host: settings.host });
  } catch (error) {
    await store.close();
    return cannotStart(`cannot listen on ${settings.host} port ${settings.port}: ${listenFailure(error)}`);
  }
  app.log.info({ store: store.kind }, `assent-server ${packageVersion()} listening on ${address}, records in the ${storeDescription}`);
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
