// The text of `assent-server --help`, made from the same table the settings are read with.
import { SETTINGS } from './settings.js';

const FLAG_COLUMN = 32;
const VARIABLE_COLUMN = 26;

export function helpText(): string {
  const settings = Object.values(SETTINGS).flatMap((setting) => [
    `  ${`--${setting.flag} ${setting.placeholder}`.padEnd(FLAG_COLUMN)}${setting.variable.padEnd(VARIABLE_COLUMN)}${setting.defaultText}`,
    `      ${setting.meaning}`,
  ]);
  return [
    "assent-server: Assent's reference consent-record endpoint. It stores each consent decision",
    'hash-chained, in SQLite (default) or PostgreSQL, signs a receipt for it with its own key, and sets',
    'the assent_id cookie.',
    '',
    'Usage: assent-server [options]',
    '',
    'Every setting is a flag or an environment variable; the flag wins. An empty value means the default.',
    'Keep the admin token and a database password out of flags (others see them in ps): use',
    'ASSENT_ADMIN_TOKEN_FILE / --admin-token-file or the variables ASSENT_ADMIN_TOKEN and DATABASE_URL.',
    'Back up the key file (--key-file): with a new key, no assent_id cookie issued before is accepted.',
    '',
    `  ${'flag'.padEnd(FLAG_COLUMN)}${'variable'.padEnd(VARIABLE_COLUMN)}default`,
    ...settings,
    `  ${'-h, --help'.padEnd(FLAG_COLUMN + VARIABLE_COLUMN)}Print this text.`,
    `  ${'--version'.padEnd(FLAG_COLUMN + VARIABLE_COLUMN)}Print the version.`,
    '',
    'Examples:',
    '  # SQLite in ./data/assent.db on http://127.0.0.1:8787, called from the pages of one shop:',
    '  ASSENT_ALLOWED_ORIGINS=https://shop.example ASSENT_ADMIN_TOKEN_FILE=/run/secrets/assent-admin npx assent-server',
    '',
    '  # PostgreSQL, on port 8080 behind a reverse proxy on the same machine; every instance uses the same key:',
    '  DATABASE_URL=postgres://assent:secret@db.internal:5432/assent ASSENT_KEY_FILE=/etc/assent/assent-key.json \\',
    '    npx assent-server --port 8080 --trust-proxy 127.0.0.1',
    '',
  ].join('\n');
}
