// Loaded with `node --import` before anything else: makes this process look like a fetch-only
// runtime (workerd, Deno Deploy, Vercel Edge) to the code under test. `node:crypto` and `undici`
// cannot be imported, required or reached through process.getBuiltinModule; the Web APIs
// (fetch, Request, Response, crypto.subtle, TextEncoder) stay, as they are there.
import { register } from 'node:module';
import Module from 'node:module';

const REFUSED = new Set(['node:crypto', 'crypto', 'undici']);
const refusal = (id) => Object.assign(new Error(`refused in this fetch-only test runtime: ${id}`), { code: 'ERR_MODULE_NOT_FOUND' });

register(
  'data:text/javascript,' +
    encodeURIComponent(`
      const REFUSED = new Set(${JSON.stringify([...REFUSED])});
      export async function resolve(specifier, context, next) {
        if (REFUSED.has(specifier)) throw Object.assign(new Error('refused in this fetch-only test runtime: ' + specifier), { code: 'ERR_MODULE_NOT_FOUND' });
        return next(specifier, context);
      }`),
);

const load = Module._load;
Module._load = function (request, ...rest) {
  if (REFUSED.has(request)) throw refusal(request);
  return load.call(this, request, ...rest);
};

const getBuiltinModule = process.getBuiltinModule;
if (typeof getBuiltinModule === 'function') {
  process.getBuiltinModule = (id) => (REFUSED.has(id) ? undefined : getBuiltinModule.call(process, id));
}
