#!/usr/bin/env node
import { generatedEnvFile, loadSettings } from '@platform/config';
import { Command } from 'commander';
import { ensureGeneratedSecrets } from './generated-secrets.js';
import type { ServiceContext } from './service.js';
import { down, formatStatus, SERVICES, selectServices, status, up } from './stack.js';

function context(): ServiceContext {
  return { settings: loadSettings(), log: (message) => process.stderr.write(`${message}\n`) };
}

const program = new Command('stack')
  .description('Install, start and stop the platform services as local processes (no Docker needed)')
  .showHelpAfterError();

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
    if (rows.some((row) => row.state !== 'up')) process.exitCode = 3;
  });

program
  .command('env')
  .description('print the generated settings as shell exports: eval "$(npm run -s stack:env)"')
  .action(() => {
    loadSettings();
    process.stdout.write(`set -a; . ${generatedEnvFile()}; set +a\n`);
  });

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`stack: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
