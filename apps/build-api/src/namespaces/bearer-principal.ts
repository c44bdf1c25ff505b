import { TokenStore, type Principal } from '../auth/token-store.js';
import { ApiError } from '../http/api-error.js';

/** The principal of an `Authorization: Bearer …` header, or a 401 as the global guard answers. */
export function bearerPrincipal(tokens: TokenStore, header: string | undefined): Principal {
  const value = header ?? '';
  const principal = value.startsWith('Bearer ')
    ? tokens.authenticate(value.slice(7).trim())
    : undefined;
  if (!principal) {
    throw new ApiError('Unauthorized', 'Unauthorized');
  }
  return principal;
}
