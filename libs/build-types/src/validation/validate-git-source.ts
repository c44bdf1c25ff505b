import type { GitBuildSource } from '../build/build-source.js';
import { type FieldError, invalid, required } from './field-error.js';

const schemeUrlRe = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//;
// scp-like syntax git accepts: `[user@]host:path` (no scheme, no slash before the colon).
const scpLikeRe = /^(?:[^@/\s]+@)?[^@/:\s]+:[^\s]*$/;

/** True for URLs git can clone: scheme URLs, scp-like `git@host:path`, and local paths. */
export const isGitUrl = (uri: string): boolean => {
  if (/\s/.test(uri)) {
    return false;
  }
  if (schemeUrlRe.test(uri)) {
    return URL.canParse(uri);
  }
  return scpLikeRe.test(uri) || uri.startsWith('/');
};

/** Git source needs a clonable URI. */
export const validateGitSource = (git: GitBuildSource, path: string): FieldError[] => {
  if (!git.uri) {
    return [required(`${path}.uri`)];
  }
  return isGitUrl(git.uri) ? [] : [invalid(`${path}.uri`, git.uri, 'not a valid git URL')];
};
