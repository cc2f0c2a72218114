#!/usr/bin/env node
import {
  EXIT,
  generatedEnvFile,
  loadSettings,
  OBJECT_STORE_USERS,
  type ObjectStoreUser,
  objectStoreCredential,
  resolveEnvironment,
  runCli,
  UsageError,
} from '@platform/config';
import { Command } from 'commander';
import { AirflowApi, runSeconds } from './airflow/airflow-api.js';
import { composeSubcommandIndex, withSubcommandArguments } from './containers/compose-arguments.js';
import { runCompose } from './containers/docker-compose.js';
import { enginePing } from './containers/engine-api.js';
import { ingestAllInContainers } from './containers/ingest-in-containers.js';
import { runProjectContainer } from './containers/run-container.js';
import { formatTable } from './format-table.js';
import { ensureGeneratedSecrets } from './generated-secrets.js';
import { ensureProjectImages, type ImageSummary, localBaseBuildArgs } from './images/ensure-project-images.js';
import { COMPOSE_IMAGES, PROJECT_IMAGES, projectImage, tasksImage } from './images/project-images.js';
import type { ServiceContext } from './service.js';
import { down, formatStatus, SERVICES, selectServices, status, up } from './stack.js';

function context(): ServiceContext {
  return { settings: loadSettings(), log: (message) => process.stderr.write(`${message}\n`) };
}

/** The commands that use the engine say so in one line when it is not up, instead of docker's own errors. */
async function engineContext(): Promise<ServiceContext> {
  const ctx = context();
  const up = await enginePing(ctx.settings.containers.dockerHost).catch(() => false);
  if (!up) {
    throw new Error(
      `the container engine at ${ctx.settings.containers.dockerHost} is not answering: start it with "npm run stack:up"`,
    );
  }
  return ctx;
}

const program = new Command('stack')
  .enablePositionalOptions()
  .description('Install, start and stop the platform services as local processes (no Docker needed)');

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
  .argument('[services...]', 'only these services')
  .option('--json', 'machine-readable output')
  .action(async (names: string[], options: { json?: boolean }) => {
    const rows = await status(selectServices(names), context());
    process.stdout.write(options.json ? `${JSON.stringify(rows, null, 2)}\n` : `${formatStatus(rows)}\n`);
    const down = rows.filter((row) => row.state !== 'up');
    // The table is the answer; the exit code says whether everything is up, without a message.
    if (down.length > 0) process.exitCode = EXIT.checkFailed;
  });

program
  .command('env')
  .description('print every resolved setting as shell exports (eval "$(npm run -s stack:env)"), or --json')
  .option('--json', 'one JSON object, for programs that start other programs')
  .option(
    '--as <user>',
    `S3_ACCESS_KEY / S3_SECRET_KEY of this object-store user (${Object.keys(OBJECT_STORE_USERS).join(', ')}) instead of the root credential`,
  )
  .action((options: { json?: boolean; as?: string }) => {
    const env = resolveEnvironment();
    if (options.as !== undefined) {
      if (!Object.hasOwn(OBJECT_STORE_USERS, options.as)) {
        throw new UsageError(
          `unknown object-store user "${options.as}" (known: ${Object.keys(OBJECT_STORE_USERS).join(', ')})`,
        );
      }
      Object.assign(env, objectStoreCredential(loadSettings(), options.as as ObjectStoreUser));
    }
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
    process.stdout.write(`${formatImages(await ensureProjectImages(await engineContext(), images))}\n`);
  });

program
  .command('run')
  .description(
    'run a project container as Airflow does (host network, settings in a 0600 env file): run gen_data run --scenario flash-sale',
  )
  .argument('<image>', `one of ${PROJECT_IMAGES.map((i) => i.name).join(', ')}`)
  .argument('[command...]', "the image's command and its flags")
  .passThroughOptions()
  .allowUnknownOption()
  .action(async (name: string, command: string[]) => {
    const image = projectImage(name);
    const ctx = await engineContext();
    await ensureProjectImages(ctx, [image]);
    const result = await runProjectContainer(ctx.settings, image, command, { stdio: 'inherit' });
    // The container's own one-line error is already on stderr: only its exit code is passed on.
    process.exitCode = result.code;
  });

program
  .command('ingest')
  .description('ingest every table of the registry as tasks containers: extract, load, commit, one container each')
  .option('--run-id <id>', 'run id of every table (default start-<UTC time>)')
  .option('--concurrency <n>', 'tables at a time', '2')
  .action(async (options: { runId?: string; concurrency: string }) => {
    const ctx = await engineContext();
    const concurrency = Number(options.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new UsageError('--concurrency must be a positive integer');
    await ensureProjectImages(ctx, [tasksImage]);
    const runId = options.runId ?? `start-${new Date().toISOString().replace(/[-:.]/g, '')}`;
    const tables = await ingestAllInContainers(ctx.settings, runId, concurrency, ctx.log);
    process.stdout.write(`${JSON.stringify({ run_id: runId, tables: tables.length })}\n`);
  });

program
  .command('trigger')
  .description('start a run of an Airflow DAG through the REST API and follow it to its end (exit 1 if it failed)')
  .argument('<dag>', 'DAG id, e.g. 01_ingestion')
  .option('--conf <json>', "the trigger form's parameters as a JSON object", '{}')
  .option(
    '--then <dags>',
    'DAGs its Assets start (comma-separated, e.g. 02_transformation): unpaused first, then followed until they have nothing left to run',
  )
  .option('--timeout <seconds>', 'give up waiting after this long', '3600')
  .action(async (dagId: string, options: { conf: string; then?: string; timeout: string }) => {
    let conf: Record<string, unknown>;
    try {
      conf = JSON.parse(options.conf) as Record<string, unknown>;
    } catch {
      throw new UsageError(`--conf must be a JSON object, got "${options.conf}"`);
    }
    const timeout = Number(options.timeout);
    if (!Number.isFinite(timeout) || timeout <= 0)
      throw new UsageError('--timeout must be a positive number of seconds');
    const downstream = options.then?.split(',').filter(Boolean) ?? [];
    const { settings, log } = context();
    const api = new AirflowApi(settings);
    for (const dag of [dagId, ...downstream]) await api.waitForDag(dag, 120_000);
    // Before the trigger, or the Asset events of this run would find them paused.
    for (const dag of downstream) await api.unpause(dag);
    const started = Date.now();
    const run = await api.trigger(dagId, conf);
    log(`${dagId}: run ${run.dag_run_id} (http://127.0.0.1:${settings.airflow.port}/dags/${dagId})`);
    const ended = await api.waitForRun(dagId, run.dag_run_id, timeout * 1000, (done, total) =>
      log(`${dagId}: ${done}/${total} tasks done`),
    );
    const failed = (await api.taskInstances(dagId, run.dag_run_id))
      .filter((t) => t.state !== 'success')
      .map((t) => t.task_id);
    const followed: { dag_id: string; runs: number; run_seconds: number; failed: string[] }[] = [];
    if (ended.state === 'success') {
      for (const dag of downstream) {
        const runs = await api.waitUntilSettled(dag, timeout * 1000, (active) =>
          log(
            `${dag}: ${active.map((r) => `${r.dag_run_id} ${r.state}`).join(', ') || 'Asset events waiting for a run'}`,
          ),
        );
        const since = runs.filter((r) => r.start_date !== null && Date.parse(r.start_date) >= started);
        followed.push({
          dag_id: dag,
          runs: since.length,
          run_seconds: since.reduce((sum, r) => sum + (runSeconds(r) ?? 0), 0),
          failed: since.filter((r) => r.state !== 'success').map((r) => r.dag_run_id),
        });
      }
    }
    const seconds = Math.round((Date.now() - started) / 1000);
    // The DAG's own run, as Airflow timed it; `seconds` also covers the queueing and what --then followed.
    const run_seconds = runSeconds(ended);
    process.stdout.write(
      `${JSON.stringify({ dag_id: dagId, run_id: run.dag_run_id, state: ended.state, seconds, run_seconds, failed, followed })}\n`,
    );
    if (ended.state !== 'success') throw new Error(`${dagId} run ${run.dag_run_id} failed: ${failed.join(', ')}`);
    const broken = followed.filter((f) => f.failed.length > 0 || f.runs === 0);
    if (broken.length > 0) {
      throw new Error(
        broken
          .map((f) =>
            f.runs === 0
              ? `${f.dag_id} did not run after ${dagId}`
              : `${f.dag_id} run(s) failed: ${f.failed.join(', ')}`,
          )
          .join('; '),
      );
    }
  });

program
  .command('compose')
  .description(
    "Docker Compose v2 on docker-compose.yaml, with the platform's settings and engine; build uses the local bases",
  )
  .argument('[args...]', 'compose arguments, e.g. config -q, or build tasks gen_data')
  .passThroughOptions()
  .allowUnknownOption()
  .action(async (args: string[]) => {
    const building = args[composeSubcommandIndex(args)] === 'build';
    const ctx = building ? await engineContext() : context();
    const bases = building ? await localBaseBuildArgs(ctx, COMPOSE_IMAGES) : [];
    const full = withSubcommandArguments(args, 'build', bases);
    const result = await runCompose(ctx.settings, full, { stdio: 'inherit', log: ctx.log });
    process.exitCode = result.code;
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
