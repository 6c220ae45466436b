import { describe, expect, it } from 'vitest';
import * as fetchRuntime from '../src/lib/runtime/fetch.js';
import * as nodeRuntime from '../src/lib/runtime/node.js';

// The two runtime modules (lib/runtime): the Node build compiles node.ts, the fetch build (the
// workerd, worker, bun, deno and browser export conditions) compiles fetch.ts in its place.
describe('runtime modules', () => {
  it('export the same names', () => {
    expect(Object.keys(fetchRuntime).sort()).toEqual(Object.keys(nodeRuntime).sort());
  });

  it('Node: undici by default, node:crypto hashing', async () => {
    expect(nodeRuntime.defaultTransport).toBe('undici');
    expect(typeof (await nodeRuntime.loadUndici()).Pool).toBe('function');
    expect(nodeRuntime.nativeSha256Base64url?.('abc')).toBe('ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
  });

  it('fetch: the platform fetch by default, no undici, the portable hash', async () => {
    expect(fetchRuntime.defaultTransport).toBe('fetch');
    await expect(fetchRuntime.loadUndici()).rejects.toThrow(/undici is not available in this build.*createFetchTransport/);
    expect(fetchRuntime.nativeSha256Base64url).toBeUndefined();
  });
});
