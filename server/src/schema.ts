// The consent record (docs/endpoint.md), as a TypeScript type and the JSON schema Fastify validates
// every POST body against. Both describe the same thing; keep them side by side.

export const CONSENT_METHODS = ['accept-all', 'reject-all', 'custom', 'gpc', 'api', 'withdraw'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

/** A consent record as the browser sends it. */
export interface ConsentRecord {
  id: string;
  revision: number;
  timestamp: string;
  expiresAt: string;
  policyVersion: string;
  decisions: Record<string, boolean>;
  method: ConsentMethod;
  gpc?: boolean;
  language?: string;
  url?: string;
  region?: string | null;
  subject?: string | null;
  client?: string;
  /** The regime the decision was made in. */
  mode?: ConsentMode;
  /** The presentation variant the shopper saw (`variant`/`variants` attributes). */
  variant?: string;
}

export const CONSENT_MODES = ['opt-in', 'opt-out'] as const;
export type ConsentMode = (typeof CONSENT_MODES)[number];

export const MAX_BODY_BYTES = 16 * 1024;
export const MAX_DECISIONS = 64;

/** Lower-case UUID version 4 (what `crypto.randomUUID()` returns). */
export const UUID_V4_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$';
export const CATEGORY_NAME_PATTERN = '^[a-z][a-z0-9_-]*$';
/** Free text without control characters or lone surrogates (PostgreSQL refuses NUL, logs hate the rest). */
const PLAIN_TEXT_PATTERN = '^[^\\u0000-\\u001f\\u007f\\ud800-\\udfff]*$';
/** An http(s) URL of origin and path only: no credentials, no query, no fragment. */
const PAGE_URL_PATTERN = '^https?://[^/?#@\\s\\u0000-\\u001f\\u007f]+(/[^?#\\s\\u0000-\\u001f\\u007f\\ud800-\\udfff]*)?$';
const LANGUAGE_TAG_PATTERN = '^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$';
/** ISO 3166-1 alpha-2, optionally with an ISO 3166-2 subdivision: `DE`, `US-CA`. */
const REGION_PATTERN = '^[A-Z]{2}(-[A-Z0-9]{1,3})?$';
/**
 * The opaque token a shop sets for a signed-in shopper (an HMAC of its customer id, base64url):
 * at least 22 characters (128 bits of base64), at most 256, URL- and base64-safe characters only.
 */
export const SUBJECT_MIN_LENGTH = 22;
export const SUBJECT_MAX_LENGTH = 256;
export const SUBJECT_PATTERN = `^[A-Za-z0-9._~+/=-]{${SUBJECT_MIN_LENGTH},${SUBJECT_MAX_LENGTH}}$`;
/** An opaque presentation variant: 1–32 letters, digits, `.`, `_`, `-`. */
export const VARIANT_PATTERN = '^[A-Za-z0-9._-]{1,32}$';
const DATE_TIME = { type: 'string', format: 'date-time', maxLength: 64 } as const;

export const consentRecordSchema = {
  $id: 'assent/consent-record',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'revision', 'timestamp', 'expiresAt', 'policyVersion', 'decisions', 'method'],
  properties: {
    id: { type: 'string', pattern: UUID_V4_PATTERN },
    revision: { type: 'integer', minimum: 1, maximum: 2_147_483_647 },
    timestamp: DATE_TIME,
    expiresAt: DATE_TIME,
    policyVersion: { type: 'string', minLength: 1, maxLength: 256, pattern: PLAIN_TEXT_PATTERN },
    decisions: {
      type: 'object',
      maxProperties: MAX_DECISIONS,
      propertyNames: { pattern: CATEGORY_NAME_PATTERN, maxLength: 64 },
      additionalProperties: { type: 'boolean' },
    },
    method: { type: 'string', enum: CONSENT_METHODS },
    gpc: { type: 'boolean' },
    language: { type: 'string', maxLength: 35, pattern: LANGUAGE_TAG_PATTERN },
    url: { type: 'string', maxLength: 2048, pattern: PAGE_URL_PATTERN },
    region: { type: ['string', 'null'], pattern: REGION_PATTERN },
    subject: { type: ['string', 'null'], maxLength: SUBJECT_MAX_LENGTH, pattern: SUBJECT_PATTERN },
    client: { type: 'string', maxLength: 64, pattern: PLAIN_TEXT_PATTERN },
    mode: { type: 'string', enum: CONSENT_MODES },
    variant: { type: 'string', pattern: VARIANT_PATTERN },
  },
} as const;

/** Route parameters naming one browser's records: `/api/consent/:id`, `/api/verify/:id`. */
export const consentIdParamsSchema = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: UUID_V4_PATTERN } },
} as const;

/** `/api/consent/subject/:subject`. */
export const subjectParamsSchema = {
  type: 'object',
  required: ['subject'],
  properties: { subject: { type: 'string', maxLength: SUBJECT_MAX_LENGTH, pattern: SUBJECT_PATTERN } },
} as const;

/** What a failed `pattern` means, by field, for error messages a person can act on. */
export const PATTERN_HINTS: Readonly<Record<string, string>> = {
  id: 'must be a lower-case UUID v4',
  url: "must be the page's http(s) origin and path only: no query, no fragment, no credentials",
  language: 'must be a BCP 47 language tag such as en or pt-BR',
  region: 'must be an ISO 3166 code such as DE or US-CA',
  policyVersion: 'must be plain text: no control characters, no unpaired surrogates',
  subject: `must be an opaque token of ${SUBJECT_MIN_LENGTH}–${SUBJECT_MAX_LENGTH} characters from A–Z a–z 0–9 . _ ~ + / = - (an HMAC of the customer id, base64url)`,
  client: 'must be plain text: no control characters, no unpaired surrogates',
  variant: 'must be 1–32 letters, digits, dots, underscores or hyphens',
  decisions: `category names must match ${CATEGORY_NAME_PATTERN}`,
};
