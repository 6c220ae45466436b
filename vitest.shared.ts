import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type ViteUserConfig } from 'vitest/config';

type TestOptions = NonNullable<ViteUserConfig['test']>;

// Tests import the workspace packages from source, so a change in one package is
// seen by the others' tests without a rebuild. The built output is checked
// separately by each package's exports snapshot, by publint/attw and by the examples,
// which run against dist.
const packagesDir = fileURLToPath(new URL('./packages/', import.meta.url));
const pkg = (name: string) => `${packagesDir}${name}/src/index.ts`;

export const workspaceAlias = {
  // before '@sessiongate/core', whose alias would otherwise also take the subpath
  '@sessiongate/core/adapter': `${packagesDir}core/src/adapter.ts`,
  '@sessiongate/core': pkg('core'),
  '@sessiongate/emulator': pkg('emulator'),
  '@sessiongate/express': pkg('express'),
  '@sessiongate/fastify': pkg('fastify'),
  '@sessiongate/koa': pkg('koa'),
  '@sessiongate/hono': pkg('hono'),
  '@sessiongate/next': pkg('next'),
  '@sessiongate/redis': pkg('redis'),
  '@sessiongate/testing': pkg('testing'),
};

/**
 * tsup replaces `__PKG_NAME__` and `__PKG_VERSION__` with each package's own name and
 * version. A global `define` cannot do that when one test run compiles several packages'
 * sources (an adapter's tests compile the core's too), so this plugin substitutes them per
 * file, from the package.json of the package the file belongs to: every message in a test
 * names the same package as it does in the build.
 */
export function packageGlobals(): Plugin {
  const manifests = new Map<string, { name: string; version: string }>();
  const manifestOf = (dir: string) => {
    let manifest = manifests.get(dir);
    if (manifest === undefined) {
      manifest = JSON.parse(readFileSync(`${packagesDir}${dir}/package.json`, 'utf8')) as { name: string; version: string };
      manifests.set(dir, manifest);
    }
    return manifest;
  };
  return {
    name: 'sessiongate:package-globals',
    enforce: 'pre',
    transform(code, id) {
      if (!id.startsWith(packagesDir) || !code.includes('__PKG_')) return null;
      const dir = id.slice(packagesDir.length).split('/')[0]!;
      const { name, version } = manifestOf(dir);
      return {
        code: code.replaceAll('__PKG_NAME__', JSON.stringify(name)).replaceAll('__PKG_VERSION__', JSON.stringify(version)),
        map: null,
      };
    },
  };
}

/**
 * The one vitest config every workspace package uses, so that timeouts, reporters and the
 * source aliases are set in one place:
 * - `source` (default true): `@sessiongate/*` resolve to the packages' sources (see above);
 *   false for the suites that must run what users get (dist), such as the demo and the bench.
 * - every run writes `test-results/vitest.json`, which `scripts/test-summary.mjs` adds up.
 * - `test`: this package's own settings, over the shared ones.
 */
export function defineTestConfig({ source = true, test = {} }: { source?: boolean; test?: TestOptions } = {}) {
  return defineConfig({
    ...(source ? { resolve: { alias: workspaceAlias }, plugins: [packageGlobals()] } : {}),
    test: {
      testTimeout: 20_000,
      hookTimeout: 30_000,
      reporters: ['default', 'json'],
      outputFile: { json: 'test-results/vitest.json' },
      ...test,
    },
  });
}
