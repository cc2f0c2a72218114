import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSettings } from '@platform/config';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { composeSpecSchema } from '../../runtime/src/containers/docker-compose.js';
import { REPO_ROOT } from '../../runtime/src/repo-root.js';

/**
 * docker-compose.yaml against the Compose Specification's JSON schema, the very one the built
 * Compose embeds (compose-go), besides Compose's own `config` (tests/compose/test_compose_cli.py).
 */

const log = (message: string) => process.stderr.write(`[compose] ${message}\n`);
const file = parse(readFileSync(join(REPO_ROOT, 'docker-compose.yaml'), 'utf8'), { merge: true });
// draft-07, Ajv's default dialect; the schema names its meta-schema by an https URL Ajv does not
// register, so the schema itself is not checked against it. Formats ("duration") are Compose's
// business, not the structure's.
const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false, validateSchema: false }).compile(
  JSON.parse(readFileSync(composeSpecSchema(loadSettings(), log), 'utf8')),
);

function errors(document: unknown): string[] {
  return validate(document) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

describe('the Compose Specification schema', () => {
  it('accepts docker-compose.yaml', () => {
    expect(errors(file)).toEqual([]);
  });

  it('refuses a copy with an unknown service key or a malformed healthcheck', () => {
    const broken = structuredClone(file);
    broken.services.redis.restart_policy = 'always';
    broken.services.postgres.healthcheck.retries = ['many'];
    expect(errors(broken)).toEqual([
      '/services/postgres/healthcheck/retries must be number,string',
      '/services/redis must NOT have additional properties',
    ]);
  });
});
