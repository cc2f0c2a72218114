import { request } from 'node:http';

/**
 * The few calls of the Docker Engine API the runtime makes itself (readiness, cleanup), over the
 * engine's unix socket or TCP address. Everything else goes through the docker CLI.
 */
export interface EngineResponse {
  status: number;
  body: string;
}

/** API 1.41 is Docker 20.10's (Debian bookworm); newer engines still serve it. */
const API = '/v1.41';

export function engineRequest(
  dockerHost: string,
  method: string,
  path: string,
  timeoutMs = 5000,
): Promise<EngineResponse> {
  const target = dockerHost.startsWith('unix://')
    ? { socketPath: dockerHost.slice('unix://'.length) }
    : tcpTarget(dockerHost);
  return new Promise((resolve, reject) => {
    const req = request({ ...target, method, path: `${API}${path}`, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () =>
      req.destroy(new Error(`the Docker engine at ${dockerHost} did not answer within ${timeoutMs} ms`)),
    );
    req.on('error', reject);
    req.end();
  });
}

function tcpTarget(dockerHost: string): { host: string; port: number } {
  const url = new URL(dockerHost.replace(/^tcp:/, 'http:'));
  return { host: url.hostname, port: Number(url.port) };
}

/** True when the engine answers its ping. */
export async function enginePing(dockerHost: string): Promise<boolean> {
  const { status, body } = await engineRequest(dockerHost, 'GET', '/_ping');
  return status === 200 && body === 'OK';
}

export async function engineVersion(dockerHost: string): Promise<{ Version: string; ApiVersion: string }> {
  const { status, body } = await engineRequest(dockerHost, 'GET', '/version');
  if (status !== 200) throw new Error(`GET /version answered ${status}: ${body.trim()}`);
  return JSON.parse(body) as { Version: string; ApiVersion: string };
}

export interface ContainerSummary {
  Id: string;
  Names: string[];
  State: string;
}

/** Containers (running or not) carrying the label `name=value`. */
export async function containersLabelled(dockerHost: string, name: string, value: string): Promise<ContainerSummary[]> {
  const filters = encodeURIComponent(JSON.stringify({ label: [`${name}=${value}`] }));
  const { status, body } = await engineRequest(dockerHost, 'GET', `/containers/json?all=1&filters=${filters}`);
  if (status !== 200) throw new Error(`listing containers answered ${status}: ${body.trim()}`);
  return JSON.parse(body) as ContainerSummary[];
}

/** Kills and removes a container; one already gone, or already being removed, is fine. */
export async function removeContainer(dockerHost: string, id: string): Promise<void> {
  const { status, body } = await engineRequest(dockerHost, 'DELETE', `/containers/${id}?force=1&v=1`, 30_000);
  if (status !== 204 && status !== 404 && status !== 409)
    throw new Error(`removing container ${id} answered ${status}: ${body.trim()}`);
}
