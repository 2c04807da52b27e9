import { createContext } from '@lit/context';
import type { DeliveredRecord } from '../core/endpoint.js';

/** Reads the latest record the endpoint confirmed, with its receipt (`window.assent.receipt()`). */
export type ReadReceipt = () => Promise<DeliveredRecord | null>;

/**
 * How `<assent-cookie-table>` reads the receipt; provided by the part that defines it. A module of
 * its own, so that the other parts do not carry it.
 */
export const receiptContext = createContext<ReadReceipt | undefined>(Symbol.for('assent.receipt'));
