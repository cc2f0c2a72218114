#!/usr/bin/env node
import { EXIT, generatedEnvFile, loadSettings, resolveEnvironment, runCli } from '@platform/config';
import { Command } from 'commander';
import { ensureGeneratedSecrets } from './generated-secrets.js';
import type { ServiceContext } from './service.js';
import { down, formatStatus, SERVICES, selectServices, status, up } from './stack.js';

function context(): ServiceContext {
  return { settings: loadSettings(), log: (message) => process.stderr.write(`${message}\n`) };
}

const program = new Command('stack').description(
  'Install, start and stop the platform services as local processes (no Docker needed)',
);

program
  .command('up')
  .description(`install what is missing and start services (default: all of ${SERVICES.map((s) => s.name).join(', ')})`)
  .argument('[services...]', 'only these services')
  .action(async (names: string[]) => {
    const generated = ensureGeneratedSecrets();
    if (generated.length) process.stderr.write(`generated ${generated.join(', ')} into ${generatedEnvFile()}\n`);
    const ctx = context();
    await up(selectServices(names), ctx);
    process.stdout.write(`${formatStatus(await status(selectServices(names), ctx))}\n`);
  });

program
  .command('down')
  .description('stop services (data is kept)')
  .argument('[services...]', 'only these services')
  .action(async (names: string[]) => {
    await down(selectServices(names), context());
  });

program
  .command('status')
  .description('show each service: up/down, ports, data directory, log file')
  .option('--json', 'machine-readable output')
  .action(async (options: { json?: boolean }) => {
    const rows = await status(selectServices([]), context());
    process.stdout.write(options.json ? `${JSON.stringify(rows, null, 2)}\n` : `${formatStatus(rows)}\n`);
    const down = rows.filter((row) => row.state !== 'up');
    // The table is the answer; the exit code says whether everything is up, without a message.
    if (down.length > 0) process.exitCode = EXIT.checkFailed;
  });

program
  .command('env')
  .description('print every resolved setting as shell exports (eval "$(npm run -s stack:env)"), or --json')
  .option('--json', 'one JSON object, for programs that start other programs')
  .action((options: { json?: boolean }) => {
    const env = resolveEnvironment();
    if (options.json) process.stdout.write(`${JSON.stringify(env)}\n`);
    else for (const [name, value] of Object.entries(env)) process.stdout.write(`export ${name}=${shellQuote(value)}\n`);
  });

/** Single quotes keep every character but the single quote itself, which is closed, escaped and reopened. */
function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

await runCli(program);
