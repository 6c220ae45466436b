import * as core from '@sessiongate/core';
import * as api from '@sessiongate/next';
import { describe, expect, it } from 'vitest';
import { itReExportsTheCore, ownExports } from '../../../test-support/exports.js';

describe('public exports', () => {
  it("beside the core's are exactly these (an accidental API change fails here)", () => {
    const shape = Object.fromEntries(ownExports(api, core).map((name) => [name, typeof (api as Record<string, unknown>)[name]]));
    expect(shape).toEqual({
      FORWARDED_AUTH_HEADER: 'string',
      FORWARDED_HEADER_PREFIX: 'string',
      FORWARDED_MAX_AGE_SECONDS: 'number',
      PROXY_SECRET_ENV: 'string',
      auth: 'function',
      createAuth: 'function',
      forwardAuthHeaders: 'function',
      getAuth: 'function',
      requireAuth: 'function',
      requireSession: 'function',
      sessionProxy: 'function',
      stripForwardedHeaders: 'function',
      webhookApiHandler: 'function',
      webhookHandler: 'function',
      withAuth: 'function',
      withSession: 'function',
    });
  });

  itReExportsTheCore(api, core);
});
