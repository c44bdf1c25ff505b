import type { Dockerfile, DockerfileNode } from './dockerfile-ast.js';
import { DockerfileParseError } from './dockerfile-errors.js';
import { parseDockerfile } from './parse-dockerfile.js';
import { serializeDockerfile } from './serialize-dockerfile.js';

const nodes = (ast: Dockerfile): DockerfileNode[] => [
  ...ast.preamble,
  ...ast.stages.flatMap((s) => [s.from, ...s.body]),
];
const instructions = (ast: Dockerfile) => nodes(ast).filter((n) => n.kind === 'instruction');

/** The AST without positions and original text: what a round trip must preserve. */
function shape(ast: Dockerfile): unknown {
  return {
    directives: ast.directives.map((d) => [d.name, d.value]),
    escapeChar: ast.escapeChar,
    stages: ast.stages.map((s) => [s.index, s.name]),
    nodes: nodes(ast).map((n) =>
      n.kind === 'comment'
        ? n.text
        : {
            k: n.keyword,
            f: n.flags,
            a: n.args,
            j: n.json,
            h: n.heredocs.map((h) => [h.name, h.chomp, h.expand, h.body]),
          },
    ),
  };
}

const TRICKY = [
  'FROM a',
  '# syntax=docker/dockerfile:1\n# escape=`\n\nFROM mcr/windows AS Build\nRUN dir c:\\ `\n  && echo done\nCOPY --from=build C:\\x C:\\y',
  'ARG V=1\n# a comment\n  # indented comment\nFROM base:${V} as one\nRUN --mount=type=cache,target=/root/.cache \\\n    # comment inside continuation\n\n    pip install x\nCMD ["run", "--fast"]\nENTRYPOINT [not json\nFROM one\nCOPY --from=0 --chown=1:0 /a /b',
  'FROM a\nRUN <<EOF\nset -e\necho "<<NOT"\nEOF\nCOPY <<one <<"two" /dst/\n1\none\n$x\ntwo\nRUN <<-EOT sh\n\tindented\n\tEOT\nRUN echo "<<QUOTED" && cat <<\'RAW\'\n$HOME\nRAW',
  '\uFEFFfrom a\r\nrun echo hi\r\n',
];

describe(parseDockerfile.name, () => {
  it.each(TRICKY.map((t, i) => [i, t]))(
    'round-trips tricky input %i through serialize',
    (_i, text) => {
      const ast = parseDockerfile(text);
      expect(shape(parseDockerfile(serializeDockerfile(ast)))).toEqual(shape(ast));
    },
  );

  it('reads directives, the escape char and stages with case-insensitive AS', () => {
    const ast = parseDockerfile(TRICKY[1] ?? '');
    expect(ast.directives).toEqual([
      { name: 'syntax', value: 'docker/dockerfile:1', line: 1 },
      { name: 'escape', value: '`', line: 2 },
    ]);
    expect(ast.escapeChar).toBe('`');
    expect(ast.stages.map((s) => [s.index, s.name])).toEqual([[0, 'build']]);
    expect(instructions(ast)[1]).toMatchObject({
      keyword: 'RUN',
      args: 'dir c:\\   && echo done',
      startLine: 5,
      endLine: 6,
    });
  });

  it('drops comments and blank lines inside a continuation but keeps them in original', () => {
    const run = instructions(parseDockerfile(TRICKY[2] ?? '')).find((i) => i.keyword === 'RUN');
    expect(run).toMatchObject({
      flags: [{ name: 'mount', value: 'type=cache,target=/root/.cache' }],
      args: 'pip install x',
      startLine: 5,
      endLine: 8,
    });
    expect(run?.original).toContain('# comment inside continuation');
  });

  it('tells exec form from shell form and keeps flags in order', () => {
    const list = instructions(parseDockerfile(TRICKY[2] ?? ''));
    expect(list.find((i) => i.keyword === 'CMD')?.json).toEqual(['run', '--fast']);
    expect(list.find((i) => i.keyword === 'ENTRYPOINT')?.json).toBeUndefined();
    expect(list.at(-1)?.flags).toEqual([
      { name: 'from', value: '0' },
      { name: 'chown', value: '1:0' },
    ]);
  });

  it('keeps ARGs before the first FROM in the preamble and indexes stages', () => {
    const ast = parseDockerfile(TRICKY[2] ?? '');
    expect(ast.preamble.map((n) => (n.kind === 'instruction' ? n.keyword : n.text))).toEqual([
      'ARG',
      '# a comment',
      '# indented comment',
    ]);
    expect(ast.stages.map((s) => [s.index, s.name])).toEqual([
      [0, 'one'],
      [1, undefined],
    ]);
  });

  it('reads heredocs, several on a line, quoted, chomped, and ignores quoted markers', () => {
    const list = instructions(parseDockerfile(TRICKY[3] ?? ''));
    expect(list.map((i) => i.heredocs.map((h) => [h.name, h.chomp, h.expand, h.body]))).toEqual([
      [],
      [['EOF', false, true, 'set -e\necho "<<NOT"\n']],
      [
        ['one', false, true, '1\n'],
        ['two', false, false, '$x\n'],
      ],
      [['EOT', true, true, '\tindented\n']],
      [['RAW', false, false, '$HOME\n']],
    ]);
  });

  it('strips a BOM and CRLF and upper-cases keywords', () => {
    expect(instructions(parseDockerfile(TRICKY[4] ?? '')).map((i) => [i.keyword, i.args])).toEqual([
      ['FROM', 'a'],
      ['RUN', 'echo hi'],
    ]);
  });

  it('treats a directive after a comment as a comment', () => {
    const ast = parseDockerfile('# hello\n# escape=`\nFROM a');
    expect(ast.directives).toEqual([]);
    expect(ast.escapeChar).toBe('\\');
  });

  it('keeps a directive-looking comment a comment when serializing', () => {
    const ast = parseDockerfile('\n# escape=`\nFROM a');
    expect(parseDockerfile(serializeDockerfile(ast)).directives).toEqual([]);
  });

  const errors: [string, string, RegExp][] = [
    ['empty file', '', /file with no instructions/],
    ['comments only', '# nothing\n\n', /file with no instructions/],
    ['unknown instruction', 'FROM a\nFOO bar', /^line 2: unknown instruction: FOO/],
    ['bad FROM', 'FROM a b', /^line 1: FROM requires either one or three arguments/],
    ['bad stage name', 'FROM a AS 1x', /^line 1: invalid name for build stage/],
    ['unterminated heredoc', 'FROM a\nRUN <<EOF\necho', /^line 2: unterminated heredoc EOF/],
    ['bad escape', '# escape=x\nFROM a', /^line 1: invalid escape token/],
    [
      'duplicate directive',
      '# escape=`\n# escape=\\\nFROM a',
      /^line 2: only one escape parser directive/,
    ],
  ];
  it.each(errors)('throws a line-numbered DockerfileParseError for %s', (_name, text, message) => {
    expect(() => parseDockerfile(text)).toThrow(DockerfileParseError);
    expect(() => parseDockerfile(text)).toThrow(message);
  });

  it('accepts a file with no instructions when allowEmpty is set', () => {
    expect(parseDockerfile('# only a comment', { allowEmpty: true }).stages).toEqual([]);
  });
});
