const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;
const day = 24 * hour;
const year = 365 * day;

/**
 * kubectl's AGE column: short and coarser as it grows (`45s`, `3m20s`, `25m`, `5h10m`, `2d3h`,
 * `40d`, `3y`). A clock a second ahead still reads `0s`.
 */
export function shortAge(ms: number): string {
  const seconds = Math.floor(ms / second);
  if (seconds < -1) {
    return '<invalid>';
  }
  if (seconds < 0) {
    return '0s';
  }
  if (seconds < 120) {
    return `${seconds}s`;
  }
  const minutes = Math.floor(ms / minute);
  if (minutes < 10) {
    return withRest(minutes, 'm', seconds % 60, 's');
  }
  if (minutes < 180) {
    return `${minutes}m`;
  }
  const hours = Math.floor(ms / hour);
  if (hours < 8) {
    return withRest(hours, 'h', minutes % 60, 'm');
  }
  if (hours < 48) {
    return `${hours}h`;
  }
  const days = Math.floor(ms / day);
  if (hours < 8 * 24) {
    return withRest(days, 'd', hours % 24, 'h');
  }
  if (ms < 2 * year) {
    return `${days}d`;
  }
  const years = Math.floor(ms / year);
  if (ms < 8 * year) {
    return withRest(years, 'y', days % 365, 'd');
  }
  return `${years}y`;
}

function withRest(big: number, bigUnit: string, small: number, smallUnit: string): string {
  return small === 0 ? `${big}${bigUnit}` : `${big}${bigUnit}${small}${smallUnit}`;
}

/** The wordy form `oc` uses for STARTED and Created: `About a minute`, `3 hours`, `2 weeks`. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / second);
  if (seconds < 1) {
    return 'Less than a second';
  }
  if (seconds === 1) {
    return '1 second';
  }
  if (seconds < 60) {
    return `${seconds} seconds`;
  }
  const minutes = Math.floor(ms / minute);
  if (minutes === 1) {
    return 'About a minute';
  }
  if (minutes < 60) {
    return `${minutes} minutes`;
  }
  const hours = Math.round(ms / hour);
  if (hours === 1) {
    return 'About an hour';
  }
  if (hours < 48) {
    return `${hours} hours`;
  }
  if (hours < 24 * 14) {
    return `${Math.floor(hours / 24)} days`;
  }
  if (hours < 24 * 60) {
    return `${Math.floor(hours / (24 * 7))} weeks`;
  }
  if (hours < 24 * 365 * 2) {
    return `${Math.floor(hours / (24 * 30))} months`;
  }
  return `${Math.floor(hours / (24 * 365))} years`;
}

/** `3 minutes ago` for an RFC 3339 time; '' when there is none. */
export function ago(timestamp: string | null | undefined, now: number): string {
  const at = parseTime(timestamp);
  return at === undefined ? '' : `${humanDuration(now - at)} ago`;
}

/** The AGE cell for an RFC 3339 time; `<unknown>` when there is none, as kubectl prints. */
export function ageOf(timestamp: string | null | undefined, now: number): string {
  const at = parseTime(timestamp);
  return at === undefined ? '<unknown>' : shortAge(now - at);
}

export function parseTime(timestamp: string | null | undefined): number | undefined {
  if (!timestamp) {
    return undefined;
  }
  const at = Date.parse(timestamp);
  return Number.isNaN(at) ? undefined : at;
}

/** A duration as Go prints one, to whole seconds: `45s`, `1m2s`, `1h0m5s`. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / second));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) {
    return `${h}h${m}m${s}s`;
  }
  return m > 0 ? `${m}m${s}s` : `${s}s`;
}
