import * as z from 'zod';
import type { Session } from '../domain/session.js';

const timestamp = z.number().finite();

const sessionWire = z.object({
  id: z.string().min(1),
  client_id: z.string().min(1),
  user_id: z.string().min(1),
  status: z.string().min(1),
  last_active_at: timestamp,
  expire_at: timestamp,
  abandon_at: timestamp,
  created_at: timestamp.optional(),
  updated_at: timestamp.optional(),
});

function toSession(w: z.infer<typeof sessionWire>): Session {
  const s: Session = {
    id: w.id,
    clientId: w.client_id,
    userId: w.user_id,
    status: w.status,
    lastActiveAt: w.last_active_at,
    expireAt: w.expire_at,
    abandonAt: w.abandon_at,
  };
  if (w.created_at !== undefined) s.createdAt = w.created_at;
  if (w.updated_at !== undefined) s.updatedAt = w.updated_at;
  return s;
}

/** A session as the Backend API sends it (snake_case). */
export const sessionSchema: z.ZodType<Session> = sessionWire.transform(toSession);

const camelKeys = ['clientId', 'userId', 'lastActiveAt', 'expireAt', 'abandonAt', 'createdAt', 'updatedAt'] as const;

/**
 * A session nested in a client: snake_case, or camelCase as in the 2021 SDK's fixtures.
 * A camelCase key is only used when its snake_case twin is absent.
 */
export const nestedSessionSchema: z.ZodType<Session> = z.preprocess((value) => {
  if (typeof value !== 'object' || value === null || !('clientId' in value)) return value;
  const v = { ...(value as Record<string, unknown>) };
  for (const k of camelKeys) {
    const snake = k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    if (v[snake] === undefined && v[k] !== undefined) v[snake] = v[k];
  }
  return v;
}, sessionSchema);

export const sessionListSchema: z.ZodType<Session[]> = z.array(sessionSchema);

