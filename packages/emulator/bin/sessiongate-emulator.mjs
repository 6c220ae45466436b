#!/usr/bin/env node
// The command's entry is committed, not built, so that `pnpm install` on a fresh clone can
// link it before anything is built (a bin pointing into dist/ made pnpm warn once per
// workspace package). It runs the built CLI.
import '../dist/cli.js';
