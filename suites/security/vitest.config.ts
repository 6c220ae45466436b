import { defineConfig } from 'vitest/config';
import { workspaceAlias } from '../../vitest.shared.js';

export default defineConfig({
  resolve: { alias: workspaceAlias },
  // The packages' sources are compiled here; their messages carry this name.
  define: { __PKG_NAME__: JSON.stringify('@sessiongate/core'), __PKG_VERSION__: JSON.stringify('0.0.0') },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 30_000,
    // Suites time answers against deadlines: on a 2-core machine, one file at a time.
    fileParallelism: false,
  },
});
