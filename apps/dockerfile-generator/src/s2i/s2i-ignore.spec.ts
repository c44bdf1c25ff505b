import { s2iIgnoreFilter } from './s2i-ignore.js';

describe(s2iIgnoreFilter.name, () => {
  it('drops ignored files and directories (TestDockerfileLocalSource)', () => {
    const keep = s2iIgnoreFilter(['dummy', '#skip_file', 'foo/bar/another_file', 'foo/baz/foobar']);
    const files = [
      'foo/a_file',
      'foo/bar/a_file',
      'foo/bar/another_file',
      'foo/baz/foobar/a_file',
      '#skip_file',
    ];
    expect(files.filter(keep)).toEqual(['foo/a_file', 'foo/bar/a_file', '#skip_file']);
  });

  it('re-includes with ! and matches globs when a later line negates an earlier one', () => {
    const keep = s2iIgnoreFilter(['*.log', '!keep.log', 'tmp/**/cache', 'doc?/']);
    expect(
      ['a.log', 'keep.log', 'sub/a.log', 'tmp/x/y/cache/f', 'docs/readme', 'src/main.js'].filter(
        keep,
      ),
    ).toEqual(['keep.log', 'sub/a.log', 'src/main.js']);
  });
});
