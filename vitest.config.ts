import { defineConfig } from 'vitest/config';
import { chooseOffset, testStackEnv } from './tests/support/test-stack-env.js';

const env = testStackEnv(process.env, chooseOffset(process.env));
// Global setup runs in this process and the workers inherit `test.env`: both see the test stack.
Object.assign(process.env, env);

const everywhere = ['*/test/**/*.test.ts', 'tests/**/*.test.ts'];
const unit = ['*/test/**/*.unit.test.ts', 'tests/**/*.unit.test.ts'];

export default defineConfig({
  test: {
    exclude: ['**/node_modules/**', '**/dist/**'],
    projects: [
      // Pure logic: no services, runs in seconds (`npx vitest run --project unit`).
      { test: { name: 'unit', include: unit } },
      // Against the real services, which global setup starts on the test stack's own ports.
      {
        test: {
          name: 'integration',
          include: everywhere,
          exclude: [...unit, '**/node_modules/**', '**/dist/**'],
          globalSetup: ['tests/support/global-setup.ts'],
          env,
          testTimeout: 60_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
