import { membershipJSON, organizationJSON } from '../organizations/organization-json.js';
import { sessionJSON, userJSON } from '../serialize.js';
import type { Store, StoreEvent } from '../store.js';
import type { WebhookDispatcher } from './webhook-dispatcher.js';

/** The data of a `*.deleted` event, as the hosted service sends it: `{ object, id, deleted: true }`. */
export const deletedJSON = (object: 'user' | 'organization', id: string) => ({ object, id, deleted: true as const });

/**
 * Every change the store reports becomes a webhook with the Backend API's resource as `data`
 * (serialized now, synchronously: a later change does not leak into an earlier event). Session
 * events are ordered by session, user events by user, organization and membership events by
 * organization (a membership's `created` never overtakes its organization's).
 */
export function deliverStoreEvents(store: Store, webhooks: WebhookDispatcher): void {
  store.onEvent = (event: StoreEvent) => {
    switch (event.type) {
      case 'user.created':
      case 'user.updated':
        return webhooks.emit(event.type, userJSON(event.user), event.user.id);
      case 'user.deleted':
        return webhooks.emit(event.type, deletedJSON('user', event.user.id), event.user.id);
      case 'session.created':
      case 'session.ended':
      case 'session.revoked':
      case 'session.removed':
        return webhooks.emit(event.type, sessionJSON(event.session), event.session.id);
      case 'organization.created':
      case 'organization.updated':
        return webhooks.emit(event.type, organizationJSON(event.organization), event.organization.id);
      case 'organization.deleted':
        return webhooks.emit(event.type, deletedJSON('organization', event.organization.id), event.organization.id);
      case 'organizationMembership.created':
      case 'organizationMembership.updated':
      case 'organizationMembership.deleted':
        return webhooks.emit(event.type, membershipJSON(event.membership, store.organizations, store), event.membership.organizationId);
    }
  };
}
