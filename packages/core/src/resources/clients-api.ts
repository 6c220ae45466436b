import type { BackendClient } from '../http/backend-client.js';
import { assertId, assertToken } from '../http/ids.js';
import type { Client } from '../domain/client.js';
import { clientListSchema, clientSchema } from './client.js';
import { run } from './run.js';

/** `clients` of a {@link Clerk}: the Backend API's client endpoints. */
export interface ClientsApi {
  /**
   * Verifies a client token (the `__session` cookie) and returns its client.
   * @example
   * ```ts
   * const client = await clients.verifyClient(clientToken);
   * const sessionId = client.lastActiveSessionId;
   * ```
   */
  verifyClient(token: string): Promise<Client>;
  /** Fetches one client by id (`client_…`). @example `await clients.getClient('client_abc')` */
  getClient(clientId: string): Promise<Client>;
  /** Lists clients. @example `const all = await clients.getClientList()` */
  getClientList(): Promise<Client[]>;
}

export function createClientsApi(backend: BackendClient): ClientsApi {
  return {
    verifyClient(token) {
      return run(() => {
        assertToken(token, 'clients.verifyClient()');
        return backend.call({ name: 'clients.verifyClient()', method: 'POST', segments: ['clients', 'verify'], body: { token }, schema: clientSchema, retry: true });
      });
    },
    getClient(clientId) {
      return run(() => {
        assertId('clientId', clientId, 'clients.getClient()');
        return backend.call({ name: 'clients.getClient()', method: 'GET', segments: ['clients', clientId], schema: clientSchema, retry: true });
      });
    },
    getClientList() {
      return backend.call({ name: 'clients.getClientList()', method: 'GET', segments: ['clients'], schema: clientListSchema, retry: true });
    },
  };
}
