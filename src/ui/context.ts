import { createContext } from '@lit/context';
import type { ConsentSnapshot } from '../core/consent.js';
import type { Texts } from './i18n/texts.js';

/** The manager's snapshot, shared with every Assent element on the page. */
export const snapshotContext = createContext<ConsentSnapshot>(Symbol.for('assent.snapshot'));

/** The UI's language and texts; absent until the page's language file is loaded. */
export const textsContext = createContext<Texts | undefined>(Symbol.for('assent.texts'));
