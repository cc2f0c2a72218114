import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Mount points at or below `dir`, deepest first (the order they can be unmounted in). */
export function mountsUnder(dir: string, mountinfo = readFileSync('/proc/self/mountinfo', 'utf8')): string[] {
  const prefix = dir.replace(/\/+$/, '');
  return mountinfo
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((point): point is string => point !== undefined && (point === prefix || point.startsWith(`${prefix}/`)))
    .map((point) => point.replace(/\\(\d{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8))))
    .sort((a, b) => b.length - a.length);
}

/**
 * dockerd makes its data root a mount of its own and mounts each running container's layers
 * below it; an engine that was killed leaves them behind, and its directories cannot be removed.
 */
export function unmountUnder(dir: string): void {
  for (const point of mountsUnder(dir)) execFileSync('umount', ['--lazy', point], { stdio: 'pipe' });
}
