// The dashboard's events: facts its elements send up to <assent-dashboard>, which owns the session.
import type { Period, Preset } from './period.js';

/** The shop owner signed in; the session lasts until `expiresAt`. */
export class SignedInEvent extends Event {
  constructor(readonly expiresAt: string) {
    super('assent-signed-in', { bubbles: true, composed: true });
  }
}

/** A request found the session gone (expired, or ended on another tab or instance). */
export class SessionEndedEvent extends Event {
  constructor() {
    super('assent-session-ended', { bubbles: true, composed: true });
  }
}

/** Another period was chosen. */
export class PeriodChangeEvent extends Event {
  constructor(readonly preset: Preset, readonly period: Period) {
    super('assent-period-change', { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'assent-signed-in': SignedInEvent;
    'assent-session-ended': SessionEndedEvent;
    'assent-period-change': PeriodChangeEvent;
  }
}
