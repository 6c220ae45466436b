import * as z from 'zod';
import type { Client } from '../domain/client.js';
import { nestedSessionSchema } from './session.js';

const nullableId = z.string().nullable().optional();

const clientWire = z.object({
  id: z.string().min(1),
  session_ids: z.array(z.string()),
  sessions: z.array(nestedSessionSchema),
  sign_in_id: nullableId,
  sign_up_id: nullableId,
  sign_in_attempt_id: nullableId,
  sign_up_attempt_id: nullableId,
  last_active_session_id: z.string().nullable(),
  created_at: z.number().finite(),
  updated_at: z.number().finite(),
});

/** A client as the Backend API sends it (2021 and current field names). */
export const clientSchema: z.ZodType<Client> = clientWire.transform((w) => ({
  id: w.id,
  sessionIds: w.session_ids,
  sessions: w.sessions,
  signInAttemptId: w.sign_in_id ?? w.sign_in_attempt_id ?? null,
  signUpAttemptId: w.sign_up_id ?? w.sign_up_attempt_id ?? null,
  lastActiveSessionId: w.last_active_session_id,
  createdAt: w.created_at,
  updatedAt: w.updated_at,
}));

export const clientListSchema: z.ZodType<Client[]> = z.array(clientSchema);
