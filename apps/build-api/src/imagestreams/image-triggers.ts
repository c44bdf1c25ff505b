import {
  inputImageOf,
  type BuildConfig,
  type BuildRequest,
  type BuildTriggerCause,
  type ImageChangeTriggerStatus,
} from '@kiln/build-types';
import { hasBinarySource, hasUnsupportedStrategy, isPaused } from '../buildconfigs/start-guards.js';
import type { UsedImage } from './resolve-references.js';
import { parseStreamTag, sameTag, type TagKey } from './tag-names.js';

/** One ImageChange trigger and the tag it watches. */
export type WatchedTrigger = { key: TagKey; paused: boolean };

/** The image a tag points at now (a pull spec by digest), if any. */
export type CurrentImage = (key: TagKey) => string | undefined;

const fromRefOf = (key: TagKey) => ({
  kind: 'ImageStreamTag',
  namespace: key.namespace,
  name: `${key.stream}:${key.tag}`,
});

/**
 * The ImageChange triggers of a BuildConfig, each with the tag it watches: its own `from`, or
 * the strategy's when it has none. Triggers on anything but an ImageStreamTag watch nothing.
 * Two triggers on one tag count once (validation forbids it anyway).
 */
export function imageTriggersOf(config: BuildConfig): WatchedTrigger[] {
  const namespace = config.metadata.namespace ?? '';
  const watched: WatchedTrigger[] = [];
  for (const trigger of config.spec.triggers ?? []) {
    if (trigger.type !== 'ImageChange') {
      continue;
    }
    const from = trigger.imageChange?.from ?? inputImageOf(config.spec.strategy);
    const parsed =
      (from?.kind ?? 'ImageStreamTag') === 'ImageStreamTag'
        ? parseStreamTag(from?.name ?? '')
        : undefined;
    if (!from || !parsed) {
      continue;
    }
    const key = { namespace: from.namespace || namespace, ...parsed };
    if (!watched.some((w) => sameTag(w.key, key))) {
      watched.push({ key, paused: trigger.imageChange?.paused === true });
    }
  }
  return watched;
}

/**
 * Whether an image change may start a build of the BuildConfig: not when it is paused, builds
 * from an upload (a build without one could never run), or is a JenkinsPipeline config (its
 * builds would only fail as unsupported, once per image).
 */
export function imageChangeMayStart(config: BuildConfig): boolean {
  return !isPaused(config) && !hasBinarySource(config) && !hasUnsupportedStrategy(config.spec);
}

/** Whether the BuildConfig has a trigger on `key`. */
export const watches = (config: BuildConfig, key: TagKey): boolean =>
  imageTriggersOf(config).some((t) => sameTag(t.key, key));

function recorded(config: BuildConfig, key: TagKey): ImageChangeTriggerStatus | undefined {
  const namespace = config.metadata.namespace ?? '';
  return (config.status?.imageChangeTriggers ?? []).find((s) => {
    const parsed = parseStreamTag(s.from?.name ?? '');
    return parsed && sameTag({ namespace: s.from?.namespace || namespace, ...parsed }, key);
  });
}

/** The image the trigger on `key` last fired for (or the build generated last used). */
export const lastTriggeredImage = (config: BuildConfig, key: TagKey): string | undefined =>
  recorded(config, key)?.lastTriggeredImageID ?? undefined;

/**
 * What the BuildConfig's triggers owe: one cause per unpaused trigger whose tag points at an
 * image other than the one it last fired for. Level-triggered, so a change seen late (by the
 * periodic sweep after a missed notification or a crash) still fires once, and never twice.
 */
export function dueCauses(config: BuildConfig, current: CurrentImage): BuildTriggerCause[] {
  return imageTriggersOf(config)
    .filter((t) => !t.paused)
    .flatMap(({ key }) => {
      const image = current(key);
      return image && image !== lastTriggeredImage(config, key)
        ? [
            {
              message: 'Image change',
              imageChangeBuild: { imageID: image, fromRef: fromRefOf(key) },
            },
          ]
        : [];
    });
}

/** The BuildRequest an image change makes, as OpenShift's image trigger controller sends it. */
export function imageChangeRequest(config: BuildConfig, causes: BuildTriggerCause[]): BuildRequest {
  const first = causes[0]?.imageChangeBuild;
  return {
    kind: 'BuildRequest',
    apiVersion: 'build.openshift.io/v1',
    metadata: { name: config.metadata.name },
    triggeredByImage: { kind: 'DockerImage', name: first?.imageID ?? '' },
    triggeredBy: causes,
  };
}

/** The image-change causes a request carries, by tag (an explicit `from` included). */
function requestCauses(config: BuildConfig, request: BuildRequest): UsedImage[] {
  const namespace = config.metadata.namespace ?? '';
  const causes = (request.triggeredBy ?? []).flatMap((c) => {
    const { imageID, fromRef } = c.imageChangeBuild ?? {};
    const parsed = parseStreamTag(fromRef?.name ?? '');
    return imageID && parsed
      ? [{ key: { namespace: fromRef?.namespace || namespace, ...parsed }, image: imageID }]
      : [];
  });
  const image = request.triggeredByImage?.name;
  const from =
    request.from?.kind === 'ImageStreamTag' ? parseStreamTag(request.from.name ?? '') : undefined;
  if (causes.length === 0 && image && from) {
    causes.push({ key: { namespace: request.from?.namespace || namespace, ...from }, image });
  }
  return causes;
}

/** True when every image a request was triggered by already fired its trigger: a duplicate. */
export function isDuplicateTrigger(config: BuildConfig, request: BuildRequest): boolean {
  const causes = requestCauses(config, request);
  return (
    causes.length > 0 &&
    causes.every((c) => watches(config, c.key) && lastTriggeredImage(config, c.key) === c.image)
  );
}

/**
 * `status.imageChangeTriggers` after a build was generated, as OpenShift's generator keeps it:
 * a trigger that fired records its image and the time; every other one records the image the
 * build used for its tag, or else the tag's current image, so that a manual build does not leave
 * a trigger owing a build for an image it already built with.
 */
export function nextTriggerStatuses(
  config: BuildConfig,
  request: BuildRequest | undefined,
  used: readonly UsedImage[],
  current: CurrentImage,
  now: Date,
): ImageChangeTriggerStatus[] {
  const fired = request ? requestCauses(config, request) : [];
  return imageTriggersOf(config).map(({ key }) => {
    const previous = recorded(config, key);
    const cause = fired.find((c) => sameTag(c.key, key));
    const image =
      cause?.image ??
      used.find((u) => sameTag(u.key, key))?.image ??
      current(key) ??
      previous?.lastTriggeredImageID ??
      undefined;
    const time = cause ? now.toISOString() : (previous?.lastTriggerTime ?? undefined);
    return {
      ...(image ? { lastTriggeredImageID: image } : {}),
      from: { namespace: key.namespace, name: `${key.stream}:${key.tag}` },
      ...(time ? { lastTriggerTime: time } : {}),
    };
  });
}
