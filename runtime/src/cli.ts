#!/usr/bin/env node
import { EXIT, generatedEnvFile, loadSettings, resolveEnvironment, runCli } from '@platform/config';
import { Command } from 'commander';
import { formatTable } from './format-table.js';
import { ensureGeneratedSecrets } from './generated-secrets.js';
import { ensureProjectImages, type ImageSummary } from './images/ensure-project-images.js';
import { PROJECT_IMAGES, projectImage } from './images/project-images.js';
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

program
  .command('images')
  .description(
    `build what changed of the project's images (default: all of ${PROJECT_IMAGES.map((i) => i.name).join(', ')})`,
  )
  .argument('[images...]', 'only these images')
  .action(async (names: string[]) => {
    const images = names.length ? names.map(projectImage) : [...PROJECT_IMAGES];
    process.stdout.write(`${formatImages(await ensureProjectImages(context(), images))}\n`);
  });

function formatImages(rows: ImageSummary[]): string {
  return formatTable([
    ['IMAGE', 'REFERENCE', 'STATE', 'SIZE'],
    ...rows.map((r) => [r.image, r.ref, r.state, `${(r.size / 1e6).toFixed(1)} MB`]),
  ]);
}

/** Single quotes keep every character but the single quote itself, which is closed, escaped and reopened. */
function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

await runCli(program);
