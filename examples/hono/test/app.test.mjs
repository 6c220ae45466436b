import { createTestAuth } from '@sessiongate/testing';
import { startEmulator } from '@sessiongate/emulator';
import { exampleAppSuite } from '../../../test-support/example-checks.mjs';
import { SEED_USERS, startApp } from '../server.mjs';

exampleAppSuite({ startApp, SEED_USERS, startEmulator, createTestAuth });
