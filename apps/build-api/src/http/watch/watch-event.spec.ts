import type { Change } from './change-feed.js';
import { toWatchEvent } from './watch-event.js';

const object = (labels: Record<string, string>, rv: string) => ({
  metadata: { name: 'x', labels, resourceVersion: rv },
});
const change = (type: Change['type'], now: object, before?: object): Change => ({
  position: '10',
  resourceVersion: '20',
  type,
  object: now as Record<string, unknown>,
  oldObject: (before as Record<string, unknown> | undefined) ?? null,
});
const web = (o: Record<string, unknown>) =>
  (o as { metadata: { labels: Record<string, string> } }).metadata.labels.app === 'web';

describe(toWatchEvent.name, () => {
  it('passes every change through when all objects are kept', () => {
    const added = change('ADDED', object({}, '20'));
    expect(toWatchEvent(added, () => true)).toEqual({ type: 'ADDED', object: added.object });
  });

  it('drops changes to objects outside the selection', () => {
    expect(toWatchEvent(change('ADDED', object({ app: 'db' }, '20')), web)).toBeUndefined();
    expect(
      toWatchEvent(
        change('MODIFIED', object({ app: 'db' }, '20'), object({ app: 'db' }, '19')),
        web,
      ),
    ).toBeUndefined();
  });

  it('reports an object that comes into the selection as ADDED', () => {
    const event = toWatchEvent(
      change('MODIFIED', object({ app: 'web' }, '20'), object({ app: 'db' }, '19')),
      web,
    );
    expect(event?.type).toBe('ADDED');
  });

  it('reports an object that leaves the selection as DELETED, at the new version', () => {
    const event = toWatchEvent(
      change('MODIFIED', object({ app: 'db' }, '20'), object({ app: 'web' }, '19')),
      web,
    );
    expect(event).toEqual({ type: 'DELETED', object: object({ app: 'web' }, '20') });
  });

  it('keeps MODIFIED and DELETED of selected objects', () => {
    const modified = change('MODIFIED', object({ app: 'web' }, '20'), object({ app: 'web' }, '19'));
    expect(toWatchEvent(modified, web)?.type).toBe('MODIFIED');
    expect(toWatchEvent(change('DELETED', object({ app: 'web' }, '20')), web)?.type).toBe(
      'DELETED',
    );
  });
});
