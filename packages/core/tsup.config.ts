import type { Options } from 'tsup';
import pkg from './package.json' with { type: 'json' };
import { libraryConfig } from '../../tsup.shared.js';

const entries = ['src/index.ts', 'src/adapter.ts'];

// Two entries that share modules (the env-bound default client, the auth-state slot): split into
// shared chunks in both formats, so that a CommonJS app loading both entries gets one copy of each.
const node = libraryConfig(pkg, entries) as Options;

/**
 * The fetch build (dist/fetch/, for the `workerd`, `worker`, `bun`, `deno` and `browser` export
 * conditions): the same entries, with the runtime module lib/runtime/current.ts resolved to
 * lib/runtime/fetch.ts. Its default transport is the platform fetch, and undici is never
 * imported. It shares the Node build's declarations (the API is the same), so it builds none.
 */
const fetchRuntime: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'sessiongate:fetch-runtime',
  setup(build) {
    build.onResolve({ filter: /\/runtime\/current\.js$/ }, (args) => ({
      path: new URL('./fetch.ts', `file://${args.resolveDir}/${args.path}`).pathname,
    }));
  },
};

const config: Options[] = [
  // the Node build's clean leaves the fetch build's directory alone: both builds run at once
  { ...node, splitting: true, clean: ['!fetch/**'] },
  { ...node, splitting: true, outDir: 'dist/fetch', dts: false, esbuildPlugins: [fetchRuntime] },
];
export default config;
