import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { contextSources } from './dockerfile-sources.js';
import { dockerignoreMatcher } from './dockerignore.js';

/** sha256 over parts, each length-prefixed so that no two different lists hash alike. */
export function hashParts(parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(`${Buffer.byteLength(part)}:${part}\n`);
  return hash.digest('hex');
}

/** Every file under `source` (relative to the context) that Docker would send, sorted, with its content hash and mode. */
function contextEntries(context: string, source: string, ignored: (path: string) => boolean, out: string[]): void {
  if (ignored(source) && source !== '.') return;
  const full = join(context, source);
  if (!existsSync(full)) throw new Error(`the Dockerfile copies ${source}, which is not in ${context}`);
  const stat = lstatSync(full);
  if (stat.isSymbolicLink()) out.push(`${source} -> ${readlinkSync(full)}`);
  else if (stat.isDirectory()) {
    for (const name of readdirSync(full).sort()) {
      contextEntries(context, source === '.' ? name : `${source}/${name}`, ignored, out);
    }
  } else {
    const digest = createHash('sha256').update(readFileSync(full)).digest('hex');
    out.push(`${source} ${(stat.mode & 0o111) !== 0 ? 'x' : '-'} ${digest}`);
  }
}

/**
 * What decides the result of `docker build -f dockerfile context`: the Dockerfile, the
 * .dockerignore, and every file the Dockerfile's COPY/ADD instructions take from the context.
 */
export function buildContextParts(context: string, dockerfile: string): string[] {
  const text = readFileSync(dockerfile, 'utf8');
  const ignoreFile = join(context, '.dockerignore');
  const ignoreText = existsSync(ignoreFile) ? readFileSync(ignoreFile, 'utf8') : '';
  const ignored = dockerignoreMatcher(ignoreText);
  const entries: string[] = [];
  for (const source of contextSources(text)) contextEntries(context, source, ignored, entries);
  return [text, ignoreText, ...entries];
}
