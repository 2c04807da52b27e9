import { consume } from '@lit/context';
import { LitElement, css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { ConsentSnapshot } from '../core/consent.js';
import { snapshotContext, textsContext } from './context.js';
import { AssentDecisionRequestEvent } from './events.js';
import { categoryText } from './i18n/category-text.js';
import type { Texts } from './i18n/texts.js';
import { choiceButtons, tokens } from './styles.js';

/**
 * @tag assent-embed
 * @summary Stands in a held-back iframe's place, with the same box, until the shopper allows
 * its categories: it names the content and offers "Allow {category} and load".
 *
 * @attr categories - The categories the iframe needs, space-separated.
 * @attr frame-title - The iframe's `title`.
 *
 * @csspart embed - The placeholder's box.
 * @csspart button - The "Allow … and load" button.
 *
 * @cssprop --assent-embed-width - Width when the iframe gave none (`width` attribute), default `300px`.
 * @cssprop --assent-embed-height - Height when the iframe gave none (`height` attribute), default `150px`.
 *
 * @fires assent-decision-request - The shopper allowed the categories.
 */
export class AssentEmbed extends LitElement {
  static override styles = [
    tokens,
    choiceButtons,
    css`
      :host {
        display: inline-block;
      }
      .embed {
        display: grid;
        place-content: center;
        gap: calc(var(--_space) / 2);
        box-sizing: border-box;
        height: 100%;
        padding: var(--_space);
        text-align: center;
        border: 1px solid var(--_border);
        border-radius: inherit;
      }
      p {
        margin: 0;
      }
      .title {
        font-weight: 600;
      }
    `,
  ];

  /** The categories the iframe needs, space-separated. */
  @property()
  categories = '';

  /** The iframe's title, which names the content. */
  @property({ attribute: 'frame-title' })
  frameTitle = '';

  @consume({ context: snapshotContext, subscribe: true })
  @state()
  private snapshot?: ConsentSnapshot;

  @consume({ context: textsContext, subscribe: true })
  @state()
  private texts?: Texts;

  override render() {
    const { snapshot, texts } = this;
    if (!snapshot?.ready || !texts) return nothing;
    const { messages } = texts;
    const labels = this.labels(snapshot, texts);
    return html`
      <div class="embed surface" part="embed" role="group" aria-label=${this.frameTitle || messages.embedLabel} lang=${texts.lang} dir=${texts.dir} data-theme=${snapshot.config.theme}>
        ${this.frameTitle ? html`<p class="title">${this.frameTitle}</p>` : nothing}
        <p>${messages.embedNotice.replace('{categories}', () => labels)}</p>
        <p><button class="choice" part="button" type="button" @click=${this.onAllow}>${messages.embedAllow.replace('{categories}', () => labels)}</button></p>
      </div>
    `;
  }

  private names(): string[] {
    return this.categories.split(/\s+/).filter(Boolean);
  }

  /** The categories' shown labels as one phrase: "Marketing", "Analytics and Marketing". */
  private labels({ config }: ConsentSnapshot, { lang, messages }: Texts): string {
    const labels = this.names().map((name) => {
      const category = config.categories.find((candidate) => candidate.name === name);
      return category ? categoryText(category, messages).label : name;
    });
    return new Intl.ListFormat(lang, { type: 'conjunction' }).format(labels);
  }

  private onAllow() {
    this.dispatchEvent(new AssentDecisionRequestEvent('custom', Object.fromEntries(this.names().map((name) => [name, true]))));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'assent-embed': AssentEmbed;
  }
}
