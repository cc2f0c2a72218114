/**
 * The subset of .dockerignore that this repository uses, implemented exactly: one pattern a line,
 * `#` comments, `*` (within a path segment), `?`, and `**` (any number of segments). A path is
 * ignored when it or one of its parent directories matches. Exclusions (`!`) are refused rather
 * than half-supported, so the inputs hash can never differ from what Docker sends.
 */
export function dockerignoreMatcher(text: string): (relativePath: string) => boolean {
  const patterns = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      if (line.startsWith('!')) throw new Error(`.dockerignore: exclusions are not supported (${line})`);
      return patternRegExp(line.replace(/^\/+|\/+$/g, ''));
    });
  return (relativePath) => {
    const segments = relativePath.split('/');
    for (let i = 1; i <= segments.length; i++) {
      const prefix = segments.slice(0, i).join('/');
      if (patterns.some((p) => p.test(prefix))) return true;
    }
    return false;
  };
}

function patternRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*' && pattern[i + 1] === '*') {
      // `**/` matches zero or more whole segments; a trailing `**` matches everything below.
      if (pattern[i + 2] === '/') {
        source += '(?:.*/)?';
        i += 2;
      } else {
        source += '.*';
        i += 1;
      }
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
