import { css, html, LitElement } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { signIn } from './admin-api.js';
import { SignedInEvent } from './events.js';
import { shared } from './styles.js';

/**
 * @summary Sign-in with the endpoint's admin token. The token goes once, in a POST body, to be
 * exchanged for a session cookie; it is never kept, in the page or anywhere else.
 * @fires assent-signed-in - the session started
 */
export class AssentSignIn extends LitElement {
  static override styles = [
    shared,
    css`
      form {
        display: grid;
        gap: 0.75rem;
        max-width: 28rem;
        border: 1px solid var(--line);
        border-radius: 8px;
        padding: 1.25rem;
        background: var(--panel);
      }
      label {
        display: grid;
        gap: 0.3rem;
        font-weight: 600;
      }
      input {
        background: var(--paper);
      }
      p {
        margin: 0;
      }
    `,
  ];

  /** Why the shop owner is asked to sign in again, if they were signed in before. */
  @property() notice = '';

  @state() private problem = '';
  @state() private busy = false;

  @query('input') private tokenInput!: HTMLInputElement;

  override render() {
    return html`<form method="post" @submit=${this.onSubmit} aria-labelledby="sign-in">
      <h2 id="sign-in">Sign in</h2>
      ${this.notice ? html`<p>${this.notice}</p>` : null}
      <label
        >Admin token
        <input type="password" name="token" autocomplete="current-password" required spellcheck="false" aria-describedby="token-help ${this.problem ? 'problem' : ''}" />
      </label>
      <p id="token-help" class="muted">The endpoint's ASSENT_ADMIN_TOKEN. You stay signed in for 8 hours, or until you sign out.</p>
      ${this.problem ? html`<p id="problem" class="error" role="alert">${this.problem}</p>` : null}
      <div><button type="submit" class="primary" ?disabled=${this.busy}>Sign in</button></div>
    </form>`;
  }

  private async onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const token = this.tokenInput.value;
    if (!token) {
      this.problem = 'Enter the admin token.';
      return;
    }
    this.busy = true;
    try {
      const expiresAt = await signIn(token);
      this.tokenInput.value = '';
      this.problem = '';
      this.dispatchEvent(new SignedInEvent(expiresAt));
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
      this.tokenInput.select();
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'assent-sign-in': AssentSignIn;
  }
}
