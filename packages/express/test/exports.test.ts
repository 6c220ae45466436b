import * as core from '@sessiongate/core';
import { expect, it } from 'vitest';
import { itReExportsTheCore, ownExports } from '../../../test-support/exports.js';
import * as api from '../src/index.js';

it("public exports beside the core's (an accidental API change fails here)", () => {
  expect(ownExports(api, core)).toEqual([
    'ClerkExpressMiddleware',
    'ClerkExpressRequireSession',
    'ClerkExpressWebhook',
    'ClerkExpressWithSession',
    'getAuth',
    'keepRawBody',
  ]);
});

itReExportsTheCore(api, core);
