import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GitBuildSource } from '@kiln/build-types';
import { FetchError } from '../fetch/fetch-errors.js';
import type { FetchLog, Redactor } from '../fetch/fetch-log.js';
import { SourceTooLarge, measureTree, type TreeLimits } from '../tree/source-tree.js';
import { watchSize } from '../tree/size-watch.js';
import { cloneAt } from './clone.js';
import { planGitAuth, proxyEnv, type SourceSecret } from './git-auth.js';
import { tidyGitDir } from './git-dir.js';
import { explainGitFailure } from './git-failure.js';
import { GitProgress } from './git-progress.js';
import { GitFailed, type GitCall, type GitRunner } from './git.runner.js';
import { filterGitConfig, parseConfigList, serializeGitConfig } from './gitconfig-filter.js';
import { redactGitUrl, refuseGitRef, refuseGitUrl } from './git-url.js';
import { readRevision, type Revision } from './revision.js';

export type GitFetch = {
  git: GitBuildSource;
  secret: SourceSecret | undefined;
  /** Where the checkout goes. */
  checkout: string;
  /** A private (0700) directory for credential files; the caller removes it. */
  secretDir: string;
  log: FetchLog;
  redactor: Redactor;
};

export type GitSourceOptions = { allowLocal: boolean; timeoutSeconds: number; limits: TreeLimits };

/**
 * Fetches `source.git`: refuses dangerous URLs, hands the sourceSecret to git through files,
 * clones under a deadline and a size watch, and leaves a `.git` without credentials.
 */
export class GitSource {
  constructor(
    private readonly runner: GitRunner,
    private readonly options: GitSourceOptions,
  ) {}

  async fetch(request: GitFetch): Promise<Revision> {
    const { git, log, redactor } = request;
    const refused =
      refuseGitUrl(git.uri, this.options.allowLocal) ??
      (git.ref ? refuseGitRef(git.ref) : undefined);
    if (refused) {
      throw new FetchError('FetchSourceFailed', `spec.source.git: ${refused}`);
    }
    const env = await this.environment(request);
    const controller = new AbortController();
    const deadline = setTimeout(
      () => controller.abort(new CloneTimedOut(this.options.timeoutSeconds)),
      this.options.timeoutSeconds * 1000,
    );
    const watch = watchSize(request.checkout, this.options.limits, controller);
    const progress = new GitProgress((line) => log.line(line));
    const call: GitCall = { env, signal: controller.signal, onStderr: (t) => progress.push(t) };
    try {
      await cloneAt(this.runner, {
        uri: git.uri,
        ref: git.ref ?? undefined,
        dir: request.checkout,
        call,
        log: (line) => log.line(line),
      });
      await measureTree(request.checkout, this.options.limits);
      const revision = await readRevision(this.runner, request.checkout, git.ref ?? undefined);
      await tidyGitDir(this.runner, request.checkout, git.uri, redactor.secrets, {
        env,
        signal: controller.signal,
      });
      return revision;
    } catch (error) {
      throw this.explain(error, git.uri);
    } finally {
      clearTimeout(deadline);
      watch.stop();
      progress.flush();
    }
  }

  private explain(error: unknown, uri: string): unknown {
    const reason = error instanceof GitFailed ? error.abortReason : error;
    if (reason instanceof SourceTooLarge) {
      return new FetchError('FetchSourceFailed', `cloning ${redactGitUrl(uri)}: ${reason.message}`);
    }
    if (reason instanceof CloneTimedOut) {
      return new FetchError('FetchSourceFailed', `cloning ${redactGitUrl(uri)}: ${reason.message}`);
    }
    if (error instanceof GitFailed) {
      return new FetchError('FetchSourceFailed', explainGitFailure(error.stderr, uri));
    }
    return error;
  }

  /** Credential files written (0600), the user's config filtered, proxies set: git's env. */
  private async environment(request: GitFetch): Promise<NodeJS.ProcessEnv> {
    const { git, secret, secretDir, log, redactor } = request;
    mkdirSync(secretDir, { recursive: true, mode: 0o700 });
    const plan = planGitAuth(git.uri, secret, secretDir);
    redactor.add(...plan.secrets);
    for (const file of plan.files) {
      writeFileSync(join(secretDir, file.name), file.content, { mode: file.mode, flag: 'wx' });
    }
    plan.notes.forEach((note) => log.line(note));
    const env: NodeJS.ProcessEnv = { ...plan.env, ...proxyEnv(git) };
    for (const proxy of [git.httpProxy, git.httpsProxy]) {
      redactor.add(proxy ? /\/\/[^:@/]*:([^@/]*)@/.exec(proxy)?.[1] : undefined);
    }
    if (plan.userConfig !== undefined) {
      env.GIT_CONFIG_GLOBAL = await this.userConfig(plan.userConfig, secretDir, log, redactor);
    }
    return env;
  }

  /** The sourceSecret's `.gitconfig`, reduced to settings that only shape this transfer. */
  private async userConfig(
    text: string,
    secretDir: string,
    log: FetchLog,
    redactor: Redactor,
  ): Promise<string> {
    const raw = join(secretDir, 'user.gitconfig');
    writeFileSync(raw, text, { mode: 0o600, flag: 'wx' });
    let listed: string;
    try {
      listed = await this.runner.git(secretDir, [
        'config',
        '--file',
        raw,
        '--no-includes',
        '--list',
        '-z',
      ]);
    } catch (error) {
      const detail =
        error instanceof GitFailed ? error.stderr.replace(raw, '.gitconfig').trim() : '';
      throw new FetchError(
        'FetchSourceFailed',
        `the sourceSecret's .gitconfig is not valid: ${detail}`,
      );
    }
    const { kept, dropped } = filterGitConfig(parseConfigList(listed));
    if (dropped.length > 0) {
      log.line(`Ignoring .gitconfig settings the farm does not allow: ${dropped.join(', ')}`);
    }
    for (const entry of kept) {
      if (/extraheader$/i.test(entry.key)) {
        redactor.add(entry.value, entry.value?.replace(/^[^:]*:\s*/, '').replace(/^\w+\s+/, ''));
      }
    }
    const filtered = join(secretDir, 'gitconfig');
    writeFileSync(filtered, serializeGitConfig(kept), { mode: 0o600, flag: 'wx' });
    return filtered;
  }
}

class CloneTimedOut extends Error {
  constructor(seconds: number) {
    super(`the clone did not finish within ${seconds} seconds (KILN_CLONE_TIMEOUT_SECONDS)`);
  }
}
