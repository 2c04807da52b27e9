/**
 * The opt-out link's English text, on its own so that `<assent-opt-out-link>` (in the main
 * script) does not pull in every English text; `en.doNotSell` is the same string.
 */
export const DO_NOT_SELL = 'Do Not Sell or Share My Personal Information';
