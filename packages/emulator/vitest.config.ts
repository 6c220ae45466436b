import { defineConfig } from 'vitest/config';
import { workspaceAlias } from '../../vitest.shared.js';

export default defineConfig({
  resolve: { alias: workspaceAlias },
  define: { __PKG_NAME__: JSON.stringify('@sessiongate/emulator'), __PKG_VERSION__: JSON.stringify('0.1.0') },
  test: { testTimeout: 20_000, hookTimeout: 30_000 },
});
