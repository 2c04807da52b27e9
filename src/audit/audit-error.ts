/** The page could not be audited (exit code 2): no browser, a page that does not load. */
export class AuditError extends Error {}
