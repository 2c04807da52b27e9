// `npx assent-server` started in a shop's folder, from the package installed there.
import { spawn } from 'node:child_process';

export const ADMIN_TOKEN = 'packaging-test-admin-token-0123456789abcdef';

/**
 * Starts the installed `assent-server` command in `folder` on a free port, with its defaults
 * (SQLite in ./data/) and an admin token; resolves once it listens.
 */
export function startAssentServer(folder) {
  const child = spawn('npx', ['--no', 'assent-server'], {
    cwd: folder,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ASSENT_ADMIN_TOKEN: ADMIN_TOKEN, DATABASE_URL: '', ASSENT_DB: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // npx runs the command as a child of its own: stopping the group stops both.
    detached: true,
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk;
      const listening = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (!listening) return;
      child.stdout.off('data', onData);
      child.stdout.resume();
      resolve(running(child, listening[1]));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => reject(new Error(`assent-server exited with ${code} before listening:\n${output}`)));
  });
}

function running(child, origin) {
  return {
    origin,
    /** Every stored row, through the authenticated NDJSON export. */
    exportRecords: async () => {
      const response = await fetch(`${origin}/api/records`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
      if (response.status !== 200) throw new Error(`the export answered ${response.status}`);
      return (await response.text()).split('\n').filter(Boolean).map((line) => JSON.parse(line));
    },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', resolve);
        process.kill(-child.pid, 'SIGTERM');
      }),
  };
}
