import type { Command } from 'commander';
import { CommanderError } from 'commander';
import { exitCodeFor } from './exit-codes.js';

/** Node's socket errors name no service and may span lines: one line that says which endpoint. */
export function oneLineMessage(error: unknown): string {
  const e = error as { code?: string; address?: string; port?: number };
  if (e?.code === 'ECONNREFUSED' && e.address) return `cannot connect to ${e.address}:${e.port}: connection refused`;
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

/**
 * Runs a commander program the same way for every CLI: errors end as one line on stderr,
 * prefixed with the program's name, and the exit code from the one table (exit-codes.ts).
 */
export async function runCli(program: Command): Promise<void> {
  // Subcommands copy this setting only when created after it: set it on the whole tree.
  const withSubcommands = (c: Command): Command[] => [c, ...c.commands.flatMap(withSubcommands)];
  for (const command of withSubcommands(program)) command.exitOverride();
  try {
    await program.parseAsync();
  } catch (error) {
    // Commander has printed its own one-line message (or the help) already.
    if (!(error instanceof CommanderError)) process.stderr.write(`${program.name()}: ${oneLineMessage(error)}\n`);
    process.exit(exitCodeFor(error));
  }
}
