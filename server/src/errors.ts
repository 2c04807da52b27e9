// Every error the endpoint answers is one JSON shape: { error, field, message }.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { MAX_BODY_BYTES, PATTERN_HINTS } from './schema.js';

export interface ErrorBody {
  /** Short, stable kind of error: "invalid record", "record too large", "unauthorized", … */
  error: string;
  /** The offending field as a dotted path (`decisions.analytics`), or null when no single field is at fault. */
  field: string | null;
  message: string;
}

/** The part of an Ajv error that Fastify hands over in `error.validation`. */
interface ValidationIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
  /** Set when a key of an object (a category name in `decisions`) broke a `propertyNames` rule. */
  propertyName?: string;
}

export function sendError(reply: FastifyReply, statusCode: number, body: ErrorBody): FastifyReply {
  return reply.code(statusCode).type('application/json; charset=utf-8').send(body);
}

/** Fastify's error handler: validation and body errors become 4xx JSON, anything else a bare 500. */
export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error.validation && error.validation.length > 0) {
    const context = error.validationContext ?? 'request';
    // The consent record is the body everyone meets; the admin routes' bodies are requests.
    const kind = context === 'body' ? (request.routeOptions.url === '/api/consent' ? 'invalid record' : 'invalid body') : `invalid ${context}`;
    return sendError(reply, 400, { error: kind, ...describeIssue(error.validation[0] as ValidationIssue) });
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return sendError(reply, 413, { error: 'record too large', field: null, message: `The body is over ${MAX_BODY_BYTES} bytes.` });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return sendError(reply, 415, { error: 'unsupported media type', field: null, message: 'Send the record as application/json.' });
  }
  const statusCode = error.statusCode ?? 500;
  if (statusCode === 429) {
    return sendError(reply, 429, { error: 'rate limited', field: null, message: error.message });
  }
  if (statusCode >= 400 && statusCode < 500) {
    // Malformed JSON, an empty body, a poisoned prototype: the client's mistake, told as such.
    return sendError(reply, statusCode, { error: 'bad request', field: null, message: error.message });
  }
  request.log.error({ err: error }, 'request failed');
  return sendError(reply, 500, { error: 'internal error', field: null, message: 'The request could not be processed; try again later.' });
}

/** Turn the first schema violation into the field it concerns and a sentence about it. */
export function describeIssue(issue: ValidationIssue): { field: string | null; message: string } {
  const path = issue.instancePath.split('/').slice(1).map(unescapePointer);
  const top = path[0] ?? '';
  const named = (name: unknown) => [...path, String(name)].join('.');
  if (issue.propertyName !== undefined || issue.keyword === 'propertyNames') {
    const field = named(issue.propertyName ?? issue.params['propertyName']);
    return { field, message: issue.keyword === 'pattern' ? (PATTERN_HINTS[top] ?? 'is not an allowed name') : `name ${issue.message ?? 'is invalid'}` };
  }
  switch (issue.keyword) {
    case 'additionalProperties':
      return { field: named(issue.params['additionalProperty']), message: 'is not a known field' };
    case 'required':
      return { field: named(issue.params['missingProperty']), message: 'is required' };
    case 'pattern':
      return { field: path.join('.'), message: PATTERN_HINTS[top] ?? issue.message ?? 'is invalid' };
    case 'format':
      return { field: path.join('.'), message: FORMAT_HINTS[String(issue.params['format'])] ?? issue.message ?? 'is invalid' };
  }
  return { field: path.length > 0 ? path.join('.') : null, message: issue.message ?? 'is invalid' };
}

const FORMAT_HINTS: Readonly<Record<string, string>> = {
  'date-time': 'must be an ISO 8601 date-time with a time zone, such as 2026-11-28T12:00:00.000Z',
};

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}
