/** Session statuses of the Backend API (unknown future ones are passed through as strings). */
export type SessionStatus = 'active' | 'revoked' | 'ended' | 'expired' | 'removed' | 'abandoned' | 'replaced' | (string & {});

/** A session, camelCased from the Backend API. Only `status === 'active'` is signed in. */
export interface Session {
  id: string;
  clientId: string;
  userId: string;
  status: SessionStatus;
  lastActiveAt: number;
  expireAt: number;
  abandonAt: number;
  /** Absent in 2021 responses. */
  createdAt?: number;
  /** Absent in 2021 responses. */
  updatedAt?: number;
}
