import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mirrorFor, parseDeb822Sources, parseOneLineSources } from '../src/images/bases/apt-mirror.js';
import { contextSources } from '../src/images/dockerfile-sources.js';
import { dockerignoreMatcher } from '../src/images/dockerignore.js';
import { buildContextParts, hashParts } from '../src/images/inputs-hash.js';

describe('apt sources', () => {
  it('finds the mirror of a suite in deb822 and one-line sources, skipping other suites and disabled stanzas', () => {
    const deb822 = parseDeb822Sources(
      [
        'Types: deb',
        'URIs: http://deb.debian.org/debian-security',
        'Suites: bookworm-security',
        'Components: main',
        '',
        'Types: deb',
        'Enabled: no',
        'URIs: http://disabled.example/debian',
        'Suites: bookworm',
        'Components: main',
        '',
        '# snapshot of the day',
        'Types: deb deb-src',
        'URIs: http://mirror.example/debian/',
        'Suites: bookworm bookworm-updates',
        'Components: main contrib',
      ].join('\n'),
    );
    expect(mirrorFor(deb822, 'bookworm')).toBe('http://mirror.example/debian');
    const oneLine = parseOneLineSources(
      '# comment\ndeb [arch=amd64 signed-by=/k.gpg] https://packages.example/apt cloud-sdk main\ndeb http://ftp.example/debian bookworm main\n',
    );
    expect(mirrorFor(oneLine, 'bookworm')).toBe('http://ftp.example/debian');
    expect(mirrorFor(oneLine, 'trixie')).toBeUndefined();
  });
});

describe('dockerignore', () => {
  const ignored = dockerignoreMatcher('# c\n.git\n**/node_modules\n**/*.tsbuildinfo\ndocs\ntasks/test\n');
  it('matches names at any depth, root-anchored paths and everything below a matched directory', () => {
    expect(ignored('node_modules')).toBe(true);
    expect(ignored('tasks/node_modules/pg/index.js')).toBe(true);
    expect(ignored('config/dist/x.tsbuildinfo')).toBe(true);
    expect(ignored('docs/runtime.md')).toBe(true);
    expect(ignored('tasks/test/a.ts')).toBe(true);
    expect(ignored('tasks/src/test.ts')).toBe(false);
    expect(ignored('gen_data/docs/x')).toBe(false);
    expect(ignored('.gitignore')).toBe(false);
  });
  it('refuses exclusions rather than half-supporting them', () => {
    expect(() => dockerignoreMatcher('**/dist\n!keep/dist')).toThrow(/exclusions are not supported/);
  });
});

describe('contextSources', () => {
  it('lists what COPY and ADD take from the context, not what they take from other stages', () => {
    const dockerfile = `FROM node:20 AS build
COPY package.json \\
  package-lock.json ./
COPY --chown=node:node config config
COPY --from=build /app/dist dist
ADD ./node.tgz /opt/
RUN --mount=type=secret,id=ca npm ci`;
    expect(contextSources(dockerfile)).toEqual(['package.json', 'package-lock.json', 'config', 'node.tgz']);
  });
  it('refuses forms whose inputs it cannot follow exactly', () => {
    expect(() => contextSources('COPY src/*.ts ./')).toThrow(/not supported/);
    expect(() => contextSources('COPY ["a b", "./"]')).toThrow(/not supported/);
  });
});

describe('inputs hash', () => {
  function context(): string {
    const dir = mkdtempSync(join(tmpdir(), 'context-'));
    mkdirSync(join(dir, 'app', 'node_modules'), { recursive: true });
    writeFileSync(join(dir, 'Dockerfile'), 'FROM x\nCOPY app app\n');
    writeFileSync(join(dir, '.dockerignore'), '**/node_modules\n');
    writeFileSync(join(dir, 'app', 'main.js'), 'console.log(1)\n');
    writeFileSync(join(dir, 'app', 'node_modules', 'dep.js'), 'x\n');
    writeFileSync(join(dir, 'unrelated.txt'), 'not copied\n');
    return dir;
  }
  const hash = (dir: string) => hashParts(buildContextParts(dir, join(dir, 'Dockerfile')));

  it('changes with what the build copies, and only with that', () => {
    const dir = context();
    const before = hash(dir);
    writeFileSync(join(dir, 'unrelated.txt'), 'changed\n');
    writeFileSync(join(dir, 'app', 'node_modules', 'dep.js'), 'ignored change\n');
    expect(hash(dir)).toBe(before);
    writeFileSync(join(dir, 'app', 'main.js'), 'console.log(2)\n');
    expect(hash(dir)).not.toBe(before);
  });
  it('tells apart lists that concatenate alike', () => {
    expect(hashParts(['ab', 'c'])).not.toBe(hashParts(['a', 'bc']));
  });
});
