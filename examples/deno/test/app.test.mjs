// The example on Deno (start.mjs: the pinned deno binary) on 127.0.0.1, against a real emulator on Node:
// the checks every runtime example shares (test-support/runtime-example-checks.mjs).
import { startEmulator } from '@sessiongate/emulator';
import { runtimeExampleSuite } from '../../../test-support/runtime-example-checks.mjs';
import { SEED_USERS } from '../dev.mjs';
import { startExample } from '../start.mjs';

runtimeExampleSuite({ startExample, SEED_USERS, startEmulator });
