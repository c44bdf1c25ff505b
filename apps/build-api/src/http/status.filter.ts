import {
  Catch,
  HttpException,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiError } from './api-error.js';

/** Every failure leaves the API as a Kubernetes Status; unexpected ones without internals. */
@Catch()
export class StatusFilter implements ExceptionFilter {
  private readonly logger = new Logger('api');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) {
      response.end();
      return;
    }
    const error = toApiError(exception);
    // An upload refused part-way: close rather than read the rest of it to reuse the connection.
    if (!host.switchToHttp().getRequest<Request>().complete) {
      response.setHeader('Connection', 'close');
    }
    if (error.code >= 500) {
      this.logger.error(`request failed: ${(exception as Error).message}`);
    }
    response.status(error.code).json(error.toStatus());
  }
}

function toApiError(exception: unknown): ApiError {
  if (exception instanceof ApiError) {
    return exception;
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (status === 404) {
      return new ApiError('NotFound', 'the server could not find the requested resource');
    }
    if (status === 413) {
      return new ApiError('RequestEntityTooLarge', 'the request body is too large');
    }
    return new ApiError(status < 500 ? 'BadRequest' : 'InternalError', exception.message);
  }
  const type = (exception as { type?: string }).type;
  if (type === 'entity.too.large') {
    return new ApiError('RequestEntityTooLarge', 'the request body is too large');
  }
  if (type === 'entity.parse.failed') {
    return new ApiError(
      'BadRequest',
      `the request body is not valid JSON: ${(exception as Error).message}`,
    );
  }
  const code = (exception as { code?: string }).code;
  // Connection-level database failures: the client should retry, nothing was written.
  if (
    code === 'ECONNREFUSED' ||
    code === '57P01' ||
    code === '57P03' ||
    /terminat|connect/i.test((exception as Error).message ?? '')
  ) {
    return new ApiError('ServiceUnavailable', 'the database is not reachable; retry shortly');
  }
  return new ApiError('InternalError', 'an internal error occurred');
}
