/**
 * `.dockerignore` as Docker reads it: one pattern a line, `#` comments, `!` re-includes, `*` and `?` within one path
 * segment, `**` across segments, the last matching pattern wins, and a pattern that matches a directory matches
 * everything under it.
 */
import { posix } from 'node:path';

interface Pattern {
  readonly regex: RegExp;
  readonly include: boolean;
}

function toRegex(glob: string): RegExp {
  let source = '';
  for (let index = 0; index < glob.length; index++) {
    const char = glob.charAt(index);
    if (char === '*' && glob.charAt(index + 1) === '*') {
      const slash = glob.charAt(index + 2) === '/';
      source += slash ? '(?:.*/)?' : '.*';
      index += slash ? 2 : 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

function parsePatterns(text: string): Pattern[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const include = line.startsWith('!');
      const cleaned = posix.normalize(include ? line.slice(1).trim() : line).replace(/^\/+|\/+$/g, '');
      return { regex: toRegex(cleaned), include };
    });
}

/** Paths that are the path itself and each of its parent directories: `a/b/c` gives `a`, `a/b`, `a/b/c`. */
function selfAndParents(path: string): string[] {
  const segments = path.split('/');
  return segments.map((_, index) => segments.slice(0, index + 1).join('/'));
}

/** Whether Docker leaves a context path (relative, with `/`) out of the build context. */
export function dockerignoreMatcher(text: string): (path: string) => boolean {
  const patterns = parsePatterns(text);
  return (path) => {
    const candidates = selfAndParents(posix.normalize(path).replace(/^\/+|\/+$/g, ''));
    let ignored = false;
    for (const pattern of patterns) {
      if (candidates.some((candidate) => pattern.regex.test(candidate))) ignored = !pattern.include;
    }
    return ignored;
  };
}
