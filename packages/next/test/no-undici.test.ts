import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The built package must load without undici (the Edge runtime cannot load it; the core
// imports it lazily, only when the default transport is first used). Runs against dist/,
// which turbo builds before the tests.
describe('module load', () => {
  it('requiring the built CJS entry loads neither undici nor next', () => {
    const entry = fileURLToPath(new URL('../dist/index.cjs', import.meta.url));
    const script = `require(${JSON.stringify(entry)}); console.log(JSON.stringify(Object.keys(require.cache)))`;
    const loaded = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as string[];
    expect(loaded.some((file) => file.includes('/core/dist/'))).toBe(true);
    expect(loaded.filter((file) => /node_modules[/\\](undici|next)[/\\]/.test(file))).toEqual([]);
  });
});
