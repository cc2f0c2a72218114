import { execFileSync } from 'node:child_process';

/** The commit an image is built from, `-dirty` when the work tree has changes; `unknown` outside git. */
export function gitRevision(repoRoot: string): string {
  const git = (args: string[]) => execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', stdio: 'pipe' }).trim();
  try {
    const commit = git(['rev-parse', 'HEAD']);
    return git(['status', '--porcelain', '--untracked-files=no']) === '' ? commit : `${commit}-dirty`;
  } catch {
    return 'unknown';
  }
}
