// Container start overhead per task, for docs/benchmarks.md ("Containers"): the same tasks
// command as a container (runtime/src/containers, exactly as npm start and the DockerOperator
// run it) and as a plain process on the host, interleaved so both see the same machine load.
//
//   npx tsc -b && node runtime/dist/cli.js up && node runtime/dist/cli.js images
//   node bench/containers/start-overhead.mjs [ROUNDS]     # from the repo root, default 10
//
// Two commands: `--help` (node start and module loading only) and `status --table
// order_channel` (one catalog read over PostgreSQL and S3). Prints the median of each per
// command and the difference, which is what a container adds to every task.
import { spawnSync } from 'node:child_process';
import { loadSettings, resolveEnvironment } from '@platform/config';
import { runProjectContainer } from '../../runtime/dist/containers/run-container.js';
import { tasksImage } from '../../runtime/dist/images/project-images.js';

const rounds = Number(process.argv[2] ?? 10);
const settings = loadSettings();
const env = { ...process.env, ...resolveEnvironment() };
const commands = [['--help'], ['status', '--table', 'order_channel']];

async function seconds(work) {
  const started = performance.now();
  const code = await work();
  if (code !== 0) throw new Error(`exit code ${code}`);
  return (performance.now() - started) / 1000;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

for (const command of commands) {
  const container = [];
  const plain = [];
  for (let i = 0; i < rounds; i++) {
    container.push(await seconds(async () => (await runProjectContainer(settings, tasksImage, command)).code));
    plain.push(
      await seconds(
        async () => spawnSync(process.execPath, ['tasks/dist/cli.js', ...command], { env, stdio: 'ignore' }).status,
      ),
    );
  }
  const c = median(container);
  const p = median(plain);
  console.log(
    `${command.join(' ').padEnd(30)} container ${c.toFixed(2)} s  plain ${p.toFixed(2)} s  overhead ${(c - p).toFixed(2)} s  (medians of ${rounds})`,
  );
}
