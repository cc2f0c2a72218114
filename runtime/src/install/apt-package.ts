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

export interface AptPackage {
  name: string;
  /** The exact version to install when missing (what `apt-cache policy` showed when it was pinned). */
  version?: string;
}

/**
 * Makes sure a Debian package's executable exists, installing the package with apt-get when we
 * are root. As another user it stops with the command to run instead. An executable already on
 * the machine is used whatever its version: the pin decides only what we install.
 */
export function ensureAptExecutable(executable: string, pkg: string | AptPackage, log: (m: string) => void): string {
  const found = findExecutable(executable);
  if (found) return found;
  const { name, version } = typeof pkg === 'string' ? { name: pkg, version: undefined } : pkg;
  const spec = version ? `${name}=${version}` : name;
  if (process.getuid?.() !== 0) {
    throw new Error(`${executable} is missing: install it with "sudo apt-get install ${spec}" and retry`);
  }
  log(`installing ${spec} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Test stacks started side by side may install at the same time: wait for dpkg's lock.
  const lock = ['-o', 'DPkg::Lock::Timeout=300'];
  const install = () =>
    execFileSync('apt-get', [...lock, 'install', '-y', '-qq', '--no-install-recommends', spec], { env, stdio: 'pipe' });
  try {
    install();
  } catch {
    // A fresh machine has empty package lists; refresh once and try again.
    execFileSync('apt-get', [...lock, 'update', '-qq'], { env, stdio: 'pipe' });
    try {
      install();
    } catch (error) {
      const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim().split('\n').pop() ?? '';
      throw new Error(`apt-get install ${spec} failed: ${stderr || (error as Error).message}`);
    }
  }
  const installed = findExecutable(executable);
  if (!installed) throw new Error(`apt-get installed ${spec} but ${executable} is still not on PATH`);
  return installed;
}
