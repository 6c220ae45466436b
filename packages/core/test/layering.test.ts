import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

// The core's rooms, lowest first. A module may import from its own rank or below, never above
// (a type-only import counts too: it is how a low module starts to depend on the composition).
const RANKS: readonly (readonly string[])[] = [
  ['errors.ts', 'lib/'],
  ['domain/', 'auth-state.ts', 'signed-out.ts', 'authorization/'],
  ['request/', 'decide.ts'],
  ['http/'],
  ['resources/'],
  ['coalesce.ts', 'backend/'],
  ['cache/', 'jwt/'],
  ['options.ts'],
  ['authenticate.ts'],
  ['clerk.ts'],
  ['defaults.ts'],
  ['authenticator.ts', 'webhooks/'],
  ['adapter/'],
  ['index.ts', 'adapter.ts'],
];

// Known exceptions, each to be removed by the work that owns the file (they may not grow meanwhile):
// none left.
const LONG_FILES: Readonly<Record<string, number>> = {};
const KNOWN_CYCLES: readonly string[] = [];

const src = fileURLToPath(new URL('../src/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [relative(src, path)] : [];
  });
}

function rankOf(file: string): number {
  const rank = RANKS.findIndex((room) => room.some((r) => (r.endsWith('/') ? file.startsWith(r) : file === r)));
  if (rank === -1) throw new Error(`src/${file} is in no room: add it to RANKS in test/layering.test.ts`);
  return rank;
}

function importsOf(file: string): string[] {
  const text = readFileSync(join(src, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]!);
  return specifiers.map((s) => normalize(join(dirname(file), s.replace(/\.js$/, '.ts'))));
}

const files = sources(src);
const graph = new Map(files.map((file) => [file, importsOf(file)]));

it('no core module imports from a room above its own', () => {
  const upward: string[] = [];
  for (const [file, imports] of graph) {
    for (const target of imports) {
      if (rankOf(target) > rankOf(file)) upward.push(`${file} -> ${target}`);
    }
  }
  expect(upward).toEqual([]);
});

it('the core has no import cycle', () => {
  const cycles: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (file: string, path: string[]): void => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'visiting') {
      cycles.push([...path.slice(path.indexOf(file)), file].join(' -> '));
      return;
    }
    state.set(file, 'visiting');
    for (const target of graph.get(file) ?? []) visit(target, [...path, file]);
    state.set(file, 'done');
  };
  for (const file of files) visit(file, []);
  expect(cycles.filter((cycle) => !KNOWN_CYCLES.includes(cycle))).toEqual([]);
});

it('no core source file is much over 200 lines', () => {
  const long = files
    .map((file) => [file, readFileSync(join(src, file), 'utf8').split('\n').length] as const)
    .filter(([file, lines]) => lines > (LONG_FILES[file] ?? 210))
    .map(([file, lines]) => `${file}: ${lines}`);
  expect(long).toEqual([]);
});
