import type { Session } from './session.js';

/** A client (a browser/device), camelCased. `lastActiveSessionId` drives the last-active fallback. */
export interface Client {
  id: string;
  sessionIds: string[];
  sessions: Session[];
  /** `sign_in_id` today, `sign_in_attempt_id` in 2021. */
  signInAttemptId: string | null;
  /** `sign_up_id` today, `sign_up_attempt_id` in 2021. */
  signUpAttemptId: string | null;
  lastActiveSessionId: string | null;
  createdAt: number;
  updatedAt: number;
}
