// Node, Bun and Deno: `<runtime> run.mjs` with the config as JSON in SG_CONFIG; prints one JSON line.
import { runCases } from './cases.mjs';

const env = globalThis.Deno ? globalThis.Deno.env.toObject() : process.env;
console.log(JSON.stringify(await runCases(JSON.parse(env.SG_CONFIG))));
