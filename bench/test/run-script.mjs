import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/**
 * Runs one of the bench's runners (`src/<script>`) with `args`, writing its JSON results and its
 * BENCHMARKS.md section into a temporary directory; resolves with the parsed JSON plus
 * `markdown`, the file the section was written to. The directory is removed afterwards. The
 * script is killed after `timeoutMs`.
 */
export async function runScript(script, args, { timeoutMs = 50_000 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'sg-bench-'));
  try {
    const json = join(dir, 'results.json');
    const md = join(dir, 'BENCHMARKS.md');
    await promisify(execFile)(
      process.execPath,
      [fileURLToPath(new URL(`../src/${script}`, import.meta.url)), ...args, '--json', json, '--write', md],
      { timeout: timeoutMs },
    );
    return { ...JSON.parse(readFileSync(json, 'utf8')), markdown: readFileSync(md, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
