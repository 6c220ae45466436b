// The runtime module the core imports. This file is the Node one; the fetch build (tsup.config.ts)
// resolves this path to ./fetch.ts instead, so the choice is made once, at build time, per entry.
export { defaultTransport, loadUndici, nativeSha256Base64url } from './node.js';
