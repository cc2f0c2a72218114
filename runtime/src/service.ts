import type { Settings } from '@platform/config';

export interface ServiceContext {
  settings: Settings;
  /** Progress lines for the person running the command (stderr, so stdout stays parseable). */
  log(message: string): void;
}

/** One local process of the platform. New services (Spark, Airflow) implement this and join the stack list. */
export interface Service {
  readonly name: string;
  /** TCP ports it listens on; `stack up` refuses to start when one is taken by something else. */
  ports(settings: Settings): number[];
  /** Where it answers when that is not a TCP port (the container engine's socket). */
  endpoint?(settings: Settings): string;
  /** Installs what is missing into the platform home. Idempotent and cheap when already done. */
  install(context: ServiceContext): Promise<void>;
  /** Launches the process (detached, logging to its log file) and returns once it is spawned. */
  start(context: ServiceContext): Promise<void>;
  /** How long `up` waits for `ready` (default 60 s); JVM services start slower on a busy machine. */
  readonly readyTimeoutMs?: number;
  /** True once the service answers a real request (not merely an open port). */
  ready(context: ServiceContext): Promise<boolean>;
  /** Work that needs the service up: databases, buckets. Idempotent. */
  afterReady?(context: ServiceContext): Promise<void>;
  /** Shuts the process down gracefully, force-killing it after a timeout. */
  stop(context: ServiceContext): Promise<void>;
  /** Whether its process is alive, from the pid file. */
  running(settings: Settings): boolean;
  dataDir(settings: Settings): string;
  logFile(settings: Settings): string;
}
