// The endpoint's routes the dashboard calls, all relative to the page (so a path prefix in front of
// the endpoint works) and all with the dashboard header the endpoint requires of a session
// (server/src/admin-session.ts). The session cookie is HttpOnly: this code never sees it.
import type { Period } from './period.js';
import type { StatsAnswer } from './stats-answer.js';

export type ShopperRef = { id: string } | { subject: string };

/** The endpoint answered 401: the session has expired or was ended elsewhere. */
export class SessionEnded extends Error {}

/** Any other refusal, with the endpoint's own message. */
export class RequestFailed extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

const DASHBOARD_HEADER = { 'Assent-Admin': '1' };

async function call(path: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(path, {
    ...init,
    credentials: 'same-origin',
    cache: 'no-store',
    headers: { ...DASHBOARD_HEADER, ...(init.body ? { 'Content-Type': 'application/json' } : {}), ...init.headers },
  });
  if (response.ok) return response;
  const body = (await response.json().catch(() => null)) as { message?: string } | null;
  const message = body?.message ?? `The endpoint answered ${response.status}.`;
  if (response.status === 401 && path.startsWith('api/')) throw new SessionEnded(message);
  throw new RequestFailed(response.status, message);
}

const post = (path: string, body: unknown) => call(path, { method: 'POST', body: JSON.stringify(body) });

/** When the current session ends, or null when not signed in. */
export async function sessionExpiry(): Promise<string | null> {
  return ((await (await call('admin/session')).json()) as { expiresAt: string | null }).expiresAt;
}

export async function signIn(token: string): Promise<string> {
  return ((await (await post('admin/session', { token })).json()) as { expiresAt: string }).expiresAt;
}

export async function signOut(): Promise<void> {
  await call('admin/session', { method: 'DELETE' });
}

export async function fetchStats({ from, to }: Period): Promise<StatsAnswer> {
  const query = new URLSearchParams({ from, to, compare: 'previous' });
  return (await (await call(`api/stats?${query}`)).json()) as StatsAnswer;
}

/** The access-request export: the answer is kept as it came, for the JSON download. */
export async function exportShopper(shopper: ShopperRef): Promise<string> {
  return (await post('api/export', shopper)).text();
}

export async function eraseShopper(shopper: ShopperRef): Promise<{ erasedAt: string; ids: string[]; records: number }> {
  return (await (await post('api/erase', shopper)).json()) as { erasedAt: string; ids: string[]; records: number };
}
