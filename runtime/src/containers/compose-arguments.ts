/** Compose's global flags that take a value as the next argument. */
const GLOBAL_FLAGS_WITH_VALUE = new Set([
  '-f',
  '--file',
  '-p',
  '--project-name',
  '--profile',
  '--env-file',
  '--project-directory',
  '--ansi',
  '--progress',
  '--parallel',
]);

/** Where Compose's subcommand stands in its arguments (after the global flags and their values); -1 if none. */
export function composeSubcommandIndex(args: readonly string[]): number {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (GLOBAL_FLAGS_WITH_VALUE.has(arg)) i++;
    else if (!arg.startsWith('-')) return i;
  }
  return -1;
}

/** `args` with `extra` inserted right after the subcommand when it is `subcommand`. */
export function withSubcommandArguments(
  args: readonly string[],
  subcommand: string,
  extra: readonly string[],
): string[] {
  const at = composeSubcommandIndex(args);
  if (at < 0 || args[at] !== subcommand) return [...args];
  return [...args.slice(0, at + 1), ...extra, ...args.slice(at + 1)];
}
