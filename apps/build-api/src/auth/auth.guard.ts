import { Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { PUBLIC_ROUTE } from '@kiln/service-kit';
import { ApiError } from '../http/api-error.js';
import { allows, TokenStore, type Principal, type Role } from './token-store.js';

/** Marks a route that authenticates by other means (webhooks by their secret, health probes). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

const NEEDED: Record<string, Role> = {
  GET: 'view',
  HEAD: 'view',
  POST: 'edit',
  PUT: 'edit',
  PATCH: 'edit',
  DELETE: 'edit',
};

/** Bearer token → principal; the request's namespace and method decide what it may do. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly tokens: TokenStore,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (
      this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [
        context.getHandler(),
        context.getClass(),
      ])
    ) {
      return true;
    }
    const request = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const header = request.headers.authorization ?? '';
    const principal = header.startsWith('Bearer ')
      ? this.tokens.authenticate(header.slice(7).trim())
      : undefined;
    if (!principal) {
      throw new ApiError('Unauthorized', 'Unauthorized');
    }
    const ns = request.params.ns;
    const namespace = typeof ns === 'string' ? ns : undefined;
    const needed = NEEDED[request.method] ?? 'admin';
    if (!allows(principal, namespace, needed)) {
      const where = namespace ? `in the namespace "${namespace}"` : 'at the cluster scope';
      throw new ApiError(
        'Forbidden',
        `User "${principal.name}" cannot ${request.method.toLowerCase()} ${where}`,
      );
    }
    request.principal = principal;
    return true;
  }
}
