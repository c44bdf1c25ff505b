import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { allows, type Principal } from '../auth/token-store.js';
import { ApiError } from '../http/api-error.js';

/**
 * Namespaces are cluster-scoped: only an admin token for every namespace (`*`) creates or deletes
 * one. Runs after the global AuthGuard, which has authenticated the request.
 */
@Injectable()
export class NamespaceAdminGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    if (request.principal && allows(request.principal, undefined, 'admin')) {
      return true;
    }
    const name = request.params.ns;
    throw new ApiError(
      'Forbidden',
      `namespaces${name ? ` "${String(name)}"` : ''} is forbidden: User "${request.principal?.name ?? ''}" cannot ${request.method === 'POST' ? 'create' : 'delete'} resource "namespaces" in API group "" at the cluster scope`,
      { kind: 'namespaces', ...(name ? { name: String(name) } : {}) },
    );
  }
}
