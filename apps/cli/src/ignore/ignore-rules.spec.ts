import { IgnoreRules, parseIgnoreFile, parseIgnoreLine } from './ignore-rules.js';

const rules = (text: string, flavour: 'gitignore' | 'dockerignore' = 'gitignore') =>
  new IgnoreRules().add(parseIgnoreFile(text, '', flavour));

describe(IgnoreRules.name, () => {
  describe('gitignore patterns', () => {
    it('match a bare name at any depth', () => {
      const r = rules('node_modules\n*.log');
      expect(r.isIgnored('node_modules', true)).toBe(true);
      expect(r.isIgnored('web/node_modules', true)).toBe(true);
      expect(r.isIgnored('a/b/debug.log', false)).toBe(true);
      expect(r.isIgnored('src/app.ts', false)).toBe(false);
    });

    it('anchor patterns with a leading or middle slash', () => {
      const r = rules('/build\ndocs/*.md');
      expect(r.isIgnored('build', true)).toBe(true);
      expect(r.isIgnored('src/build', true)).toBe(false);
      expect(r.isIgnored('docs/a.md', false)).toBe(true);
      expect(r.isIgnored('docs/sub/a.md', false)).toBe(false);
      expect(r.isIgnored('x/docs/a.md', false)).toBe(false);
    });

    it('match only directories with a trailing slash', () => {
      const r = rules('cache/');
      expect(r.isIgnored('cache', true)).toBe(true);
      expect(r.isIgnored('cache', false)).toBe(false);
      expect(r.isIgnored('a/cache/file', false)).toBe(true);
    });

    it('exclude everything inside a directory excluded earlier', () => {
      const r = rules('dist');
      expect(r.isIgnored('dist/app.js', false)).toBe(true);
    });

    it('re-include with ! unless a parent directory is excluded', () => {
      const r = rules('*.env\n!example.env\nout/\n!out/keep.txt');
      expect(r.isIgnored('prod.env', false)).toBe(true);
      expect(r.isIgnored('example.env', false)).toBe(false);
      expect(r.isIgnored('out/keep.txt', false)).toBe(true);
    });

    it('re-include inside a directory whose contents (not itself) are excluded', () => {
      const r = rules('logs/**\n!logs/.keep');
      expect(r.isIgnored('logs', true)).toBe(false);
      expect(r.isIgnored('logs/a.log', false)).toBe(true);
      expect(r.isIgnored('logs/.keep', false)).toBe(false);
    });

    it('understand ** at the start, in the middle and at the end', () => {
      const r = rules('**/tmp\na/**/z\nvendor/**');
      expect(r.isIgnored('tmp', true)).toBe(true);
      expect(r.isIgnored('x/y/tmp', true)).toBe(true);
      expect(r.isIgnored('a/z', false)).toBe(true);
      expect(r.isIgnored('a/b/c/z', false)).toBe(true);
      expect(r.isIgnored('vendor/lib/x.go', false)).toBe(true);
    });

    it('understand ? and character classes, and keep * within one segment', () => {
      const r = rules('file?.txt\n[abc].md\n[!0-9].bin\nsrc/*.js');
      expect(r.isIgnored('file1.txt', false)).toBe(true);
      expect(r.isIgnored('file10.txt', false)).toBe(false);
      expect(r.isIgnored('b.md', false)).toBe(true);
      expect(r.isIgnored('d.md', false)).toBe(false);
      expect(r.isIgnored('x.bin', false)).toBe(true);
      expect(r.isIgnored('7.bin', false)).toBe(false);
      expect(r.isIgnored('src/a.js', false)).toBe(true);
      expect(r.isIgnored('src/lib/a.js', false)).toBe(false);
    });

    it('skip comments and blanks, and honour escapes', () => {
      const r = rules('# a comment\n\n\\#notes\n\\!bang\nspace\\ \ntrailing   ');
      expect(r.isIgnored('# a comment', false)).toBe(false);
      expect(r.isIgnored('#notes', false)).toBe(true);
      expect(r.isIgnored('!bang', false)).toBe(true);
      expect(r.isIgnored('space ', false)).toBe(true);
      expect(r.isIgnored('trailing', false)).toBe(true);
    });

    it('treat regex characters literally', () => {
      const r = rules('a+b(1).txt');
      expect(r.isIgnored('a+b(1).txt', false)).toBe(true);
      expect(r.isIgnored('aab1.txt', false)).toBe(false);
    });
  });

  describe('nested .gitignore files', () => {
    it('apply below their own directory only, and win over their parents', () => {
      const r = new IgnoreRules()
        .add(parseIgnoreFile('*.gen', ''))
        .add(parseIgnoreFile('!keep.gen\n/local', 'pkg'));
      expect(r.isIgnored('a.gen', false)).toBe(true);
      expect(r.isIgnored('pkg/keep.gen', false)).toBe(false);
      expect(r.isIgnored('other/keep.gen', false)).toBe(true);
      expect(r.isIgnored('pkg/local', false)).toBe(true);
      expect(r.isIgnored('local', false)).toBe(false);
      expect(r.isIgnored('pkg/sub/local', false)).toBe(false);
    });
  });

  describe('dockerignore patterns', () => {
    it('are anchored at the context root', () => {
      const r = rules('node_modules\n*.md\n**/*.tmp', 'dockerignore');
      expect(r.isIgnored('node_modules', true)).toBe(true);
      expect(r.isIgnored('web/node_modules', true)).toBe(false);
      expect(r.isIgnored('README.md', false)).toBe(true);
      expect(r.isIgnored('docs/a.md', false)).toBe(false);
      expect(r.isIgnored('a/b.tmp', false)).toBe(true);
    });

    it('ignore a trailing slash and a leading ./', () => {
      const r = rules('./build/\n!build/keep', 'dockerignore');
      expect(r.isIgnored('build', false)).toBe(true);
    });
  });
});

describe('parseIgnoreLine', () => {
  it('records negation, directory-only and base', () => {
    expect(parseIgnoreLine('!out/', 'sub')).toMatchObject({
      base: 'sub',
      negated: true,
      directoryOnly: true,
      pattern: '!out/',
    });
  });

  it('returns nothing for blanks, comments and a lone slash', () => {
    expect(parseIgnoreLine('   ')).toBeUndefined();
    expect(parseIgnoreLine('# x')).toBeUndefined();
    expect(parseIgnoreLine('/')).toBeUndefined();
  });
});
