import { Body, Controller, Get, Param, Patch, Put, Query, Res } from '@nestjs/common';
import type { BuildPhase } from '@kiln/build-types';
import type { Response } from 'express';
import { ApiError } from '../http/api-error.js';
import { singleObject } from '../http/body.js';
import { listOf, parseLabelSelector, parseLimit } from '../http/list-query.js';
import { BuildLogReader } from '../logs/build-log.reader.js';
import { BuildsService } from './builds.service.js';

const API = 'build.openshift.io/v1';

/** `status.phase=Running` or `status.phase!=Complete`: the field selectors `oc get builds` uses. */
function phaseSelector(selector: string | undefined): BuildPhase[] | undefined {
  if (!selector) {
    return undefined;
  }
  const all: BuildPhase[] = [
    'New',
    'Pending',
    'Running',
    'Complete',
    'Failed',
    'Error',
    'Cancelled',
  ];
  const match = /^status\.phase\s*(==?|!=)\s*([A-Za-z]+)$/.exec(selector.trim());
  if (!match?.[2] || !all.includes(match[2] as BuildPhase)) {
    throw new ApiError(
      'BadRequest',
      `"${selector}" is not a supported field selector: only status.phase=PHASE and status.phase!=PHASE`,
    );
  }
  return match[1] === '!=' ? all.filter((p) => p !== match[2]) : [match[2] as BuildPhase];
}

@Controller('apis/build.openshift.io/v1/namespaces/:ns/builds')
export class BuildsController {
  constructor(
    private readonly service: BuildsService,
    private readonly logs: BuildLogReader,
  ) {}

  @Get()
  async list(
    @Param('ns') ns: string,
    @Query('labelSelector') labels?: string,
    @Query('fieldSelector') fields?: string,
    @Query('limit') limit?: string,
    @Query('continue') after?: string,
  ) {
    const max = parseLimit(limit);
    const items = await this.service.list(ns, {
      labels: parseLabelSelector(labels),
      phases: phaseSelector(fields),
      limit: max === undefined ? undefined : max + 1,
      after,
    });
    const page = max === undefined ? items : items.slice(0, max);
    const next =
      max !== undefined && items.length > max
        ? (page[page.length - 1]?.metadata.name ?? undefined)
        : undefined;
    return listOf('BuildList', API, page, '', next);
  }

  @Get(':name')
  get(@Param('ns') ns: string, @Param('name') name: string) {
    return this.service.get(ns, name);
  }

  /** OpenShift cancels a build by updating it with `status.cancelled: true`. */
  @Put(':name')
  replace(@Param('ns') ns: string, @Param('name') name: string, @Body() body: unknown) {
    return this.cancelIfAsked(ns, name, body);
  }

  @Patch(':name')
  patch(@Param('ns') ns: string, @Param('name') name: string, @Body() body: unknown) {
    return this.cancelIfAsked(ns, name, body);
  }

  private async cancelIfAsked(ns: string, name: string, body: unknown) {
    const object = singleObject(body) as { status?: { cancelled?: boolean } };
    if (object.status?.cancelled === true) {
      return this.service.cancel(ns, name);
    }
    throw new ApiError(
      'BadRequest',
      'only cancelling a build (status.cancelled: true) is supported on an existing build',
    );
  }

  @Get(':name/log')
  async log(
    @Param('ns') ns: string,
    @Param('name') name: string,
    @Res() response: Response,
    @Query('follow') follow?: string,
    @Query('tailLines') tail?: string,
  ) {
    await this.service.get(ns, name);
    response.status(200).type('text/plain');
    await this.logs.stream(
      ns,
      name,
      { follow: follow === 'true', tailLines: tail ? Number(tail) : undefined },
      (line) => response.write(`${line}\n`),
    );
    response.end();
  }
}
