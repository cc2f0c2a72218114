import { describe, expect, it } from 'vitest';
import { composeSubcommandIndex, withSubcommandArguments } from '../src/containers/compose-arguments.js';

describe('compose arguments', () => {
  it('puts the local bases right after the build subcommand, past global flags and their values', () => {
    const bases = ['--build-arg', 'NODE_IMAGE=local'];
    expect(withSubcommandArguments(['--profile', 'build', 'build', 'tasks'], 'build', bases)).toEqual([
      '--profile',
      'build',
      'build',
      '--build-arg',
      'NODE_IMAGE=local',
      'tasks',
    ]);
    expect(withSubcommandArguments(['-f', 'x.yaml', 'config', '-q'], 'build', bases)).toEqual([
      '-f',
      'x.yaml',
      'config',
      '-q',
    ]);
    expect(composeSubcommandIndex(['--dry-run', '--progress', 'plain', 'build'])).toBe(3);
    expect(composeSubcommandIndex(['--profile', 'build'])).toBe(-1);
  });
});
