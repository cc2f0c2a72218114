import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { docker } from '../../containers/docker-cli.js';
import { type AptPackage, ensureAptExecutable } from '../../install/apt-package.js';
import { paths } from '../../paths.js';
import type { BaseImage } from '../base-image.js';
import { runLogged } from '../build-log.js';
import { machineAptSources, mirrorFor } from './apt-mirror.js';

const SUITE = 'bookworm';
const DEBOOTSTRAP: AptPackage = { name: 'debootstrap', version: '1.0.128+nmu2+deb12u2' };

/** What the official slim images leave out, here too: children's apt-get installs skip them as well. */
const FILES = {
  'etc/dpkg/dpkg.cfg.d/excludes': [
    'path-exclude /usr/share/doc/*',
    'path-include /usr/share/doc/*/copyright',
    'path-exclude /usr/share/man/*',
    'path-exclude /usr/share/info/*',
    'path-exclude /usr/share/locale/*',
    'path-exclude /usr/share/lintian/*',
    '',
  ].join('\n'),
  'etc/apt/apt.conf.d/docker-slim': [
    'APT::Install-Recommends "false";',
    'APT::Install-Suggests "false";',
    'Dir::Cache::pkgcache "";',
    'Dir::Cache::srcpkgcache "";',
    '',
  ].join('\n'),
  // The engine provides these at run time.
  'etc/hostname': '',
  'etc/resolv.conf': '',
} as const;

/** Directories emptied after debootstrap: caches, package lists, logs, documentation. */
const EMPTIED = [
  'var/cache/apt',
  'var/lib/apt/lists',
  'var/log',
  'usr/share/man',
  'usr/share/info',
  'usr/share/locale',
];

function emptyDirectory(dir: string): void {
  for (const name of readdirSync(dir)) rmSync(join(dir, name), { recursive: true, force: true });
}

/** Keeps only each package's copyright file (the licence notice) of its documentation. */
function keepCopyrights(docDir: string): void {
  for (const entry of readdirSync(docDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = join(docDir, entry.name);
    for (const file of readdirSync(dir))
      if (file !== 'copyright') rmSync(join(dir, file), { recursive: true, force: true });
  }
}

function slim(rootfs: string): void {
  for (const dir of EMPTIED) emptyDirectory(join(rootfs, dir));
  // apt refuses to download without these.
  for (const dir of ['var/cache/apt/archives/partial', 'var/lib/apt/lists/partial']) {
    mkdirSync(join(rootfs, dir), { recursive: true });
  }
  keepCopyrights(join(rootfs, 'usr/share/doc'));
  for (const [file, text] of Object.entries(FILES)) writeFileSync(join(rootfs, file), text);
}

function machineMirror(): string {
  const mirror = mirrorFor(machineAptSources(), SUITE);
  if (!mirror)
    throw new Error(`no apt source of this machine serves ${SUITE} main: add one to /etc/apt/sources.list.d/`);
  return mirror;
}

/**
 * Debian bookworm from the machine's own apt mirror (debootstrap, minbase: the essential
 * packages and apt), slimmed like the official slim image, imported as a one-layer image. The
 * parent of every other base.
 */
export const debianBookworm: BaseImage = {
  name: 'debian-bookworm',
  parents: {},

  inputs: () => [
    SUITE,
    'minbase',
    machineMirror(),
    `${DEBOOTSTRAP.name}=${DEBOOTSTRAP.version}`,
    JSON.stringify({ FILES, EMPTIED }),
    slim.toString(),
  ],

  async build(context, { ref, labels }) {
    const { settings } = context;
    const debootstrap = ensureAptExecutable('debootstrap', DEBOOTSTRAP, context.log);
    const rootfs = paths.opt(settings, 'tmp', `debootstrap-${process.pid}`);
    rmSync(rootfs, { recursive: true, force: true });
    mkdirSync(rootfs, { recursive: true });
    try {
      await runLogged(settings, debootstrap, [
        '--variant=minbase',
        '--components=main',
        SUITE,
        rootfs,
        machineMirror(),
      ]);
      slim(rootfs);
      const tar = spawn('tar', ['--numeric-owner', '-C', rootfs, '-c', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
      const changes = [
        ...Object.entries(labels).map(([k, v]) => `LABEL ${k}=${JSON.stringify(v)}`),
        'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        'CMD ["bash"]',
      ].flatMap((change) => ['--change', change]);
      await docker(settings, ['image', 'import', ...changes, '-', ref], { input: tar.stdout });
    } finally {
      rmSync(rootfs, { recursive: true, force: true });
    }
  },
};
