import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { BadInputError, CheckFailedError, ConfigError, UsageError } from '../src/errors.js';
import { EXIT, exitCodeFor } from '../src/exit-codes.js';
import { oneLineMessage } from '../src/run-cli.js';

describe('the one exit-code table', () => {
  it('maps bad input, failed checks, help and everything else', () => {
    expect(exitCodeFor(new ConfigError('PG_PORT must be a TCP port'))).toBe(EXIT.badInput);
    expect(exitCodeFor(new UsageError('give --table or --all'))).toBe(EXIT.badInput);
    expect(exitCodeFor(new (class extends BadInputError {})('registry'))).toBe(EXIT.badInput);
    expect(exitCodeFor(new CommanderError(1, 'commander.unknownOption', "unknown option '--x'"))).toBe(EXIT.badInput);
    expect(exitCodeFor(new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'))).toBe(EXIT.ok);
    expect(exitCodeFor(new CheckFailedError('invariants violated'))).toBe(EXIT.checkFailed);
    expect(exitCodeFor(new Error('connection reset'))).toBe(EXIT.failed);
    expect(exitCodeFor('a string')).toBe(EXIT.failed);
    expect(Object.values(EXIT)).toEqual([0, 1, 2, 3]);
  });

  it('says in one line which endpoint refused', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
      code: 'ECONNREFUSED',
      address: '127.0.0.1',
      port: 1,
    });
    expect(oneLineMessage(refused)).toBe('cannot connect to 127.0.0.1:1: connection refused');
    expect(oneLineMessage(new Error('first line\n    at stack frame'))).toBe('first line');
  });
});
