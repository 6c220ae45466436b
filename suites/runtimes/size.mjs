// The size of a Cloudflare Worker bundle of @sessiongate/hono + hono (issue 25): esbuild, minified,
// with the conditions wrangler uses (workerd, worker, browser), gzipped at level 9. Two Workers:
// networkless (CLERK_JWT_KEY) and backend (CLERK_API_KEY), both configured from c.env. Fails
// (exit 1) when a bundle contains undici or imports a node: module.
//   node suites/runtimes/size.mjs [--json]
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const workers = {
  networkless: `
    import { Hono } from 'hono';
    import { requireSession } from '@sessiongate/hono';
    const app = new Hono();
    app.get('/api/me', requireSession({ verification: 'networkless' }), (c) => c.json({ userId: c.get('session').userId }));
    export default app;`,
  backend: `
    import { Hono } from 'hono';
    import { requireSession } from '@sessiongate/hono';
    const app = new Hono();
    app.get('/api/me', requireSession(), (c) => c.json({ userId: c.get('session').userId }));
    export default app;`,
};

const kB = (n) => `${(n / 1024).toFixed(1)} kB`;
const results = {};
let failed = false;
for (const [name, contents] of Object.entries(workers)) {
  const out = await build({
    stdin: { contents, resolveDir: here, loader: 'js', sourcefile: `${name}.worker.mjs` },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['workerd', 'worker', 'browser'],
    minify: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = out.outputFiles[0].contents;
  const text = new TextDecoder().decode(code);
  const byPackage = {};
  for (const [path, { bytesInOutput }] of Object.entries(Object.values(out.metafile.outputs)[0].inputs)) {
    const m = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(path);
    const own = /(?:^|\/)packages\/([^/]+)\//.exec(path);
    const pkg = m ? m[1] : own ? `@sessiongate/${own[1]}` : path;
    byPackage[pkg] = (byPackage[pkg] ?? 0) + bytesInOutput;
  }
  const undici = Object.keys(out.metafile.inputs).filter((p) => /node_modules\/(\.pnpm\/)?undici/.test(p)).length;
  const nodeImports = [...new Set(text.match(/["']node:[a-z_/]+["']/g) ?? [])];
  results[name] = {
    minified: code.byteLength,
    gzip: gzipSync(code, { level: 9 }).byteLength,
    undiciModules: undici,
    nodeImports,
    largest: Object.entries(byPackage).sort((a, b) => b[1] - a[1]).slice(0, 6).map(([p, b]) => `${p} ${kB(b)}`),
  };
  if (undici > 0 || nodeImports.length > 0) failed = true;
}

if (process.argv.includes('--json')) console.log(JSON.stringify(results, null, 2));
else {
  console.log('| Worker | minified | gzipped | undici | node: imports | largest inputs (minified) |');
  console.log('|---|---|---|---|---|---|');
  for (const [name, r] of Object.entries(results)) {
    console.log(`| ${name} | ${kB(r.minified)} | ${kB(r.gzip)} | ${r.undiciModules === 0 ? 'absent' : `${r.undiciModules} modules`} | ${r.nodeImports.join(', ') || 'none'} | ${r.largest.join(', ')} |`);
  }
}
if (failed) {
  console.error('size.mjs: a Worker bundle contains undici or a node: import');
  process.exit(1);
}
