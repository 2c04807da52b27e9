// Runs the endpoint on its own: `node server/dist/main.js` (configuration: see server/README.md).
import { buildApp } from './app.js';
import { readEnvironment } from './env.js';
import { openStore } from './store.js';

const MIN_ADMIN_TOKEN_LENGTH = 32;

const environment = readEnvironment(process.env);
const store = await openStore(environment.store);
const app = buildApp({ ...environment.app, store, logger: { level: environment.logLevel } });

if (environment.app.adminToken && environment.app.adminToken.length < MIN_ADMIN_TOKEN_LENGTH) {
  app.log.warn(`ASSENT_ADMIN_TOKEN is shorter than ${MIN_ADMIN_TOKEN_LENGTH} characters; use a long random one (openssl rand -hex 32)`);
}
app.log.info({ store: store.kind }, 'consent records store opened');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    app.log.info(`${signal}: closing`);
    void app.close().then(() => store.close());
  });
}

try {
  await app.listen({ port: environment.port, host: environment.host });
} catch (error) {
  app.log.fatal(error);
  await store.close();
  process.exit(1);
}
