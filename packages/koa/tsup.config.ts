import { defineConfig } from 'tsup';
import pkg from './package.json' with { type: 'json' };

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  define: { __PKG_NAME__: JSON.stringify(pkg.name), __PKG_VERSION__: JSON.stringify(pkg.version) },
});
