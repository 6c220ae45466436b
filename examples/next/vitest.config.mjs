import { defineTestConfig } from '../../vitest.shared.ts';

// `next build` is slow on small machines: generous timeouts.
export default defineTestConfig({ test: { testTimeout: 60_000, hookTimeout: 300_000 } });
