import { parseDockerfile } from './parse-dockerfile.js';
import { type DockerRewriteOptions, rewriteDockerfile } from './rewrite-dockerfile.js';

const TAIL =
  'ENV "OPENSHIFT_BUILD_NAME"="" "OPENSHIFT_BUILD_NAMESPACE"=""\nLABEL "io.openshift.build.name"="" "io.openshift.build.namespace"=""\n';
const HEX = '0123456789abcdef0123456789abcdef';

function anOptions(overrides: Partial<DockerRewriteOptions> = {}): DockerRewriteOptions {
  return {
    env: [],
    buildInfo: { name: '', namespace: '' },
    imageLabels: [],
    imageAliases: [],
    randomHex: () => HEX,
    ...overrides,
  };
}

const nginxAs = (...as: string[]): DockerRewriteOptions['imageAliases'] => [
  { as, from: 'nginx:latest' },
];

const keywords = (text: string): string[] => {
  const ast = parseDockerfile(text, { allowEmpty: true });
  return [...ast.preamble, ...ast.stages.flatMap((s) => [s.from, ...s.body])].map((n) =>
    n.kind === 'instruction' ? n.keyword : '#',
  );
};

describe(rewriteDockerfile.name, () => {
  describe('upstream Test_addBuildParameters', () => {
    const cases: [string, string, string, Partial<DockerRewriteOptions>][] = [
      ['1 no FROM', '# no FROM instruction', '', {}],
      [
        '2 ARG in FROM',
        'ARG GOLANG_CONTAINER=golang:latest\nFROM $GOLANG_CONTAINER\nRUN echo "hello world"',
        'ARG GOLANG_CONTAINER=golang:latest\nFROM $GOLANG_CONTAINER\nRUN echo "hello world"\n',
        {},
      ],
      [
        '3 header ARGs first',
        'ARG GOLANG_CONTAINER=golang:latest\nLABEL this=error\nARG GOLANG_CONTAINER2=golang:1.11\nFROM $GOLANG_CONTAINER\nRUN echo "hello world"',
        'ARG GOLANG_CONTAINER=golang:latest\nARG GOLANG_CONTAINER2=golang:1.11\nLABEL this=error\nFROM $GOLANG_CONTAINER\nRUN echo "hello world"\n',
        {},
      ],
      [
        '4 comment dropped',
        'FROM scratch\n# FROM busybox\nRUN echo "hello world"',
        'FROM scratch\nRUN echo "hello world"\n',
        {},
      ],
      [
        '5 two stages',
        'FROM scratch\nFROM busybox\nRUN echo "hello world"',
        'FROM scratch\nFROM busybox\nRUN echo "hello world"\n',
        {},
      ],
      [
        '6 named stage',
        'FROM scratch as test\nFROM busybox\nRUN echo "hello world"',
        'FROM scratch as test\nFROM busybox\nRUN echo "hello world"\n',
        {},
      ],
      [
        '7 COPY --from without sources',
        'FROM scratch as test\nFROM busybox\nCOPY --from=test /a /b\nCOPY --from=nginx /a /c\nCOPY --from=nginx:latest /a /c\nRUN echo "hello world"',
        'FROM scratch as test\nFROM busybox\nCOPY --from=test /a /b\nCOPY --from=nginx /a /c\nCOPY --from=nginx:latest /a /c\nRUN echo "hello world"\n',
        {},
      ],
      [
        '8 single-dash -from',
        'FROM scratch as test\nCOPY -from=test /a /b',
        'FROM scratch as test\nCOPY -from=test /a /b\n',
        {},
      ],
      [
        '9 source without as',
        'FROM scratch as test\nCOPY --from=test:latest /a /b',
        'FROM scratch as test\nCOPY --from=test:latest /a /b\n',
        { imageAliases: [{ as: [], from: 'nginx:latest' }] },
      ],
      [
        '10 as test vs test:latest',
        'FROM scratch as test\nCOPY --from=test:latest /a /b',
        'FROM scratch as test\nCOPY --from=test:latest /a /b\n',
        { imageAliases: nginxAs('test') },
      ],
      [
        '11 stage name not substituted',
        'FROM scratch as test\nFROM other\nCOPY --from=test /a /b',
        'FROM scratch as test\nFROM other\nCOPY --from=test /a /b\n',
        { imageAliases: nginxAs('test') },
      ],
      [
        '12 COPY --from substituted',
        'FROM scratch as test\nCOPY --from=test:latest /a /b',
        'FROM scratch as test\nCOPY --from=nginx:latest /a /b\n',
        { imageAliases: nginxAs('test:latest') },
      ],
      [
        '13 from replaced before substitution',
        'FROM scratch as test\nCOPY --from=test:latest /a /b',
        'FROM from-image:v1 as test\nCOPY --from=nginx:latest /a /b\n',
        { from: 'from-image:v1', imageAliases: nginxAs('scratch', 'test:latest') },
      ],
      [
        '14 replaced from substituted',
        'FROM scratch as test\nCOPY --from=test:latest /a /b',
        'FROM nginx:latest as test\nCOPY --from=nginx:latest /a /b\n',
        { from: 'from-image:v1', imageAliases: nginxAs('scratch', 'test:latest', 'from-image:v1') },
      ],
      [
        '16 FROM substituted, own stage kept',
        'FROM test\nFROM scratch as test\nCOPY --from=test /a /b',
        'FROM nginx:latest\nFROM nginx:latest as test\nCOPY --from=test /a /b\n',
        { imageAliases: nginxAs('test', 'scratch') },
      ],
      [
        '17 COPY before the stage exists',
        'FROM other\nCOPY --from=test /a /b\nFROM scratch as test\nCOPY --from=test /a /b',
        'FROM other\nCOPY --from=nginx:latest /a /b\nFROM nginx:latest as test\nCOPY --from=test /a /b\n',
        { imageAliases: nginxAs('test', 'scratch') },
      ],
      [
        '18 with from',
        'FROM other\nCOPY --from=test /a /b\nFROM scratch as test\nCOPY --from=test /a /b',
        'FROM other\nCOPY --from=nginx:latest /a /b\nFROM nginx:v1 as test\nCOPY --from=test /a /b\n',
        { from: 'nginx:v1', imageAliases: nginxAs('test', 'scratch') },
      ],
      [
        '19 from without sources',
        'FROM other\nCOPY --from=test /a /b\nFROM scratch as test\nCOPY --from=test /a /b',
        'FROM other\nCOPY --from=test /a /b\nFROM nginx:v1 as test\nCOPY --from=test /a /b\n',
        { from: 'nginx:v1' },
      ],
    ];
    it.each(cases)('rewrites case %s exactly', (_name, input, expected, overrides) => {
      const out = rewriteDockerfile(input, anOptions(overrides));
      expect(out).toBe(expected + TAIL);
      expect(() => parseDockerfile(out)).not.toThrow();
    });

    it('leaves the Dockerfile unchanged when no from is given (case 15: ImageStreamTag from never reaches the rewrite)', () => {
      expect(rewriteDockerfile('FROM scratch as test\nCOPY --from=test /a /b', anOptions())).toBe(
        'FROM scratch as test\nCOPY --from=test /a /b\n' + TAIL,
      );
    });
  });

  describe('upstream TestInsertEnvAfterFrom / TestReplaceLastFrom', () => {
    it('inserts one ENV after every FROM when env is given', () => {
      const env = [
        { name: 'PATH', value: '/bin' },
        { name: 'GOPATH', value: '/go' },
        { name: 'PATH', value: '/go/bin:$PATH' },
      ];
      const out = rewriteDockerfile(
        'FROM scratch\nFROM busybox\nRUN echo "hello world"',
        anOptions({ env }),
      );
      const e = 'ENV "PATH"="/bin" "GOPATH"="/go" "PATH"="/go/bin:$PATH"';
      expect(out).toBe(`FROM scratch\n${e}\nFROM busybox\n${e}\nRUN echo "hello world"\n${TAIL}`);
    });

    it('replaces only the last FROM and drops comments when from is given', () => {
      expect(
        rewriteDockerfile('FROM scratch\n# FROM busybox\nRUN echo', anOptions({ from: 'centos' })),
      ).toBe(`FROM centos\nRUN echo\n${TAIL}`);
      expect(
        rewriteDockerfile('FROM scratch\nFROM busybox\nRUN echo', anOptions({ from: 'centos' })),
      ).toBe(`FROM scratch\nFROM centos\nRUN echo\n${TAIL}`);
    });

    it('reduces from to its daemon-minimal name when it names Docker Hub', () => {
      expect(
        rewriteDockerfile('FROM x', anOptions({ from: 'docker.io/library/busybox:latest' })),
      ).toBe(`FROM docker.io/busybox\n${TAIL}`);
    });
  });

  describe('upstream TestAppendPostCommit', () => {
    const hook = { command: ['echo', 'hello'] };
    it('aliases a single unnamed stage and appends the hook stages', () => {
      expect(rewriteDockerfile('FROM busybox', anOptions({ postCommit: hook }))).toBe(
        `FROM busybox as appimage${HEX}\n${TAIL}FROM appimage${HEX}\nRUN echo hello\nFROM appimage${HEX}\n`,
      );
    });
    it('aliases only the last stage when several are unnamed or named differently', () => {
      expect(
        rewriteDockerfile(
          'FROM busybox as appimage\nFROM appimage',
          anOptions({ postCommit: hook }),
        ),
      ).toBe(
        `FROM busybox as appimage\nFROM appimage as appimage${HEX}\n${TAIL}FROM appimage${HEX}\nRUN echo hello\nFROM appimage${HEX}\n`,
      );
    });
    it('reuses an existing alias of the last stage', () => {
      expect(
        rewriteDockerfile(
          'FROM busybox as appimage\nFROM appimage3 as appimage4',
          anOptions({ postCommit: hook }),
        ),
      ).toBe(
        `FROM busybox as appimage\nFROM appimage3 as appimage4\n${TAIL}FROM appimage4\nRUN echo hello\nFROM appimage4\n`,
      );
    });
  });

  describe('worked example (reference 3.3)', () => {
    it('produces the documented file when every input is set', () => {
      const out = rewriteDockerfile(
        'FROM centos:7\nRUN echo hi\n',
        anOptions({
          from: 'registry.example/ns/base:1.0',
          env: [{ name: 'FOO', value: 'bar' }],
          imageLabels: [{ name: 'custom', value: 'v' }],
          postCommit: { script: 'make test' },
          buildInfo: {
            name: 'app-1',
            namespace: 'proj',
            git: { uri: 'https://github.com/x/y.git', ref: 'main' },
            commit: {
              id: 'abc',
              authorName: 'A',
              authorEmail: 'a@x',
              date: 'D',
              message: 'M',
              location: 'https://github.com/x/y.git',
            },
          },
        }),
      );
      const a = `appimage${HEX}`;
      expect(out).toBe(
        [
          `FROM registry.example/ns/base:1.0 as ${a}`,
          'ENV "FOO"="bar"',
          'RUN echo hi',
          'ENV "OPENSHIFT_BUILD_NAME"="app-1" "OPENSHIFT_BUILD_NAMESPACE"="proj" "OPENSHIFT_BUILD_SOURCE"="https://github.com/x/y.git" "OPENSHIFT_BUILD_REFERENCE"="main" "OPENSHIFT_BUILD_COMMIT"="abc"',
          'LABEL "io.openshift.build.commit.author"="A <a@x>" "io.openshift.build.commit.date"="D" "io.openshift.build.commit.id"="abc" "io.openshift.build.commit.message"="M" "io.openshift.build.commit.ref"="main" "io.openshift.build.name"="app-1" "io.openshift.build.namespace"="proj" "io.openshift.build.source-location"="https://github.com/x/y.git" "custom"="v"',
          `FROM ${a}`,
          'ENV "FOO"="bar"',
          "RUN /bin/sh -ic 'make test'",
          `FROM ${a}`,
          'ENV "FOO"="bar"',
          '',
        ].join('\n'),
      );
    });

    it('writes the context dir label and omits git values when the source is not git', () => {
      const out = rewriteDockerfile(
        'FROM a',
        anOptions({ buildInfo: { name: 'b', namespace: 'n', contextDir: 'app' } }),
      );
      expect(out).toBe(
        'FROM a\nENV "OPENSHIFT_BUILD_NAME"="b" "OPENSHIFT_BUILD_NAMESPACE"="n"\nLABEL "io.openshift.build.name"="b" "io.openshift.build.namespace"="n" "io.openshift.build.source-context-dir"="app"\n',
      );
    });
  });

  describe('own cases', () => {
    it('keeps heredocs and the escape directive when rewriting', () => {
      const input =
        '# escape=`\nFROM busybox\nRUN <<EOF\necho a `\nEOF\nCOPY <<-"A" <<B /dst\n\tx\n\tA\ny\nB\n';
      const out = rewriteDockerfile(input, anOptions({ env: [{ name: 'K', value: 'v' }] }));
      expect(out).toBe(
        `# escape=\`\nFROM busybox\nENV "K"="v"\nRUN <<EOF\necho a \`\nEOF\nCOPY <<-"A" <<B /dst\n\tx\n\tA\ny\nB\n${TAIL}`,
      );
      expect(keywords(out)).toEqual(['FROM', 'ENV', 'RUN', 'COPY', 'ENV', 'LABEL']);
    });

    it('joins continuation lines and keeps --platform when replacing the last FROM', () => {
      const out = rewriteDockerfile(
        'FROM --platform=$BUILDPLATFORM golang AS b\nRUN a \\\n  && b',
        anOptions({ from: 'img:1' }),
      );
      expect(out).toBe(`FROM --platform=$BUILDPLATFORM img:1 AS b\nRUN a   && b\n${TAIL}`);
    });

    it('never substitutes COPY --from=<index> of an earlier stage', () => {
      const out = rewriteDockerfile(
        'FROM a\nFROM b\nCOPY --from=0 /x /y',
        anOptions({ imageAliases: nginxAs('0') }),
      );
      expect(out).toBe(`FROM a\nFROM b\nCOPY --from=0 /x /y\n${TAIL}`);
    });

    it('keeps every hostile value inside its quoted pair when env, labels and commit data carry newlines and quotes', () => {
      const evil = 'x"\nUSER root\nRUN rm -rf / \\';
      const out = rewriteDockerfile(
        'FROM a',
        anOptions({
          env: [{ name: evil, value: evil }],
          imageLabels: [{ name: evil, value: `$HOME ${evil}` }],
          buildInfo: {
            name: evil,
            namespace: 'n',
            git: { uri: evil, ref: evil },
            commit: { message: evil, authorName: evil, id: evil },
          },
        }),
      );
      expect(keywords(out)).toEqual(['FROM', 'ENV', 'ENV', 'LABEL']);
      expect(out).toContain(
        '"x\\"\\nUSER root\\nRUN rm -rf / \\\\"="x\\"\\nUSER root\\nRUN rm -rf / \\\\"',
      );
    });

    it('writes control and non-ASCII characters as Go quoting does (TestKeyValueInstructions)', () => {
      const out = rewriteDockerfile(
        'FROM a',
        anOptions({
          env: [
            { name: '☃', value: '\'" \\ / \b \f \n \r \t \x00' },
            { name: '你好', value: '我会说汉语' },
            { name: '', value: '' },
          ],
        }),
      );
      expect(out.split('\n')[1]).toBe(
        'ENV "☃"="\'\\" \\\\ / \\b \\f \\n \\r \\t \\x00" "你好"="我会说汉语" ""=""',
      );
    });

    it('refuses image references that could inject instructions', () => {
      expect(() =>
        rewriteDockerfile('FROM a', anOptions({ from: 'centos\nRUN rm -rf /' })),
      ).toThrow(/not a valid image reference/);
      expect(() => rewriteDockerfile('FROM a', anOptions({ from: 'centos \\' }))).toThrow(
        /not a valid image reference/,
      );
      expect(() =>
        rewriteDockerfile(
          'FROM a',
          anOptions({ imageAliases: [{ as: ['a'], from: 'x\nUSER 0' }] }),
        ),
      ).toThrow(/not a valid image reference/);
    });

    it('falls back to the exec form when a post-commit command would break out of its RUN', () => {
      const out = rewriteDockerfile(
        'FROM a',
        anOptions({ postCommit: { command: ['echo', 'x\nUSER root', '\\'] } }),
      );
      expect(keywords(out)).toEqual(['FROM', 'ENV', 'LABEL', 'FROM', 'RUN', 'FROM']);
      expect(out).toContain('RUN ["/bin/sh","-c","echo x\\nUSER root \\\\"]');
    });

    it('falls back to the exec form when a post-commit command opens a heredoc', () => {
      const out = rewriteDockerfile(
        'FROM a',
        anOptions({ postCommit: { command: ['cat', '<<FROM'] } }),
      );
      expect(keywords(out)).toEqual(['FROM', 'ENV', 'LABEL', 'FROM', 'RUN', 'FROM']);
    });

    it('quotes a single quote inside a post-commit script so the script stays one argument', () => {
      const out = rewriteDockerfile(
        'FROM a as b',
        anOptions({ postCommit: { script: "echo 'a b'", args: ['c'] } }),
      );
      expect(out).toContain(`RUN /bin/sh -ic 'echo '\\''a b'\\'' c'\n`);
    });
  });
});
