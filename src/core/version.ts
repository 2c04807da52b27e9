/** Assent's version, sent with every consent record as `client` (a unit test keeps it equal to package.json's). */
export const VERSION = '0.2.0';
