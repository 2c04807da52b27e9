import { ContextProvider } from '@lit/context';
import { receiptContext, type ReadReceipt } from './receipt-context.js';

/** Provides how the endpoint's receipt is read from `host`, to every `<assent-cookie-table>` below it. */
export function provideReceipt(host: HTMLElement, read: ReadReceipt): void {
  new ContextProvider(host, { context: receiptContext, initialValue: read });
}
