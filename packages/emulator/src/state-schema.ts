import { z } from 'zod';

const status = z.enum(['active', 'revoked', 'ended', 'expired', 'removed', 'abandoned', 'replaced']);
const ts = z.number().int();

/** Validates an exported state (importState, --data files). */
export const emulatorStateSchema = z.object({
  version: z.literal(1),
  clockOffsetMs: z.number().int(),
  users: z.array(
    z.object({
      id: z.string().regex(/^user_[A-Za-z0-9_]{1,128}$/),
      firstName: z.string().nullable(),
      lastName: z.string().nullable(),
      emails: z.array(z.object({ id: z.string(), emailAddress: z.string(), createdAt: ts })),
      primaryEmailAddressId: z.string().nullable(),
      lastSignInAt: ts.nullable(),
      lastActiveAt: ts.nullable(),
      createdAt: ts,
      updatedAt: ts,
    }),
  ),
  clients: z.array(
    z.object({
      id: z.string().regex(/^client_[A-Za-z0-9_]{1,128}$/),
      token: z.string().regex(/^[A-Za-z0-9_-]{22,512}$/),
      sessionIds: z.array(z.string()),
      lastActiveSessionId: z.string().nullable(),
      createdAt: ts,
      updatedAt: ts,
    }),
  ),
  sessions: z.array(
    z.object({
      id: z.string().regex(/^sess_[A-Za-z0-9_]{1,128}$/),
      clientId: z.string(),
      userId: z.string(),
      status,
      lastActiveAt: ts,
      expireAt: ts,
      abandonAt: ts,
      createdAt: ts,
      updatedAt: ts,
    }),
  ),
});
