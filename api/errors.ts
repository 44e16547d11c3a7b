// The one place domain and request errors become HTTP: `{ error: { code, message, details? } }`
// with the right 4xx. Anything unexpected is a 500 with no internals leaked.
import { dataException } from '../db/unique-violation.ts';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError, type DomainErrorCode } from '../domain/errors.ts';

const DOMAIN_STATUS: Record<DomainErrorCode, number> = {
  not_found: 404,
  conflict: 409,
  invalid_transition: 409,
  invalid_input: 400,
  forbidden: 403,
};

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export function errorBody(code: string, message: string, details?: unknown) {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

export function handleError(err: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (err instanceof ApiError) {
    return reply.status(err.status).send(errorBody(err.code, err.message, err.details));
  }
  if (err instanceof DomainError) {
    return reply.status(DOMAIN_STATUS[err.code]).send(errorBody(err.code, err.message, err.details));
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const details = err.validation.map((v) => ({
      path: v.instancePath || '/',
      message: v.message,
    }));
    return reply.status(400).send(errorBody('validation_failed', 'The request is invalid.', details));
  }
  // A value Postgres refuses (a year 0 date, a NUL byte) is the caller's bad input, not our 500.
  const refused = dataException(err);
  if (refused)
    return reply.status(400).send(errorBody('validation_failed', `The request is invalid: ${refused}.`));
  const status = (err as FastifyError).statusCode;
  if (status && status >= 400 && status < 500) {
    const code = (err as FastifyError).code?.replace(/^FST_ERR_/, '').toLowerCase() ?? 'bad_request';
    return reply.status(status).send(errorBody(code, err.message));
  }
  request.log.error({ err }, 'unhandled error');
  return reply.status(500).send(errorBody('internal', 'Something went wrong on our side.'));
}
