import { RpcErrorReply, type RpcError } from '@kiln/events';
import { ApiError } from '../http/api-error.js';
import { allows, type Role, type TokenStore } from '../auth/token-store.js';

/** The Status of an ApiError, as the NATS API answers it: code, reason, message, causes. */
export function toRpcError(error: ApiError): RpcError {
  const status = error.toStatus();
  const causes = status.details?.causes?.map((c) => ({
    field: c.field ?? '',
    message: c.message ?? '',
  }));
  return {
    code: error.code,
    reason: error.reason,
    message: error.message,
    ...(causes ? { causes } : {}),
  };
}

/** Runs a call of the NATS API, answering an ApiError as the REST API would have. */
export async function asRpc<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw error instanceof ApiError ? new RpcErrorReply(toRpcError(error)) : error;
  }
}

/**
 * The REST API's AuthGuard, for a token carried in the request: the same principals, roles and
 * messages (`verb` is the HTTP method of the equivalent REST call).
 */
export function authorize(
  tokens: TokenStore,
  call: { token: string; namespace: string },
  needed: Role,
  verb: 'get' | 'post' | 'put' | 'delete',
): void {
  const principal = tokens.authenticate(call.token);
  if (!principal) {
    throw new ApiError('Unauthorized', 'Unauthorized');
  }
  if (!allows(principal, call.namespace, needed)) {
    throw new ApiError(
      'Forbidden',
      `User "${principal.name}" cannot ${verb} in the namespace "${call.namespace}"`,
    );
  }
}
