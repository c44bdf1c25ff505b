import { Controller, Get, Req } from '@nestjs/common';
import type { Request } from 'express';
import type { Principal } from './auth/token-store.js';

/** `oc whoami` asks this endpoint who the token belongs to. */
@Controller('apis/user.openshift.io/v1/users')
export class UsersController {
  @Get('~')
  me(@Req() request: Request & { principal?: Principal }) {
    return {
      kind: 'User',
      apiVersion: 'user.openshift.io/v1',
      metadata: { name: request.principal?.name ?? '' },
      groups: [request.principal?.role ?? ''],
    };
  }
}
