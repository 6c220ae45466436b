import type { FaultRegistry } from './faults.js';
import type { HostCheck } from './host-check.js';
import type { TokenIssuer } from './jwt/token-issuer.js';
import type { RequestLog } from './request-log.js';
import type { Store } from './store.js';
import type { WebhookDispatcher } from './webhooks/webhook-dispatcher.js';

/** What the routes and hooks share. */
export interface EmulatorContext {
  store: Store;
  /** Session-token (JWT) signing keys and minting. */
  tokens: TokenIssuer;
  faults: FaultRegistry;
  log: RequestLog;
  /** True for values that must never be logged: the API key and every client token. */
  isSecret: (value: string) => boolean;
  /** Constant-time check of a presented API key. */
  checkApiKey: (presented: string) => boolean;
  corsOrigins: ReadonlySet<string>;
  /** The Host values the emulator answers (DNS rebinding defence). */
  hosts: HostCheck;
  /** Signed webhooks to the registered endpoints. */
  webhooks: WebhookDispatcher;
  /** Pending timers and sockets of faults, cleared at close. */
  pending: Set<NodeJS.Timeout>;
}
