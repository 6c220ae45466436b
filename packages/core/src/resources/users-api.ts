import type { BackendClient } from '../http/backend-client.js';
import { sgError } from '../errors.js';
import { assertId } from '../http/ids.js';
import { run } from './run.js';
import type { User } from '../domain/user.js';
import { userListSchema, userSchema } from './user.js';

/** Filters of {@link UsersApi.getUserList}. */
export interface UserListParams {
  /** 1..500. */
  limit?: number;
  /** >= 0. */
  offset?: number;
  /** One address or several (any of them matches). */
  emailAddress?: string | string[];
}

/** `users` of a {@link Clerk}: the Backend API's user endpoints. */
export interface UsersApi {
  /** Fetches one user. @example `const user = await users.getUser(session.userId)` */
  getUser(userId: string): Promise<User>;
  /** Lists users. @example `await users.getUserList({ emailAddress: ['a@example.com'], limit: 10 })` */
  getUserList(params?: UserListParams): Promise<User[]>;
}

export function createUsersApi(backend: BackendClient): UsersApi {
  return {
    getUser(userId) {
      return run(() => {
        assertId('userId', userId, 'users.getUser()');
        return backend.call({ name: 'users.getUser()', method: 'GET', segments: ['users', userId], schema: userSchema, retry: true });
      });
    },
    getUserList(params = {}) {
      return run(() => {
        const name = 'users.getUserList()';
        if (typeof params !== 'object' || params === null) throw sgError('ERR_INVALID_ARGUMENT', `${name}: params must be an object`);
        const query = new URLSearchParams();
        if (params.limit !== undefined) {
          if (!Number.isInteger(params.limit) || params.limit < 1 || params.limit > 500) {
            throw sgError('ERR_INVALID_ARGUMENT', `${name}: limit must be an integer from 1 to 500`);
          }
          query.set('limit', String(params.limit));
        }
        if (params.offset !== undefined) {
          if (!Number.isInteger(params.offset) || params.offset < 0) {
            throw sgError('ERR_INVALID_ARGUMENT', `${name}: offset must be an integer >= 0`);
          }
          query.set('offset', String(params.offset));
        }
        if (params.emailAddress !== undefined) {
          const list = Array.isArray(params.emailAddress) ? params.emailAddress : [params.emailAddress];
          if (list.length > 100 || !list.every((e) => typeof e === 'string' && e.length > 0 && e.length <= 320)) {
            throw sgError('ERR_INVALID_ARGUMENT', `${name}: emailAddress must be a non-empty string or an array of at most 100 of them`);
          }
          for (const e of list) query.append('email_address', e);
        }
        return backend.call({ name, method: 'GET', segments: ['users'], query, schema: userListSchema, retry: true });
      });
    },
  };
}
