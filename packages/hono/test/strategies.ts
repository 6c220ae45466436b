// The strategies every adapter's suites run in: one definition, shared.
export * from '../../../test-support/strategies.js';
