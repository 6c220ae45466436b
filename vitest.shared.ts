import { fileURLToPath } from 'node:url';

// Tests import the workspace packages from source, so a change in one package is
// seen by the others' tests without a rebuild. The built output is checked
// separately by each package's exports snapshot and by publint/attw.
const pkg = (name: string) => fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url));

export const workspaceAlias = {
  '@sessiongate/core': pkg('core'),
  '@sessiongate/emulator': pkg('emulator'),
  '@sessiongate/express': pkg('express'),
  '@sessiongate/fastify': pkg('fastify'),
  '@sessiongate/koa': pkg('koa'),
  '@sessiongate/next': pkg('next'),
};
