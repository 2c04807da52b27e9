import { parseArgs } from 'node:util';

export interface AuditOptions {
  readonly url: URL;
  readonly json?: string;
  readonly html?: string;
  readonly declare: boolean;
  /** Hosts (and their sub-domains) the page may contact before consent: strictly necessary services. */
  readonly allow: readonly string[];
  /** How long the network must stay quiet before a step counts as settled, in milliseconds. */
  readonly quietMs: number;
  /** How long to wait for the page to load and for Assent to be ready, in milliseconds. */
  readonly timeoutMs: number;
}

export type Command =
  | { readonly kind: 'help'; readonly text: string }
  | { readonly kind: 'audit'; readonly options: AuditOptions }
  | { readonly kind: 'usage-error'; readonly message: string };

export const MAIN_HELP = `Usage: npx assent <command>

Commands:
  audit <url>   Check that a shop's consent works: what reaches other sites, cookies and storage
                before and after each choice, Global Privacy Control, withdrawal and Consent Mode.

Run \`npx assent audit --help\` for its options.
`;

export const AUDIT_HELP = `Usage: npx assent audit <url> [options]

Visits <url> in headless Chromium as new shoppers, one fresh browser profile per pass: no action;
Reject all; Accept all; each category alone; Global Privacy Control on; a returning visit after
Reject all; withdrawal after Accept all. Records the requests to other sites, cookies, storage
and Consent Mode signals of each pass, and checks that nothing optional runs before consent or
after Reject all, that choices persist and are withdrawn cleanly, and that Accept all and Reject
all are offered alike. It presses only Assent's own buttons. On a page without Assent it only
observes, and lists what a consent banner would have to hold back.

Options:
  --json FILE       Write the whole report as JSON.
  --html FILE       Write a self-contained HTML report, with a screenshot of each pass.
  --declare         Print the <assent-category cookies="…"> names seen per category.
  --allow HOST      A host the page may contact before consent because it is strictly necessary
                    (payment, your own CDN); its sub-domains too. Repeat for several.
  --wait MS         How long the network must stay quiet before a step counts as done
                    (default 1000).
  --timeout MS      How long to wait for the page and for Assent (default 30000).
  -h, --help        Show this help.

Browser: CHROME_PATH, else an installed Chrome or Chromium; none is ever downloaded.

Exit codes: 0 every rule holds; 1 a rule failed; 2 the page could not be audited.
Each rule, the JSON shape and the limits are described in Assent's docs/audit.md.
`;

const NUMBER = /^\d+$/;

/** Reads `assent <command> …` arguments (without `node` and the script). */
export function parseCommand(argv: readonly string[]): Command {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') return { kind: 'help', text: MAIN_HELP };
  if (command !== 'audit') return { kind: 'usage-error', message: `Unknown command "${command}". ${MAIN_HELP}` };
  let parsed;
  try {
    parsed = parseArgs({
      args: [...rest],
      allowPositionals: true,
      options: {
        json: { type: 'string' },
        html: { type: 'string' },
        declare: { type: 'boolean', default: false },
        allow: { type: 'string', multiple: true, default: [] },
        wait: { type: 'string', default: '1000' },
        timeout: { type: 'string', default: '30000' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    return { kind: 'usage-error', message: `${(error as Error).message}\nRun \`npx assent audit --help\` for the options.` };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help', text: AUDIT_HELP };
  if (positionals.length !== 1) {
    return { kind: 'usage-error', message: `${positionals.length === 0 ? 'Missing the page to audit.' : `One URL only, got ${positionals.length}.`} Usage: npx assent audit <url> [options]` };
  }
  const url = pageUrl(positionals[0]!);
  if (typeof url === 'string') return { kind: 'usage-error', message: url };
  for (const [name, value] of [['--wait', values.wait], ['--timeout', values.timeout]] as const) {
    if (!NUMBER.test(value) || Number(value) > 600_000) return { kind: 'usage-error', message: `${name} takes a number of milliseconds from 0 to 600000, got "${value}".` };
  }
  const badHost = values.allow.find((host) => !/^[a-z0-9.-]+(:\d+)?$/i.test(host));
  if (badHost !== undefined) return { kind: 'usage-error', message: `--allow takes a host name such as cdn.shop.example, got "${badHost}".` };
  return {
    kind: 'audit',
    options: {
      url,
      ...(values.json ? { json: values.json } : {}),
      ...(values.html ? { html: values.html } : {}),
      declare: values.declare,
      allow: values.allow.map((host) => host.toLowerCase()),
      quietMs: Number(values.wait),
      timeoutMs: Math.max(Number(values.timeout), 1000),
    },
  };
}

/** An http(s) URL; a bare host name is taken as https. A message when it is not one. */
function pageUrl(text: string): URL | string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  try {
    const url = new URL(withScheme);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url;
    return `"${text}" is not a web page address: only http:// and https:// URLs can be audited.`;
  } catch {
    return `"${text}" is not a valid URL. Example: npx assent audit https://shop.example/`;
  }
}
