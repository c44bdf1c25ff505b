import { filterCovers, humanDuration } from './jetstream.js';

describe(filterCovers.name, () => {
  it('matches a literal subject token by token', () => {
    expect(filterCovers('kiln.v1.build.requested', 'kiln.v1.build.requested')).toBe(true);
    expect(filterCovers('kiln.v1.build.requested', 'kiln.v1.build.requested.x')).toBe(false);
  });

  it('lets * stand for one token and > for one or more', () => {
    expect(filterCovers('kiln.*.build.requested', 'kiln.v1.build.requested')).toBe(true);
    expect(filterCovers('kiln.v1.stage.>', 'kiln.v1.stage.source.fetched')).toBe(true);
    expect(filterCovers('kiln.v1.stage.>', 'kiln.v1.stage')).toBe(false);
  });

  it('covers a channel parameter only with a wildcard', () => {
    expect(filterCovers('kiln.v1.log.>', 'kiln.v1.log.{namespace}.{build}')).toBe(true);
    expect(filterCovers('kiln.v1.log.team-a.*', 'kiln.v1.log.{namespace}.{build}')).toBe(false);
  });
});

describe(humanDuration.name, () => {
  it('says a duration in its largest whole unit', () => {
    expect(humanDuration(7 * 86_400)).toBe('7 days');
    expect(humanDuration(600)).toBe('10 minutes');
    expect(humanDuration(60)).toBe('1 minute');
    expect(humanDuration(45)).toBe('45 seconds');
  });
});
