import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  collectRegistryGarbage,
  describePortHolder,
  isPortOpen,
  RegistryGcFailed,
  stopPid,
} from '@kiln/farm';
import { stringify } from 'yaml';
import { createBuilderStreams } from './builder-streams.js';
import { ensureAdminToken, ensureNotificationToken, ensureSecretKey } from './credentials.js';
import { checkPart, waitHealthy } from './health.js';
import { farmLayout, farmPorts, type FarmLayout } from './layout.js';
import { farmParts, registryOptions, type PartSpec } from './parts.js';
import { readState, upsertPart, writeState } from './state.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

export function cliConfigFile(): string {
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'kiln', 'config.yaml');
}

/**
 * Starts every part not already running; running `up` twice is harmless. Given part names, it
 * looks at those only (`up builder` brings back a builder that died while the rest ran on).
 */
export async function up(root: string, only: readonly string[] = []): Promise<void> {
  const layout = farmLayout(root);
  mkdirSync(layout.logs, { recursive: true });
  const ports = farmPorts();
  const secrets = {
    adminToken: ensureAdminToken(layout.tokensFile),
    secretKey: ensureSecretKey(layout.secretKeyFile),
    notificationToken: ensureNotificationToken(layout.notificationTokenFile),
  };
  let state = readState(layout.stateFile);
  const parts = selectParts(farmParts(layout, ports, secrets), only);
  const running = new Set<string>();
  for (const part of parts) {
    const known = state.parts.find((p) => p.name === part.name);
    if (known && known.port === part.port && (await checkPart(known)) === 'healthy') {
      running.add(part.name);
    }
  }
  // Every port is checked before anything starts, so a taken port leaves nothing half-started.
  for (const part of parts.filter((p) => !running.has(p.name))) {
    if (await isPortOpen(part.port)) {
      throw new Error(
        `port ${part.port} (${part.name}) is already in use by ${await describePortHolder(part.port)}; stop it or set another port (see README)`,
      );
    }
  }
  for (const part of parts) {
    const known = state.parts.find((p) => p.name === part.name);
    if (running.has(part.name)) {
      say(`  ${part.name.padEnd(22)} already running (pid ${known?.pid ?? '?'})`);
      continue;
    }
    if (known) {
      await stopPid(known.pid);
    }
    const { pid } = await part.start();
    const record = { name: part.name, pid, port: part.port, url: part.url, health: part.health };
    state = upsertPart(state, record);
    writeState(layout.stateFile, state);
    await waitHealthy(record, 60_000, layout.log(part.name));
    say(`  ${part.name.padEnd(22)} started     ${part.url}`);
  }
  writeCliConfig(`http://127.0.0.1:${ports.api}`, secrets.adminToken);
  say('');
  say(`Kiln API     http://127.0.0.1:${ports.api}`);
  say(`Registry     127.0.0.1:${ports.registry}`);
  say(`Admin token  ${secrets.adminToken}`);
  say(`CLI config   ${cliConfigFile()}`);
}

function selectParts(parts: PartSpec[], only: readonly string[]): PartSpec[] {
  const unknown = only.filter((name) => !parts.some((p) => p.name === name));
  if (unknown.length > 0) {
    throw new Error(
      `unknown part ${unknown.join(', ')}: the parts are ${parts.map((p) => p.name).join(', ')}`,
    );
  }
  return only.length === 0 ? parts : parts.filter((p) => only.includes(p.name));
}

/**
 * After `up` and the farm images: the `openshift` namespace's builder streams (nodejs, httpd,
 * static), imported from the farm registry, so BuildConfigs referring to them run as they are.
 */
export async function streams(root: string): Promise<void> {
  const layout = farmLayout(root);
  const ports = farmPorts();
  say('Builder image streams');
  await createBuilderStreams(
    `http://127.0.0.1:${ports.api}`,
    ensureAdminToken(layout.tokensFile),
    `127.0.0.1:${ports.registry}`,
    say,
  );
}

function writeCliConfig(server: string, token: string): void {
  const file = cliConfigFile();
  mkdirSync(dirname(file), { recursive: true });
  let namespace = 'default';
  if (existsSync(file)) {
    const match = /^namespace:\s*(\S+)/m.exec(readFileSync(file, 'utf8'));
    namespace = match?.[1] ?? namespace;
  }
  writeFileSync(file, stringify({ server, token, namespace }), { mode: 0o600 });
}

/** Stops exactly what `up` started, by pid, workers first. */
export async function down(root: string): Promise<void> {
  const layout = farmLayout(root);
  const state = readState(layout.stateFile);
  for (const part of [...state.parts].reverse()) {
    await stopPid(part.pid, 10_000);
    say(`  ${part.name.padEnd(22)} stopped`);
  }
  writeState(layout.stateFile, { parts: [] });
}

/** Prints each part with its pid, port and health; exits non-zero when any is not healthy. */
export async function status(root: string): Promise<boolean> {
  const layout = farmLayout(root);
  const state = readState(layout.stateFile);
  if (state.parts.length === 0) {
    say('the farm is not running (./kiln up starts it)');
    return false;
  }
  say(`${'PART'.padEnd(22)}${'PID'.padEnd(9)}${'PORT'.padEnd(7)}${'HEALTH'.padEnd(11)}URL`);
  let allHealthy = true;
  for (const part of state.parts) {
    const health = await checkPart(part);
    allHealthy &&= health === 'healthy';
    say(
      `${part.name.padEnd(22)}${String(part.pid).padEnd(9)}${String(part.port).padEnd(7)}${health.padEnd(11)}${part.url}`,
    );
  }
  return allHealthy;
}

/**
 * `./kiln gc`: frees the registry's blobs nothing refers to any more (what retention deleted,
 * abandoned uploads) with the registry's garbage-collect, the registry read-only meanwhile (see
 * collectRegistryGarbage). A stage storing something in that minute fails the attempt and is
 * retried.
 */
export async function gc(root: string): Promise<void> {
  const layout = farmLayout(root);
  let state = readState(layout.stateFile);
  const known = state.parts.find((p) => p.name === 'registry');
  if (!known || (await checkPart(known)) !== 'healthy') {
    throw new Error('the farm registry is not running (./kiln up starts it)');
  }
  const options = registryOptions(
    layout,
    { ...farmPorts(), registry: known.port },
    { notificationToken: ensureNotificationToken(layout.notificationTokenFile) },
  );
  const record = (pid: number) => {
    state = upsertPart(state, { ...known, pid });
    writeState(layout.stateFile, state);
  };
  try {
    const result = await collectRegistryGarbage(options, () => stopPid(known.pid, 10_000));
    record(result.registry.pid);
    say(`  registry               ${result.summary}`);
    say(
      `Freed ${formatBytes(result.bytesFreed)}: the registry holds ${formatBytes(result.bytesAfter)}`,
    );
  } catch (error) {
    if (error instanceof RegistryGcFailed) {
      record(error.registry.pid);
    }
    throw error;
  }
}

function formatBytes(bytes: number): string {
  const mib = bytes / 1024 ** 2;
  return mib >= 1 ? `${mib.toFixed(1)} MiB (${bytes} bytes)` : `${bytes} bytes`;
}

export function logs(root: string, part: string | undefined): void {
  const layout: FarmLayout = farmLayout(root);
  if (!part) {
    throw new Error(
      'usage: ./kiln logs PART (nats, postgres, registry, git-daemon, build-api, source-fetcher, dockerfile-generator, builder, pusher)',
    );
  }
  const file = layout.log(part);
  if (!existsSync(file)) {
    throw new Error(`no log for ${part} at ${file}`);
  }
  process.stdout.write(readFileSync(file));
}
