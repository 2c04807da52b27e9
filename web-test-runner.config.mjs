// Unit (core) and component (ui) tests: real Chromium, real IndexedDB, real DOM.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { fileURLToPath } from 'node:url';
import { testEndpoint } from './test/helpers/test-endpoint.mjs';

/**
 * `/gate-fixture/<name>.js`: a stand-in third-party script that appends its name to
 * `window.gateLog`. `?delay=ms` answers late, `?status=404` fails, `?module` uses `import.meta`,
 * `?write` calls `document.write`.
 */
async function gateFixtures(context, next) {
  const match = /^\/gate-fixture\/([\w-]+)\.js$/.exec(context.path);
  if (!match) return next();
  const { delay, status } = context.query;
  if (delay) await new Promise((resolve) => setTimeout(resolve, Math.min(Number(delay), 5000)));
  if (status) {
    context.status = Number(status);
    return;
  }
  const name = JSON.stringify(match[1]);
  const lines = [`(window.gateLog ||= []).push(${name});`];
  if ('module' in context.query) lines.push(`window.gateModuleUrl = import.meta.url;`);
  if ('write' in context.query) lines.push(`document.write('<p id="written">written</p>');`);
  context.type = 'text/javascript';
  context.set('Cache-Control', 'no-store');
  context.body = lines.join('\n');
}

export default {
  middleware: [gateFixtures, testEndpoint],
  files: ['test/unit/**/*.test.ts', 'test/component/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  concurrentBrowsers: 1,
  testFramework: { config: { timeout: 10000 } },
  // Tests run Lit's development build on purpose (its warnings help); its banner is noise.
  filterBrowserLogs: ({ args }) => !String(args[0]).startsWith('Lit is in dev mode'),
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) })],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      },
    }),
  ],
};
