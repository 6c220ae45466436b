#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { EmulatorError } from './errors.js';
import { startEmulator } from './start-emulator.js';
import type { SeedUser } from './types.js';

const USAGE = `Usage: sessiongate-emulator [--port 3999] [--host 127.0.0.1] [--api-key KEY]
                            [--seed users.json] [--data state.json] [--cors ORIGIN]...
                            [--allowed-host HOST]... [--webhook URL]... [--log]

  --port     port to listen on (default 3999; 0 = any free port)
  --host     interface to bind (default 127.0.0.1)
  --api-key  the API key clients must send (default: a generated test_… key);
             keys that look like production ones (sk_live_…, live_…) are refused
  --seed     JSON file: an array of { id?, email?, firstName?, lastName? } (or { "users": [...] })
  --data     JSON file that keeps the state across restarts
  --cors     an origin allowed to call the control plane from a browser (repeatable)
  --allowed-host
             a Host header value to answer besides 127.0.0.1:PORT, localhost:PORT and
             [::1]:PORT (repeatable): a name (any port) or name:port; any other Host gets
             403, which stops DNS rebinding
  --webhook  send signed webhooks of every change to URL (repeatable); its secret is printed once
  --log      log each request (method, path, status; never a key or a token)`;

const seedFile = z.union([
  z.array(z.object({ id: z.string().optional(), email: z.string().optional(), firstName: z.string().optional(), lastName: z.string().optional() }).strict()),
  z.object({ users: z.array(z.any()) }).transform((x) => x.users as SeedUser[]),
]);

function readSeed(file: string): SeedUser[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new EmulatorError('ERR_INVALID_OPTION', `--seed ${file} is not a readable JSON file`);
  }
  const parsed = seedFile.safeParse(raw);
  if (!parsed.success) throw new EmulatorError('ERR_INVALID_OPTION', `--seed ${file} must hold an array of users`);
  return parsed.data;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '3999' },
      host: { type: 'string', default: '127.0.0.1' },
      'api-key': { type: 'string' },
      seed: { type: 'string' },
      data: { type: 'string' },
      cors: { type: 'string', multiple: true },
      'allowed-host': { type: 'string', multiple: true },
      webhook: { type: 'string', multiple: true },
      log: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!/^\d{1,5}$/.test(values.port) || port > 65535) throw new EmulatorError('ERR_INVALID_OPTION', '--port must be 0..65535');

  const emu = await startEmulator({
    port,
    host: values.host,
    apiKey: values['api-key'] ?? process.env.SESSIONGATE_EMULATOR_API_KEY,
    users: values.seed ? readSeed(values.seed) : [],
    dataFile: values.data,
    corsOrigins: values.cors ?? [],
    allowedHosts: values['allowed-host'] ?? [],
    logger: values.log,
  });

  const res = await fetch(`${emu.url}/__emulator/users`);
  const users = (await res.json()) as { id: string; emailAddresses: { emailAddress: string }[] }[];
  console.log(`sessiongate emulator listening on ${emu.url}`);
  console.log(`  CLERK_API_URL=${emu.url}`);
  console.log(`  CLERK_API_KEY=${emu.apiKey}`);
  console.log(`  control plane: ${emu.url}/__emulator/`);
  console.log(`  users (${users.length}):`);
  for (const u of users) console.log(`    ${u.id}${u.emailAddresses[0] ? ` <${u.emailAddresses[0].emailAddress}>` : ''}`);
  for (const url of values.webhook ?? []) {
    const endpoint = emu.webhooks.register({ url });
    // shown once, as the hosted dashboard does: the app needs it as CLERK_WEBHOOK_SIGNING_SECRET
    console.log(`  webhook ${endpoint.id} -> ${endpoint.url}`);
    console.log(`    CLERK_WEBHOOK_SIGNING_SECRET=${endpoint.secret}`);
  }
  // A parent process (or a test) can read this line to learn the URL.
  console.log(`ready ${emu.url}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: closing`);
    emu.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  const message = EmulatorError.is(e) || e instanceof TypeError ? e.message : String((e as Error)?.message ?? e);
  console.error(message);
  console.error(USAGE);
  process.exit(1);
});
