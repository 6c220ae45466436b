import { defineConfig } from 'vitest/config';

// The bench runs the BUILT packages (as users get them), so no workspace alias here:
// `@sessiongate/*` resolve to their dist (turbo builds them before `test`).
export default defineConfig({
  test: { include: ['test/**/*.test.mjs'], testTimeout: 60_000, hookTimeout: 30_000 },
});
