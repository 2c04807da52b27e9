import { css, html, LitElement } from 'lit';
import { property, state } from 'lit/decorators.js';
import { sessionExpiry, signOut } from './admin-api.js';
import type { SignedInEvent } from './events.js';
import { formatTime } from './format.js';
import { shared, tokens } from './styles.js';

type Theme = 'auto' | 'light' | 'dark';
type Session = { state: 'checking' } | { state: 'signed-out'; notice: string } | { state: 'signed-in'; expiresAt: string };

/**
 * @summary The dashboard page: sign-in, then consent insights and the data-rights desk. It owns the
 * session (which lives in an HttpOnly cookie the page never reads) and the light or dark theme.
 */
export class AssentDashboard extends LitElement {
  static override styles = [
    tokens,
    shared,
    css`
      :host {
        min-height: 100vh;
        background: var(--paper);
        color: var(--ink);
        font: 15px/1.5 system-ui, sans-serif;
      }
      header {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 0.75rem;
        padding: 0.75rem 1.5rem;
        border-block-end: 1px solid var(--line);
        background: var(--panel);
      }
      h1 {
        font-size: 1.3rem;
        margin: 0;
      }
      .session {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.75rem;
      }
      main {
        display: grid;
        gap: 2rem;
        padding: 1.5rem;
        max-width: 80rem;
      }
      label {
        display: flex;
        align-items: center;
        gap: 0.4rem;
      }
    `,
  ];

  /** `light` or `dark` to override the system's colour scheme; `auto` follows it. */
  @property({ reflect: true }) theme: Theme = 'auto';

  @state() private session: Session = { state: 'checking' };

  override connectedCallback() {
    super.connectedCallback();
    this.addEventListener('assent-session-ended', this.onSessionEnded);
    void this.checkSession();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.removeEventListener('assent-session-ended', this.onSessionEnded);
  }

  protected override updated(changed: Map<string, unknown>) {
    // The page's own canvas and scroll bars follow the chosen scheme too.
    if (changed.has('theme')) document.documentElement.style.colorScheme = this.theme === 'auto' ? '' : this.theme;
  }

  override render() {
    return html`<header>
        <h1>Consent insights</h1>
        <div class="session">
          <label
            >Theme
            <select @change=${this.onTheme}>
              ${(['auto', 'light', 'dark'] as const).map((theme) => html`<option value=${theme} ?selected=${this.theme === theme}>${theme === 'auto' ? 'System' : theme === 'light' ? 'Light' : 'Dark'}</option>`)}
            </select>
          </label>
          ${this.session.state === 'signed-in'
            ? html`<span class="muted">Signed in until ${formatTime(this.session.expiresAt)}</span>
                <button type="button" @click=${this.onSignOut}>Sign out</button>`
            : null}
        </div>
      </header>
      <main>${this.renderMain()}</main>`;
  }

  private renderMain() {
    switch (this.session.state) {
      case 'checking':
        return html`<p class="muted">Loading…</p>`;
      case 'signed-out':
        return html`<assent-sign-in .notice=${this.session.notice} @assent-signed-in=${this.onSignedIn}></assent-sign-in>`;
      case 'signed-in':
        return html`<assent-insights></assent-insights><assent-rights-desk></assent-rights-desk>`;
    }
  }

  private async checkSession() {
    try {
      const expiresAt = await sessionExpiry();
      this.session = expiresAt ? { state: 'signed-in', expiresAt } : { state: 'signed-out', notice: '' };
    } catch (error) {
      this.session = { state: 'signed-out', notice: error instanceof Error ? error.message : String(error) };
    }
  }

  private onSignedIn(event: SignedInEvent) {
    this.session = { state: 'signed-in', expiresAt: event.expiresAt };
  }

  private readonly onSessionEnded = () => {
    this.session = { state: 'signed-out', notice: 'Your session has ended. Sign in again to go on.' };
  };

  private async onSignOut() {
    try {
      await signOut();
      this.session = { state: 'signed-out', notice: 'You are signed out.' };
    } catch (error) {
      this.session = { state: 'signed-out', notice: `Signing out failed: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  private onTheme(event: Event) {
    this.theme = (event.target as HTMLSelectElement).value as Theme;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'assent-dashboard': AssentDashboard;
  }
}
