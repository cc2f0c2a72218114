import { defineConfig } from 'vitest/config';
import { testStackEnv } from './tests/support/test-stack-env.js';

const env = testStackEnv();
// Global setup runs in this process and the workers inherit `test.env`: both see the test stack.
Object.assign(process.env, env);

export default defineConfig({
  test: {
    include: ['*/test/**/*.test.ts', 'tests/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    globalSetup: ['tests/support/global-setup.ts'],
    env,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
