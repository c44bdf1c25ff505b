import { buildRequestSchema, parseDocuments, type EnvVar } from '@kiln/build-types';
import { z } from 'zod';
import { configRef, gitRefMatches } from './git-ref.js';
import { gitRevision, skip, type WebhookOutcome, type WebhookParser } from './webhook-outcome.js';
import { mediaType, parseJson } from './webhook-request.js';

const user = z.looseObject({ name: z.string().nullish(), email: z.string().nullish() }).nullish();
const revisionFields = {
  commit: z.string().nullish(),
  author: user,
  committer: user,
  message: z.string().nullish(),
};

/** OpenShift's GenericWebHookEvent; every part optional. */
const genericEventSchema = z.looseObject({
  type: z.string().nullish(),
  git: z
    .looseObject({
      uri: z.string().nullish(),
      ref: z.string().nullish(),
      ...revisionFields,
      refs: z.array(z.looseObject({ ref: z.string(), ...revisionFields })).nullish(),
    })
    .nullish(),
  env: z.array(z.looseObject({ name: z.string(), value: z.string().nullish() })).nullish(),
  dockerStrategyOptions: buildRequestSchema.shape.dockerStrategyOptions,
});
type GenericEvent = z.infer<typeof genericEventSchema>;

const YAML_TYPES = new Set(['application/yaml', 'application/x-yaml', 'text/yaml']);
const IGNORED = 'ignoring payload and continuing with build';

function readEvent(type: string, body: Buffer): GenericEvent | undefined {
  let value: unknown;
  if (type === 'application/json') {
    const json = parseJson(body);
    value = json.ok ? json.value : undefined;
  } else {
    const parsed = parseDocuments(body.toString('utf8'));
    value = parsed.ok && parsed.objects.length === 1 ? parsed.objects[0] : undefined;
  }
  const event = genericEventSchema.safeParse(value);
  return event.success ? event.data : undefined;
}

/**
 * Generic: any client, any body, and lenient as upstream: a body it cannot use still builds, with
 * a warning. `env` counts only when the trigger allows it, and then only plain values (a
 * `valueFrom` could read the namespace's Secrets into the build).
 */
export const parseGeneric: WebhookParser = ({ headers, body }, config, trigger) => {
  const type = mediaType(headers);
  if (!type || (type !== 'application/json' && !YAML_TYPES.has(type))) {
    return { action: 'build', warning: `invalid Content-Type on payload, ${IGNORED}` };
  }
  if (body.length === 0) {
    return { action: 'build' };
  }
  const event = readEvent(type, body);
  if (!event) {
    return { action: 'build', warning: `the payload could not be parsed, ${IGNORED}` };
  }
  const extras = {
    ...(trigger.allowEnv && event.env?.length
      ? {
          env: event.env
            .filter((e) => e.valueFrom === undefined || e.valueFrom === null)
            .map((e): EnvVar => ({ name: e.name, value: e.value ?? '' })),
        }
      : {}),
    ...(event.dockerStrategyOptions ? { dockerStrategyOptions: event.dockerStrategyOptions } : {}),
  };
  return withGit(event, config, extras);
};

function withGit(
  event: GenericEvent,
  config: Parameters<WebhookParser>[1],
  extras: Omit<Extract<WebhookOutcome, { action: 'build' }>, 'action'>,
): WebhookOutcome {
  if (!config.spec?.source?.git) {
    return { action: 'build', ...extras };
  }
  const git = event.git;
  if (!git) {
    return {
      action: 'build',
      ...extras,
      warning: 'no git information found in payload, ignoring and continuing with build',
    };
  }
  if (git.refs) {
    const match = git.refs.find((r) => gitRefMatches(r.ref, config));
    return match
      ? { action: 'build', ...extras, revision: gitRevision(match) }
      : skip(`skipping build. None of the supplied refs matched "${configRef(config)}"`);
  }
  if (!gitRefMatches(git.ref ?? '', config)) {
    return skip(
      `skipping build. Branch reference from "${git.ref ?? ''}" does not match configuration`,
    );
  }
  return { action: 'build', ...extras, revision: gitRevision(git) };
}
