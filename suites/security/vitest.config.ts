import { defineTestConfig } from '../../vitest.shared.js';

export default defineTestConfig({
  // one file at a time: each file starts an emulator and an app per adapter
  test: { include: ['test/**/*.test.ts'], testTimeout: 60_000, fileParallelism: false },
});
