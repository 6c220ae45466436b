import { defineConfig } from 'vitest/config';
import { workspaceAlias } from '../../vitest.shared.ts';

export default defineConfig({
  resolve: { alias: workspaceAlias },
  define: { __PKG_NAME__: JSON.stringify('@sessiongate/example-next'), __PKG_VERSION__: JSON.stringify('0.0.0') },
  // `next build` is slow on small machines: generous timeouts.
  test: { testTimeout: 60_000, hookTimeout: 300_000 },
});
