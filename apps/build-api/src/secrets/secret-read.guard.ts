import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { allows, type Principal } from '../auth/token-store.js';
import { ApiError } from '../http/api-error.js';

/**
 * Reading Secrets needs the edit role, as with Kubernetes' `view` ClusterRole, which grants no
 * access to Secrets at all: a list carries the values too, so `view` may neither get nor list.
 * Runs after the global AuthGuard, which has already authenticated the request.
 */
@Injectable()
export class SecretReadGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const namespace = String(request.params.ns ?? '');
    if (request.principal && allows(request.principal, namespace, 'edit')) {
      return true;
    }
    const name = request.params.name;
    const verb = request.method === 'GET' ? (name ? 'get' : 'list') : request.method.toLowerCase();
    throw new ApiError(
      'Forbidden',
      `secrets${name ? ` "${String(name)}"` : ''} is forbidden: User "${request.principal?.name ?? ''}" cannot ${verb} resource "secrets" in API group "" in the namespace "${namespace}"`,
      { kind: 'secrets', ...(name ? { name: String(name) } : {}) },
    );
  }
}
