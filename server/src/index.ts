// What a host server imports to mount the endpoint: `buildApp` and `openStore` (server/README.md).
export { buildApp, DEFAULT_RATE_LIMIT, type AppOptions, type LoggerOptions, type RateLimitOptions } from './app.js';
export { openStore, DEFAULT_SQLITE_PATH, type ConsentStore, type OpenStoreOptions, type StoredRecord } from './store.js';
export type { ConsentMethod, ConsentRecord } from './schema.js';
