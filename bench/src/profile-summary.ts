/** The parts of a V8 .cpuprofile this summary reads. */
export type CpuProfile = {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
};

export type HotSpot = { where: string; selfMs: number; share: number };

/** `node_modules/.pnpm/x@1/node_modules/x/lib/a.js` → `x`; an own file → its path from apps/ or libs/. */
export function ownerOf(url: string): string {
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + '/node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1] ?? ''}` : (rest[0] ?? url);
  }
  const own = /\/((?:apps|libs)\/.*)$/.exec(url);
  if (own?.[1]) {
    return own[1];
  }
  return url.startsWith('node:') ? url : url === '' ? '(native)' : url;
}

/**
 * Self time per function (and per package, by `by`) from the samples, busiest first. Idle time
 * and the profiler's own work (anything under node:inspector) are left out; `(program)` (native
 * code outside JS) and `(garbage collector)` stay in.
 */
export function hotSpots(
  profile: CpuProfile,
  by: 'function' | 'owner',
  top = 12,
): { busyMs: number; spots: HotSpot[] } {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const parents = new Map<number, number>();
  for (const n of profile.nodes) {
    for (const child of n.children ?? []) {
      parents.set(child, n.id);
    }
  }
  const underProfiler = (id: number): boolean => {
    for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) {
      if (nodes.get(at)?.url === 'node:inspector') {
        return true;
      }
    }
    return false;
  };
  const self = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const frame = nodes.get(id);
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    if (!frame || frame.functionName === '(idle)' || underProfiler(id)) {
      return;
    }
    const owner = ownerOf(frame.url);
    const key =
      by === 'owner'
        ? owner
        : `${frame.functionName || '(anonymous)'} ${owner}:${frame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + ms);
    busy += ms;
  });
  const spots = [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([where, selfMs]) => ({ where, selfMs, share: busy > 0 ? selfMs / busy : 0 }));
  return { busyMs: busy, spots };
}
