import { defineTestConfig } from '../../vitest.shared.ts';

// The demo test runs the demo as `npm run demo` does: against the built packages (dist).
export default defineTestConfig({ source: false, test: { testTimeout: 60_000, hookTimeout: 60_000 } });
