import { readFileSync } from 'node:fs';
import type { Settings } from '@platform/config';
import { formatTable } from './format-table.js';
import { isListening } from './port-check.js';
import type { Service, ServiceContext } from './service.js';
import { AIRFLOW_SERVICES } from './services/airflow.js';
import { containerEngine } from './services/container-engine.js';
import { objectStore } from './services/object-store.js';
import { postgresServer } from './services/postgres-server.js';
import { redisServer } from './services/redis-server.js';
import { sparkMaster } from './services/spark-master.js';
import { sparkWorker } from './services/spark-worker.js';
import { waitUntil } from './wait-until.js';

/**
 * The services the platform's data path needs. The container engine comes first: it needs
 * nothing, and `down` stops it last, after the services its containers talk to.
 */
export const CORE_SERVICES: readonly Service[] = [containerEngine, postgresServer, redisServer, objectStore];

/** The standalone cluster the silver, gold and maintenance jobs are submitted to. */
export const SPARK_SERVICES: readonly Service[] = [sparkMaster, sparkWorker];

/** Start order; `down` stops in reverse. Airflow comes last: it needs all of the others. */
export const SERVICES: readonly Service[] = [...CORE_SERVICES, ...SPARK_SERVICES, ...AIRFLOW_SERVICES];

const READY_TIMEOUT_MS = 60_000;

export function selectServices(names: string[]): Service[] {
  if (names.length === 0) return [...SERVICES];
  return names.map((name) => {
    const service = SERVICES.find((s) => s.name === name);
    if (!service) throw new Error(`unknown service "${name}" (known: ${SERVICES.map((s) => s.name).join(', ')})`);
    return service;
  });
}

function logTail(file: string, lines = 5): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join(' | ');
  } catch {
    return 'no log yet';
  }
}

async function ready(service: Service, context: ServiceContext): Promise<boolean> {
  try {
    return await service.ready(context);
  } catch {
    return false;
  }
}

async function ensurePortsFree(service: Service, settings: Settings): Promise<void> {
  for (const port of service.ports(settings)) {
    if (await isListening('127.0.0.1', port)) {
      throw new Error(
        `port ${port} (${service.name}) is already in use by another process: stop that process or choose another port in the environment (see .env.example)`,
      );
    }
  }
}

/** Brings services up in order: install, start, wait until they answer, then their setup step. */
export async function up(services: Service[], context: ServiceContext): Promise<void> {
  for (const service of services) {
    const { settings, log } = context;
    if (service.running(settings) && (await ready(service, context))) {
      log(`${service.name}: already running`);
    } else {
      await ensurePortsFree(service, settings);
      await service.install(context);
      await service.start(context);
      try {
        await waitUntil(() => service.ready(context), service.readyTimeoutMs ?? READY_TIMEOUT_MS, 250);
      } catch (error) {
        throw new Error(
          `${service.name} did not become ready (${(error as Error).message}); log ${service.logFile(settings)}: ${logTail(service.logFile(settings))}`,
        );
      }
      log(`${service.name}: ready`);
    }
    await service.afterReady?.(context);
  }
}

export async function down(services: Service[], context: ServiceContext): Promise<void> {
  for (const service of [...services].reverse()) {
    await service.stop(context);
    context.log(`${service.name}: stopped`);
  }
}

export interface ServiceStatus {
  service: string;
  state: 'up' | 'down' | 'unhealthy';
  ports: number[];
  /** A socket or URL for a service that has no TCP port. */
  endpoint?: string;
  dataDir: string;
  logFile: string;
}

export async function status(services: Service[], context: ServiceContext): Promise<ServiceStatus[]> {
  return Promise.all(
    services.map(async (service) => {
      const running = service.running(context.settings);
      const state = !running ? 'down' : (await ready(service, context)) ? 'up' : 'unhealthy';
      return {
        service: service.name,
        state,
        ports: service.ports(context.settings),
        ...(service.endpoint ? { endpoint: service.endpoint(context.settings) } : {}),
        dataDir: service.dataDir(context.settings),
        logFile: service.logFile(context.settings),
      } satisfies ServiceStatus;
    }),
  );
}

export function formatStatus(rows: ServiceStatus[]): string {
  return formatTable([
    ['SERVICE', 'STATE', 'PORTS', 'DATA', 'LOG'],
    ...rows.map((r) => [r.service, r.state, r.ports.join(',') || (r.endpoint ?? ''), r.dataDir, r.logFile]),
  ]);
}
