// Errors the domain raises, named by what went wrong rather than by HTTP status; api/errors.ts is
// the one place they become status codes.
export type DomainErrorCode = 'not_found' | 'conflict' | 'invalid_transition' | 'invalid_input' | 'forbidden';

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly details: unknown;
  constructor(code: DomainErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }
}
