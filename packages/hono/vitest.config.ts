import { defineTestConfig } from '../../vitest.shared.js';

// The type tests (test/*.test-d.ts) are checked by the typecheck task (tsc over src and test).
export default defineTestConfig();
