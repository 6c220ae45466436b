import { defineConfig } from 'vitest/config';

// The demo test runs the demo as `npm run demo` does: against the built packages (dist).
export default defineConfig({
  test: { testTimeout: 60_000, hookTimeout: 60_000 },
});
