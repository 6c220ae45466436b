import { defineTestConfig } from '../vitest.shared.ts';

// The bench runs the BUILT packages (as users get them), so no workspace alias here:
// `@sessiongate/*` resolve to their dist (turbo builds them before `test`).
export default defineTestConfig({ source: false, test: { include: ['test/**/*.test.mjs'], testTimeout: 60_000 } });
