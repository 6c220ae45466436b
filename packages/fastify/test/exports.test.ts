import { describe, expect, it } from 'vitest';
import * as core from '@sessiongate/core';
import * as api from '../src/index.js';
import { itReExportsTheCore, ownExports } from '../../../test-support/exports.js';

describe('public exports', () => {
  it("has a stable set of names beside the core's", () => {
    expect(ownExports(api, core)).toEqual(['CLERK_HOOKS', 'clerkPlugin', 'clerkWebhooks', 'default', 'getAuth', 'requireSession']);
  });

  itReExportsTheCore(api, core);

  it('exposes the plugin as the default export, named for fastify-plugin', () => {
    expect(api.default).toBe(api.clerkPlugin);
    const meta = (api.clerkPlugin as unknown as Record<symbol, { name: string; fastify: string }>)[
      Symbol.for('plugin-meta')
    ];
    expect(meta).toMatchObject({ name: '@sessiongate/fastify', fastify: '5.x' });
    expect((api.clerkPlugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')]).toBe(true);
  });
});
