// Deadlines for tests that call a real server over loopback. Two cores are shared with
// builds and other test runs, so a loopback answer can take seconds: no test may depend on
// how fast it comes.
//
// - ANSWERED_MS: the timeoutMs of a call that is meant to get its answer. No busy machine
//   reaches it; a test that hits it has found a hang, not a slow machine.
// - NEVER_ANSWERED_MS: the timeoutMs of a call whose deadline is itself under test. Give it
//   only to a backend that never finishes answering (a hang, an endless drip), so that any
//   deadline passes the test; a deadline that was not enforced hangs the test until vitest
//   fails it, which is how such a test fails.

export const ANSWERED_MS = 15_000;
export const NEVER_ANSWERED_MS = 300;
