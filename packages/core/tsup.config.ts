import type { Options } from 'tsup';
import pkg from './package.json' with { type: 'json' };
import { libraryConfig } from '../../tsup.shared.js';

// Two entries that share modules (the env-bound default client, the auth-state slot): split into
// shared chunks in both formats, so that a CommonJS app loading both entries gets one copy of each.
const config: Options = { ...(libraryConfig(pkg, ['src/index.ts', 'src/adapter.ts']) as Options), splitting: true };
export default config;
