/** Instructions of a Dockerfile as (keyword, arguments), continuation lines joined, comments dropped. */
export function dockerfileInstructions(text: string): { keyword: string; args: string }[] {
  return text
    .replace(/\\\r?\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

/**
 * The paths a Dockerfile takes from its build context: the sources of every COPY and ADD that
 * does not copy from another stage. Forms this parser cannot follow exactly (JSON arrays,
 * wildcards, variables, URLs) are refused, so nothing the build reads is left out of its hash.
 */
export function contextSources(text: string): string[] {
  const sources: string[] = [];
  for (const { keyword, args } of dockerfileInstructions(text)) {
    if (keyword !== 'COPY' && keyword !== 'ADD') continue;
    const words = args.split(/\s+/);
    if (words.some((w) => w.startsWith('--from='))) continue;
    const paths = words.filter((w) => !w.startsWith('--'));
    for (const source of paths.slice(0, -1)) {
      if (/^\[|[*?$]|:\/\//.test(source))
        throw new Error(`${keyword} ${args}: this form is not supported by the inputs hash`);
      sources.push(source.replace(/^\.\/|\/+$/g, '') || '.');
    }
  }
  return sources;
}
