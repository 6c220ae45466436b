import { defineConfig } from 'vitest/config';
import { packageGlobals, workspaceAlias } from '../../vitest.shared.js';

export default defineConfig({
  resolve: { alias: workspaceAlias },
  plugins: [packageGlobals()],
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Type tests of the Variables typing run with every `vitest run`.
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
  },
});
