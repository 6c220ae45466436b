import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';

describe('public exports', () => {
  it('are exactly these (an accidental change fails here)', () => {
    expect(Object.keys(api).sort()).toEqual(['EmulatorError', 'startEmulator']);
  });
});
