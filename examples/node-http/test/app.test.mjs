import { inspect } from 'node:util';
import { expect, it } from 'vitest';
import { createTestAuth } from '@sessiongate/testing';
import { startEmulator } from '@sessiongate/emulator';
import { exampleAppSuite } from '../../../test-support/example-checks.mjs';
import { SEED_USERS, startApp } from '../server.mjs';

exampleAppSuite({ startApp, SEED_USERS, startEmulator, createTestAuth });

it('the built error classes keep their public names (Node names an error by its constructor in logs)', async () => {
  const { SessiongateError, ClerkAPIError } = await import('@sessiongate/core');
  expect(inspect(new SessiongateError('ERR_MISSING_API_KEY', 'm')).split('\n')[0]).toBe('SessiongateError: m');
  expect([SessiongateError.name, ClerkAPIError.name]).toEqual(['SessiongateError', 'ClerkAPIError']);
});
