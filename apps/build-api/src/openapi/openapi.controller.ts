import { Controller, Get, Header } from '@nestjs/common';
import { Public } from '../auth/auth.guard.js';
import { openApiDocument } from './openapi.document.js';
import { openApiPage } from './openapi.page.js';

/** The API's description: public, as it holds no data. */
@Public()
@Controller('openapi')
export class OpenApiController {
  private document?: ReturnType<typeof openApiDocument>;
  private page?: string;

  @Get('v3')
  @Header('Cache-Control', 'public, max-age=300')
  v3() {
    return (this.document ??= openApiDocument());
  }

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  html(): string {
    return (this.page ??= openApiPage());
  }
}
