import { defineConfig } from 'vitest/config';
import { packageGlobals, workspaceAlias } from '../../vitest.shared.ts';

export default defineConfig({
  resolve: { alias: workspaceAlias },
  plugins: [packageGlobals()],
  // `next build` is slow on small machines: generous timeouts.
  test: { testTimeout: 60_000, hookTimeout: 300_000 },
});
