// What a host server imports to mount the endpoint: `buildApp` and `openStore` (server/README.md).
export { buildApp, DEFAULT_RATE_LIMIT, DEFAULT_RETENTION_DAYS, type AppOptions, type LoggerOptions, type RateLimitOptions } from './app.js';
export { openStore, DEFAULT_SQLITE_PATH, type ConsentStore, type OpenStoreOptions, type StoredRecord } from './store.js';
export type { ConsentMethod, ConsentRecord } from './schema.js';
export { loadServerKeys, ephemeralKeys, DEFAULT_KEY_FILE, type ServerKeys, type PublishedKey } from './keys.js';
export { canonicalJson, receiptLeaf, rootFromPath, rootMessage, type Receipt, type Checkpoint } from './hash-chain.js';
