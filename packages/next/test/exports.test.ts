import * as core from '@sessiongate/core';
import * as api from '@sessiongate/next';
import { describe, expect, it } from 'vitest';

describe('public exports', () => {
  it('are exactly these (an accidental API change fails here)', () => {
    const shape = Object.fromEntries(
      Object.keys(api)
        .sort()
        .map((name) => [name, typeof (api as Record<string, unknown>)[name]]),
    );
    expect(shape).toMatchSnapshot();
  });

  it("re-export the whole core public API, the same bindings", () => {
    for (const [name, value] of Object.entries(core)) {
      expect((api as Record<string, unknown>)[name], name).toBe(value);
    }
  });
});
