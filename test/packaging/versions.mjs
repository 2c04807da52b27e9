// The version of a tool the repository pins (package-lock.json), so an example project installs the same.
import { readFileSync } from 'node:fs';

const NODE_MODULES = new URL('../../node_modules/', import.meta.url);

export function versionInRepository(name) {
  return JSON.parse(readFileSync(new URL(`${name}/package.json`, NODE_MODULES), 'utf8')).version;
}
