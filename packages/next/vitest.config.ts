import { defineConfig } from 'vitest/config';
import { packageGlobals, workspaceAlias } from '../../vitest.shared.js';

export default defineConfig({
  resolve: { alias: workspaceAlias },
  plugins: [packageGlobals()],
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Type tests (test/*.test-d.ts, including the seed's TypeScript snippets) run with tsc.
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
  },
});
