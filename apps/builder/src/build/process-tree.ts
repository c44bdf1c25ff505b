import { readdirSync, readFileSync } from 'node:fs';

/** Parent pid of a process from /proc/<pid>/stat (the field after the parenthesised name). */
function parentOf(pid: string): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[1]);
  } catch {
    return undefined;
  }
}

/**
 * Every descendant of `root` right now. Buildah's chroot runtime starts RUN commands in a new
 * session, out of its process group: killing the group alone would leave them running.
 */
export function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (/^\d+$/.test(entry)) {
      const parent = parentOf(entry);
      if (parent !== undefined) {
        children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
      }
    }
  }
  const found: number[] = [];
  const queue = [root];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    for (const child of children.get(pid) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}
