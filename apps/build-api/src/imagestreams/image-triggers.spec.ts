import type { BuildConfig } from '@kiln/build-types';
import {
  dueCauses,
  imageChangeMayStart,
  imageChangeRequest,
  imageTriggersOf,
  isDuplicateTrigger,
  nextTriggerStatuses,
} from './image-triggers.js';
import { keyText, type TagKey } from './tag-names.js';

const images: Record<string, string> = {
  'openshift/nodejs:18': 'r/openshift/nodejs@sha256:new',
  'demo/artifacts:latest': 'r/demo/artifacts@sha256:art',
};
const current = (key: TagKey) => images[keyText(key)];
const now = new Date('2025-01-02T00:00:00Z');

function aConfig(status: BuildConfig['status'] = {}): BuildConfig {
  return {
    metadata: { name: 'app', namespace: 'demo' },
    spec: {
      strategy: {
        type: 'Source',
        sourceStrategy: {
          from: { kind: 'ImageStreamTag', namespace: 'openshift', name: 'nodejs:18' },
        },
      },
      triggers: [
        { type: 'ImageChange', imageChange: {} },
        {
          type: 'ImageChange',
          imageChange: { from: { kind: 'ImageStreamTag', name: 'artifacts:latest' } },
        },
        { type: 'ConfigChange' },
      ],
    },
    status,
  };
}

describe('imageTriggersOf', () => {
  it('reads the strategy’s tag for a trigger without from, and the trigger’s own otherwise', () => {
    expect(imageTriggersOf(aConfig()).map((t) => keyText(t.key))).toEqual([
      'openshift/nodejs:18',
      'demo/artifacts:latest',
    ]);
  });

  it('ignores a trigger on a DockerImage strategy', () => {
    const config = aConfig();
    config.spec.strategy.sourceStrategy!.from = { kind: 'DockerImage', name: 'x' };
    config.spec.triggers = [{ type: 'ImageChange', imageChange: {} }];

    expect(imageTriggersOf(config)).toEqual([]);
  });
});

describe('dueCauses', () => {
  it('owes a build for each tag whose image is not the one last fired for', () => {
    const config = aConfig({
      imageChangeTriggers: [
        {
          from: { namespace: 'openshift', name: 'nodejs:18' },
          lastTriggeredImageID: 'r/openshift/nodejs@sha256:old',
        },
        {
          from: { namespace: 'demo', name: 'artifacts:latest' },
          lastTriggeredImageID: 'r/demo/artifacts@sha256:art',
        },
      ],
    });

    expect(dueCauses(config, current)).toEqual([
      {
        message: 'Image change',
        imageChangeBuild: {
          imageID: 'r/openshift/nodejs@sha256:new',
          fromRef: { kind: 'ImageStreamTag', namespace: 'openshift', name: 'nodejs:18' },
        },
      },
    ]);
  });

  it('owes nothing for a paused trigger or a tag without an image', () => {
    const config = aConfig();
    config.spec.triggers = [{ type: 'ImageChange', imageChange: { paused: true } }];

    expect(dueCauses(config, current)).toEqual([]);
    expect(dueCauses(aConfig(), () => undefined)).toEqual([]);
  });
});

describe('nextTriggerStatuses', () => {
  it('records the firing image and time, and the image used or current for the others', () => {
    const config = aConfig();
    const request = imageChangeRequest(config, dueCauses(config, current).slice(0, 1));

    const statuses = nextTriggerStatuses(config, request, [], current, now);

    expect(statuses).toEqual([
      {
        from: { namespace: 'openshift', name: 'nodejs:18' },
        lastTriggeredImageID: 'r/openshift/nodejs@sha256:new',
        lastTriggerTime: '2025-01-02T00:00:00.000Z',
      },
      {
        from: { namespace: 'demo', name: 'artifacts:latest' },
        lastTriggeredImageID: 'r/demo/artifacts@sha256:art',
      },
    ]);
  });

  it('makes a manual build record what it used, so that image does not trigger again', () => {
    const config = aConfig();
    const used = [
      {
        key: { namespace: 'openshift', stream: 'nodejs', tag: '18' },
        image: 'r/openshift/nodejs@sha256:used',
      },
    ];

    const statuses = nextTriggerStatuses(config, { metadata: { name: 'app' } }, used, current, now);

    expect(statuses[0]).toEqual({
      from: { namespace: 'openshift', name: 'nodejs:18' },
      lastTriggeredImageID: 'r/openshift/nodejs@sha256:used',
    });
  });
});

describe('isDuplicateTrigger', () => {
  it('is true when the request’s image already fired its trigger', () => {
    const config = aConfig({
      imageChangeTriggers: [
        {
          from: { namespace: 'openshift', name: 'nodejs:18' },
          lastTriggeredImageID: 'r/openshift/nodejs@sha256:new',
        },
      ],
    });
    const request = imageChangeRequest(aConfig(), dueCauses(aConfig(), current).slice(0, 1));

    expect(isDuplicateTrigger(config, request)).toBe(true);
    expect(isDuplicateTrigger(aConfig(), request)).toBe(false);
    expect(isDuplicateTrigger(config, { metadata: { name: 'app' } })).toBe(false);
  });
});

describe('imageChangeMayStart', () => {
  it('lets an image change start an ordinary BuildConfig', () => {
    expect(imageChangeMayStart(aConfig())).toBe(true);
  });

  it('starts nothing for a binary-source BuildConfig, whatever its informational type says', () => {
    const binary = aConfig();
    binary.spec.source = { binary: {} };
    const binaryTypedOtherwise = aConfig();
    binaryTypedOtherwise.spec.source = { type: 'Dockerfile', binary: { asFile: 'app.jar' } };
    const typedBinary = aConfig();
    typedBinary.spec.source = { type: 'Binary' };

    expect(imageChangeMayStart(binary)).toBe(false);
    expect(imageChangeMayStart(binaryTypedOtherwise)).toBe(false);
    expect(imageChangeMayStart(typedBinary)).toBe(false);
  });

  it('starts nothing for a paused BuildConfig, in any case of "true"', () => {
    const paused = aConfig();
    paused.metadata.annotations = { 'openshift.io/build-config.paused': 'True' };
    const unpaused = aConfig();
    unpaused.metadata.annotations = { 'openshift.io/build-config.paused': 'false' };

    expect(imageChangeMayStart(paused)).toBe(false);
    expect(imageChangeMayStart(unpaused)).toBe(true);
  });

  it('starts nothing for a JenkinsPipeline BuildConfig', () => {
    const jenkins = aConfig();
    jenkins.spec.strategy = { jenkinsPipelineStrategy: { jenkinsfile: 'node {}' } };

    expect(imageChangeMayStart(jenkins)).toBe(false);
  });
});
