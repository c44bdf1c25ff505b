import type { Build } from '@kiln/build-types';
import { updatedBuild } from './build-update.js';
import { thrown } from '@kiln/testing';

const now = new Date('2025-06-01T10:00:00Z');
const current = (phase: NonNullable<Build['status']>['phase'] = 'Running'): Build => ({
  apiVersion: 'build.openshift.io/v1',
  kind: 'Build',
  metadata: { name: 'app-1', namespace: 'a', resourceVersion: '5', labels: { a: '1' } },
  spec: { strategy: { type: 'Docker', dockerStrategy: {} }, source: { dockerfile: 'FROM x' } },
  status: { phase, startTimestamp: '2025-06-01T09:59:00Z' },
});
const body = (change: (b: Build) => void = () => undefined) => {
  const b = structuredClone(current());
  change(b);
  return b as unknown as Record<string, unknown>;
};

describe(updatedBuild.name, () => {
  it('changes labels and annotations', () => {
    const next = updatedBuild(
      current(),
      body((b) => {
        b.metadata.labels = { b: '2' };
        b.metadata.annotations = { note: 'x' };
      }),
      now,
    );
    expect(next?.metadata.labels).toEqual({ b: '2' });
    expect(next?.metadata.annotations).toEqual({ note: 'x' });
  });

  it('cancels on status.cancelled: true, as oc cancel-build asks', () => {
    const next = updatedBuild(
      current(),
      body((b) => (b.status = { phase: 'Running', ...b.status, cancelled: true })),
      now,
    );
    expect(next?.status).toMatchObject({
      phase: 'Cancelled',
      cancelled: true,
      reason: 'CancelledBuild',
    });
  });

  it('cancels from a body whose status holds only cancelled', () => {
    const next = updatedBuild(
      current(),
      body((b) => Object.assign(b, { status: { cancelled: true } })),
      now,
    );
    expect(next?.status?.phase).toBe('Cancelled');
  });

  it('changes nothing for an unchanged body or a cancel of an ended build', () => {
    expect(updatedBuild(current(), body(), now)).toBeUndefined();
    const ended = current('Complete');
    const cancel = { ...structuredClone(ended), status: { phase: 'Complete', cancelled: true } };
    expect(updatedBuild(ended, cancel as unknown as Record<string, unknown>, now)).toBeUndefined();
  });

  it("ignores other status changes: the status is the server's", () => {
    expect(
      updatedBuild(
        current(),
        body((b) => (b.status = { phase: 'Complete' })),
        now,
      ),
    ).toBeUndefined();
  });

  it('refuses a spec change with 422', () => {
    expect(
      thrown(() =>
        updatedBuild(
          current(),
          body((b) => (b.spec.source = { dockerfile: 'FROM y' })),
          now,
        ),
      ),
    ).toMatchObject({ code: 422 });
  });

  it('refuses a stale resourceVersion with 409 and another name with 400', () => {
    expect(
      thrown(() =>
        updatedBuild(
          current(),
          body((b) => (b.metadata.resourceVersion = '4')),
          now,
        ),
      ),
    ).toMatchObject({ code: 409 });
    expect(
      thrown(() =>
        updatedBuild(
          current(),
          body((b) => (b.metadata.name = 'app-2')),
          now,
        ),
      ),
    ).toMatchObject({ code: 400 });
  });
});
