import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Where Chrome and Chromium are usually installed, by platform. */
function usualPlaces(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform === 'darwin') {
    return [
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Google Chrome Canary.app/Contents/MacOS/Google Chrome Canary',
    ];
  }
  if (platform === 'win32') {
    const roots = [env['PROGRAMFILES'], env['PROGRAMFILES(X86)'], env['LOCALAPPDATA']].filter((root): root is string => Boolean(root));
    return roots.flatMap((root) => [join(root, 'Google', 'Chrome', 'Application', 'chrome.exe'), join(root, 'Chromium', 'Application', 'chrome.exe')]);
  }
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/opt/google/chrome/chrome',
    '/snap/bin/chromium',
    '/usr/lib/chromium/chromium',
  ];
}

/**
 * The Chrome or Chromium to run: `CHROME_PATH` when set, else the first installed one in the
 * usual places. Never downloads one. Resolves to undefined when there is none; with
 * `CHROME_PATH` set to a missing file, to that path's problem.
 */
export function findChrome(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, exists: (path: string) => boolean = existsSync): { path: string } | { problem: string } {
  const chosen = env['CHROME_PATH'];
  if (chosen) return exists(chosen) ? { path: chosen } : { problem: `CHROME_PATH is set to ${chosen}, which does not exist.` };
  const found = usualPlaces(platform, env).find((path) => exists(path));
  return found
    ? { path: found }
    : { problem: 'No Chrome or Chromium found. Install one (for example `apt-get install chromium`) or set CHROME_PATH to its executable.' };
}
