/**
 * The part of a node-redis client (`redis` / `@redis/client`, v4 and later) the store uses: raw
 * commands and the ready flag. Any client from `createClient()` fits; so does its `duplicate()`.
 */
export interface RedisLikeClient {
  readonly isReady: boolean;
  sendCommand(args: string[]): Promise<unknown>;
}

/** What the store needs from a client it may also subscribe with (the front cache's pub/sub). */
export interface SubscribableClient extends RedisLikeClient {
  duplicate(): SubscriberClient;
}

export interface SubscriberClient {
  readonly isReady: boolean;
  on(event: 'error' | 'ready', listener: (...args: unknown[]) => void): unknown;
  connect(): Promise<unknown>;
  subscribe(channel: string, listener: (message: string) => void): Promise<unknown>;
  destroy?(): void;
  disconnect?(): Promise<void>;
}

/** The client the store creates for `{ url }` and closes with `close()`. */
export interface OwnedClient extends SubscribableClient {
  on(event: 'error' | 'ready', listener: (...args: unknown[]) => void): unknown;
  connect(): Promise<unknown>;
  destroy?(): void;
  disconnect?(): Promise<void>;
}
