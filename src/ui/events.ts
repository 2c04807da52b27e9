/** The shopper's choice in the banner or preference center, sent up to the manager. */
export type DecisionChoice = 'accept-all' | 'reject-all' | 'custom';

/** An element asks for a decision. */
export class AssentDecisionRequestEvent extends Event {
  static readonly eventName = 'assent-decision-request';
  constructor(
    readonly choice: DecisionChoice,
    /** For `custom`: every category's switch. */
    readonly decisions: Readonly<Record<string, boolean>> = {},
  ) {
    super(AssentDecisionRequestEvent.eventName, { bubbles: true, composed: true });
  }
}

/** An element asks to open or close the preference center. */
export class AssentPreferencesRequestEvent extends Event {
  static readonly eventName = 'assent-preferences-request';
  constructor(readonly open: boolean) {
    super(AssentPreferencesRequestEvent.eventName, { bubbles: true, composed: true });
  }
}

/** An `<assent-consent>` element's configuration is complete or changed: read it again. */
export class AssentConfigureRequestEvent extends Event {
  static readonly eventName = 'assent-configure-request';
  constructor() {
    super(AssentConfigureRequestEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'assent-decision-request': AssentDecisionRequestEvent;
    'assent-preferences-request': AssentPreferencesRequestEvent;
    'assent-configure-request': AssentConfigureRequestEvent;
  }
}
