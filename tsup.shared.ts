import { defineConfig } from 'tsup';

/**
 * The build every published package shares: ESM and CJS with declarations for both,
 * Node 20, and the package's own name and version compiled in (`__PKG_NAME__`,
 * `__PKG_VERSION__`: the User-Agent and the prefix of every error message).
 */
export function libraryConfig(pkg: { name: string; version: string }, entry: string[] = ['src/index.ts']) {
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
    define: { __PKG_NAME__: JSON.stringify(pkg.name), __PKG_VERSION__: JSON.stringify(pkg.version) },
  });
}
