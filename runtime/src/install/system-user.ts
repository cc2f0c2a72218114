import { execFileSync } from 'node:child_process';

export interface SystemUser {
  uid: number;
  gid: number;
}

function lookup(name: string): SystemUser | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}

/**
 * The unprivileged account a server must run as when we are root (PostgreSQL refuses root).
 * Returns undefined when we are not root: then the server runs as the current user.
 */
export function serviceAccount(name: string): SystemUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const existing = lookup(name);
  if (existing) return existing;
  execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', name]);
  const created = lookup(name);
  if (!created) throw new Error(`could not create system user "${name}"`);
  return created;
}
