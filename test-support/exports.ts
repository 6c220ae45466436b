// An adapter's public API is the core's main entry, re-exported as the same bindings, plus its own
// names. The core's own list is asserted once, in packages/core/test/exports.test.ts; an adapter's
// test lists only what it adds (ownExports) and checks the rest is the core's (itReExportsTheCore).
import { expect, it } from 'vitest';

/** The names `api` exports beyond the core's, sorted. */
export function ownExports(api: object, core: object): string[] {
  const coreNames = new Set(Object.keys(core));
  return Object.keys(api)
    .filter((name) => !coreNames.has(name))
    .sort();
}

/** Every export of the core is an export of `api`, the same binding. */
export function itReExportsTheCore(api: object, core: object): void {
  it('re-exports every export of the core, the same bindings', () => {
    for (const [name, value] of Object.entries(core)) {
      expect((api as Record<string, unknown>)[name], name).toBe(value);
    }
  });
}
