// The shared dev helpers of the runtime examples (scripts/example-dev.mjs: seeded emulator, cookie
// jar, waiting for the runtime, its environment), bound to this example's emulator package.
import { startEmulator } from '@sessiongate/emulator';
import { runtimeEnv, SEED_USERS, startDevEmulator as start, waitForListening } from '../../scripts/example-dev.mjs';

export { runtimeEnv, SEED_USERS, waitForListening };

/** An emulator on 127.0.0.1 with the seeded users, and a cookie jar signed in as Alice. */
export const startDevEmulator = (name) => start(startEmulator, name);
