import { defineTestConfig } from '../../vitest.shared.ts';

// Runs against the built packages (dist), as `npm start` does.
export default defineTestConfig({ source: false });
