import type { FieldError, Status } from '@kiln/build-types';

/** Kubernetes' reasons for failed API calls, as they appear in a Status. */
export type ApiStatusReason =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'Expired'
  | 'RequestEntityTooLarge'
  | 'UnsupportedMediaType'
  | 'ServiceUnavailable'
  | 'InternalError';

const CODES: Record<ApiStatusReason, number> = {
  BadRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  AlreadyExists: 409,
  Conflict: 409,
  Invalid: 422,
  // A watch or continue from a resourceVersion whose history was pruned.
  Expired: 410,
  RequestEntityTooLarge: 413,
  UnsupportedMediaType: 415,
  ServiceUnavailable: 503,
  InternalError: 500,
};

/** An API failure that renders as a Kubernetes Status object. */
export class ApiError extends Error {
  constructor(
    readonly reason: ApiStatusReason,
    message: string,
    readonly details?: { name?: string; kind?: string; group?: string; causes?: FieldError[] },
  ) {
    super(message);
  }

  get code(): number {
    return CODES[this.reason];
  }

  toStatus(): Status {
    const { causes, ...rest } = this.details ?? {};
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      code: this.code,
      ...(this.details
        ? {
            details: {
              ...rest,
              ...(causes
                ? {
                    causes: causes.map((c) => ({
                      reason: 'FieldValueInvalid',
                      field: c.field,
                      message: c.message,
                    })),
                  }
                : {}),
            },
          }
        : {}),
    };
  }

  static notFound(kind: string, name: string, group = 'build.openshift.io'): ApiError {
    return new ApiError('NotFound', `${kind.toLowerCase()}s.${group} "${name}" not found`, {
      name,
      group,
      kind: `${kind.toLowerCase()}s`,
    });
  }

  static invalid(kind: string, name: string, causes: FieldError[]): ApiError {
    const summary = causes.map((c) => `${c.field}: ${c.message}`).join(', ');
    return new ApiError('Invalid', `${kind} "${name}" is invalid: ${summary}`, {
      name,
      kind,
      causes,
    });
  }
}
