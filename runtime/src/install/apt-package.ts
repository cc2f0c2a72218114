import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Finds an executable on PATH (or the given absolute path). */
export function findExecutable(name: string): string | undefined {
  if (name.startsWith('/')) return existsSync(name) ? name : undefined;
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const candidate = `${dir}/${name}`;
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Makes sure a Debian package's executable exists, installing the package with apt-get when we
 * are root. As another user it stops with the command to run instead.
 */
export function ensureAptExecutable(executable: string, aptPackage: string, log: (m: string) => void): string {
  const found = findExecutable(executable);
  if (found) return found;
  if (process.getuid?.() !== 0) {
    throw new Error(`${executable} is missing: install it with "sudo apt-get install ${aptPackage}" and retry`);
  }
  log(`installing ${aptPackage} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () =>
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', aptPackage], { env, stdio: 'pipe' });
  try {
    install();
  } catch {
    // A fresh machine has empty package lists; refresh once and try again.
    execFileSync('apt-get', ['update', '-qq'], { env, stdio: 'pipe' });
    install();
  }
  const installed = findExecutable(executable);
  if (!installed) throw new Error(`apt-get installed ${aptPackage} but ${executable} is still not on PATH`);
  return installed;
}
