import { defineConfig } from 'vitest/config';
import { packageGlobals, workspaceAlias } from '../../vitest.shared.js';

export default defineConfig({
  resolve: { alias: workspaceAlias },
  plugins: [packageGlobals()],
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 30_000,
    // Suites time answers against deadlines: on a 2-core machine, one file at a time.
    fileParallelism: false,
  },
});
