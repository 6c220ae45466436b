import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openapiSchemaToJsonSchema } from '@openapi-contrib/openapi-schema-to-json-schema';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import yaml from 'js-yaml';

/** The OpenAPI excerpt lives in ../shared, absent in a user's clone: tests that need it skip. */
export const SPEC_PATH = fileURLToPath(new URL('../../../../../shared/spec/clerk-bapi-2021-02-05.excerpt.yml', import.meta.url));
export const hasSpec = existsSync(SPEC_PATH);

type Json = Record<string, unknown>;
interface Spec {
  paths: Record<string, Record<string, { responses: Record<string, Json> }>>;
  components: { schemas: Record<string, Json>; responses: Record<string, Json> };
}

// Operations of the 2021 SDK that the excerpt does not describe: their bodies use the excerpt's schemas.
const EXTRA: Record<string, Record<string, Json>> = {
  'get /users': { '200': { type: 'array', items: { $ref: '#/components/schemas/User' } } },
  'post /users': { '200': { $ref: '#/components/schemas/User' } },
};
const ERRORS = { $ref: '#/components/schemas/ClerkErrors' };

function stripSchemaKeyword(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(stripSchemaKeyword);
  if (x && typeof x === 'object') {
    const out: Json = {};
    for (const [k, v] of Object.entries(x)) if (k !== '$schema') out[k] = stripSchemaKeyword(v);
    return out;
  }
  return x;
}

export interface SpecValidator {
  /** Throws unless the body of `METHOD /v1/...` with this status matches the spec. */
  check(method: string, path: string, status: number, body: unknown): void;
}

/** Builds a validator of /v1 responses from the OpenAPI excerpt (ajv on the converted schemas). */
export function loadSpecValidator(): SpecValidator {
  const spec = yaml.load(readFileSync(SPEC_PATH, 'utf8')) as Spec;
  const schemas: Json = {};
  for (const [name, schema] of Object.entries(spec.components.schemas)) {
    schemas[name] = stripSchemaKeyword(openapiSchemaToJsonSchema(schema as never));
  }
  const ajv = new Ajv({ strict: false, allErrors: true });
  const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  ajv.addSchema({ $id: 'spec', components: { schemas } });
  const cache = new Map<string, ValidateFunction>();
  const compile = (schema: Json): ValidateFunction => {
    const text = JSON.stringify(schema);
    let fn = cache.get(text);
    if (!fn) {
      fn = ajv.compile(JSON.parse(text.replaceAll('"#/components/', '"spec#/components/')));
      cache.set(text, fn);
    }
    return fn;
  };

  const templates = Object.keys(spec.paths).map((t) => ({
    template: t,
    re: new RegExp(`^${t.replace(/\{[^}]+\}/g, '[^/]+')}$`),
  }));

  const responseSchema = (method: string, path: string, status: number): Json => {
    const m = method.toLowerCase();
    const local = path.replace(/^\/v1/, '').split('?')[0]!;
    const extra = EXTRA[`${m} ${local}`];
    if (extra) return extra[String(status)] ?? ERRORS;
    const found = templates.find((t) => t.re.test(local) && spec.paths[t.template]?.[m]);
    if (!found && status >= 400) return ERRORS; // unknown routes answer the error shape
    if (!found) throw new Error(`no operation ${method} ${local} in the spec excerpt`);
    const responses = spec.paths[found.template]![m]!.responses;
    let response = responses[String(status)];
    if (!response) {
      if (status >= 400) return ERRORS; // every error of the Backend API has the ClerkErrors shape
      throw new Error(`the spec has no ${status} response for ${method} ${found.template}`);
    }
    const ref = response.$ref as string | undefined;
    if (ref) response = spec.components.responses[ref.split('/').pop()!]!;
    const content = response.content as Record<string, { schema: Json }>;
    return content['application/json']!.schema;
  };

  return {
    check(method, path, status, body) {
      const validate = compile(responseSchema(method, path, status) as Json);
      if (!validate(body)) {
        throw new Error(`${method} ${path} -> ${status} does not match the spec: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 2000)}`);
      }
    },
  };
}
