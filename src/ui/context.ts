import { createContext } from '@lit/context';
import type { ConsentSnapshot } from '../core/consent.js';

/** The manager's snapshot, shared with every Assent element on the page. */
export const snapshotContext = createContext<ConsentSnapshot>(Symbol.for('assent.snapshot'));
