import { defineTestConfig } from '../../vitest.shared.js';

// source: false: the runtimes load the built packages (dist), as users do.
export default defineTestConfig({ source: false, test: { testTimeout: 120_000 } });
