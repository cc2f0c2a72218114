import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';

export interface CommandOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** `inherit` shows the output live (wrappers people run); `pipe` collects it. */
  stdio?: 'inherit' | 'pipe';
  /** Piped into stdin (docker import, docker load). */
  input?: Readable;
  /** Output as it comes, besides being collected (build logs). */
  onOutput?: (chunk: string) => void;
}

export interface CommandResult {
  /** The exit code; 128 + n for a command killed by a signal, as shells report it. */
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end and resolves with how it ended; only a command that cannot start rejects. */
export function runCommand(
  command: string,
  args: readonly string[],
  options: CommandOptions = {},
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const inherit = options.stdio === 'inherit';
    const child = spawn(command, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: [
        options.input ? 'pipe' : inherit ? 'inherit' : 'ignore',
        inherit ? 'inherit' : 'pipe',
        inherit ? 'inherit' : 'pipe',
      ],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      into.push(chunk);
      options.onOutput?.(chunk.toString('utf8'));
    };
    child.stdout?.on('data', collect(out));
    child.stderr?.on('data', collect(err));
    if (options.input && child.stdin) options.input.pipe(child.stdin);
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({
        code: code ?? 128 + (signal === 'SIGKILL' ? 9 : 15),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
  });
}

/** The last non-empty line of a command's stderr: what a one-line error quotes. */
export function lastLine(text: string): string {
  return text.trim().split('\n').filter(Boolean).pop() ?? '';
}
