import { sessionJSON, userJSON } from '../serialize.js';
import type { Store, StoreEvent } from '../store.js';
import type { WebhookDispatcher } from './webhook-dispatcher.js';

/**
 * Every change the store reports becomes a webhook with the Backend API's resource as `data`.
 * Session events are ordered by session, user events by user. Organization and membership
 * events: add their StoreEvent in store.ts and a case here (data: the organization or
 * membership resource; order key: the organization id).
 */
export function deliverStoreEvents(store: Store, webhooks: WebhookDispatcher): void {
  store.onEvent = (event: StoreEvent) => {
    switch (event.type) {
      case 'user.created':
        return webhooks.emit(event.type, userJSON(event.user), event.user.id);
      case 'session.created':
      case 'session.ended':
      case 'session.revoked':
      case 'session.removed':
        return webhooks.emit(event.type, sessionJSON(event.session), event.session.id);
    }
  };
}
