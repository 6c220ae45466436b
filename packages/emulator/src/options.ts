import { z } from 'zod';
import { EmulatorError } from './errors.js';
import { ALLOWED_HOST_PATTERN } from './host-check.js';
import type { EmulatorOptions } from './types.js';

const DAY = 24 * 60 * 60 * 1000;

const optionsSchema = z
  .object({
    port: z.number().int().min(0).max(65535).default(0),
    host: z.string().min(1).max(255).default('127.0.0.1'),
    apiKey: z.string().optional(),
    users: z
      .array(
        z
          .object({ id: z.string().optional(), email: z.string().optional(), firstName: z.string().optional(), lastName: z.string().optional() })
          .strict(),
      )
      .default([]),
    logger: z.boolean().default(false),
    dataFile: z.string().min(1).optional(),
    corsOrigins: z.array(z.string().regex(/^https?:\/\/[^/\s]+$/, 'an origin like http://localhost:3000')).default([]),
    allowedHosts: z
      .array(z.string().max(260).regex(ALLOWED_HOST_PATTERN, 'a host name or IP, optionally with :port (like emulator.internal or box.lan:3999)'))
      .max(64)
      .default([]),
    sessionLifetimeMs: z.number().int().positive().default(7 * DAY),
    inactivityTimeoutMs: z.number().int().positive().default(DAY),
    sessionTokenLifetimeMs: z.number().int().min(1000).max(DAY).default(60_000),
    webhookDelivery: z
      .object({
        retryDelaysMs: z.array(z.number().int().min(0)).max(20).optional(),
        timeoutMs: z.number().int().positive().optional(),
        sleep: z.custom<(ms: number) => Promise<void>>((v) => typeof v === 'function', 'a function').optional(),
        maxLogEntries: z.number().int().positive().optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

export type ResolvedOptions = z.output<typeof optionsSchema>;

/** Validates startEmulator() options once; errors name the option and the package. */
export function resolveOptions(options: EmulatorOptions = {}): ResolvedOptions {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new EmulatorError('ERR_INVALID_OPTION', `invalid option ${issue?.path.join('.') || ''}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
