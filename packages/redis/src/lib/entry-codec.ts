import type { CacheEntry } from '@sessiongate/core';
import * as z from 'zod';

/** The version of the stored value's shape; a value of any other version is a miss (and deleted). */
export const VALUE_VERSION = 1;

const timestamp = z.number().finite();

const sessionSchema = z.looseObject({
  id: z.string().min(1),
  clientId: z.string(),
  userId: z.string().min(1),
  status: z.string(),
  lastActiveAt: timestamp,
  expireAt: timestamp,
  abandonAt: timestamp,
  createdAt: timestamp.optional(),
  updatedAt: timestamp.optional(),
});

const valueSchema = z.object({
  v: z.literal(VALUE_VERSION),
  entry: z.object({
    session: sessionSchema,
    sessionId: z.string().min(1),
    userId: z.string().min(1),
    expiresAt: timestamp,
    refreshAt: timestamp.optional(),
  }),
});

export function encodeEntry(entry: CacheEntry): string {
  const { session, sessionId, userId, expiresAt, refreshAt } = entry;
  return JSON.stringify({ v: VALUE_VERSION, entry: refreshAt === undefined ? { session, sessionId, userId, expiresAt } : { session, sessionId, userId, expiresAt, refreshAt } });
}

/**
 * A stored value back into an entry, or `undefined` when it is not one this version wrote, does
 * not hang together (the session is another one than the entry names), or has expired at `now`.
 */
export function decodeEntry(raw: unknown, now: number): CacheEntry | undefined {
  const text = typeof raw === 'string' ? raw : Buffer.isBuffer(raw) ? raw.toString('utf8') : undefined;
  if (text === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = valueSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const entry = parsed.data.entry;
  if (entry.session.id !== entry.sessionId || entry.session.userId !== entry.userId || !(entry.expiresAt > now)) return undefined;
  return entry as CacheEntry;
}
