import { LOG_SUBJECT_PREFIX, logSubject, RpcSubjects, Subjects } from './subjects.js';

describe('NATS subjects', () => {
  const all = [...Object.values(Subjects), ...Object.values(RpcSubjects), LOG_SUBJECT_PREFIX];

  it('are all versioned under kiln.v1', () => {
    expect(all.filter((s) => !/^kiln\.v1\.[a-z][a-z.-]*[a-z]$/.test(s))).toEqual([]);
  });

  it('are all distinct, and no event subject is a request/reply one', () => {
    expect(new Set(all).size).toBe(all.length);
  });

  it('give each build its own log subject under the log prefix', () => {
    expect(logSubject('team-a', 'app-1')).toBe('kiln.v1.log.team-a.app-1');
  });
});
