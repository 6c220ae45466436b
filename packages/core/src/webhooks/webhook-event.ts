import * as z from 'zod';

/**
 * The data of a `user.*` event: the Backend API's user resource, snake_case, as sent. Only `id`
 * is checked; every other field is kept as it came.
 */
export type UserEventData = { id: string; object?: string } & Record<string, unknown>;
/** The data of `user.deleted`: `{ id, object: 'user', deleted: true }`. */
export type DeletedObjectEventData = { id: string; object?: string; deleted?: boolean } & Record<string, unknown>;
/** The data of a `session.*` event: the Backend API's session resource, snake_case. */
export type SessionEventData = { id: string; user_id: string; status: string; client_id?: string } & Record<string, unknown>;
/** The data of an `organization.*` event: the organization resource, snake_case. */
export type OrganizationEventData = { id: string } & Record<string, unknown>;
/** The data of an `organizationMembership.*` event: the membership, with the member under `public_user_data`. */
export type OrganizationMembershipEventData = {
  id: string;
  public_user_data?: { user_id?: string } & Record<string, unknown>;
} & Record<string, unknown>;

interface EventEnvelope<T extends string, D> {
  type: T;
  data: D;
  object: 'event';
  /** When the event happened, ms since the epoch (absent when the sender gave none). */
  timestamp?: number;
  instance_id?: string;
}

export type UserWebhookEvent = EventEnvelope<'user.created' | 'user.updated', UserEventData> | EventEnvelope<'user.deleted', DeletedObjectEventData>;
export type SessionWebhookEvent = EventEnvelope<'session.created' | 'session.ended' | 'session.removed' | 'session.revoked', SessionEventData>;
export type OrganizationWebhookEvent =
  | EventEnvelope<'organization.created' | 'organization.updated', OrganizationEventData>
  | EventEnvelope<'organization.deleted', DeletedObjectEventData>;
export type OrganizationMembershipWebhookEvent = EventEnvelope<
  'organizationMembership.created' | 'organizationMembership.updated' | 'organizationMembership.deleted',
  OrganizationMembershipEventData
>;

/**
 * An event of a type this version does not know (or whose data is not in the shape its type
 * promises): `eventType` is the type as sent, `data` the raw data, unchecked.
 */
export interface UnknownWebhookEvent {
  type: 'unknown';
  eventType: string;
  data: unknown;
  object: 'event';
  timestamp?: number;
  instance_id?: string;
}

/**
 * A verified webhook event, discriminated by `type`. Known types carry their data in the Backend
 * API's snake_case shape; anything else is the `unknown` variant, so that a new event type never
 * fails verification.
 *
 * @example
 * ```ts
 * switch (event.type) {
 *   case 'session.revoked': console.log(event.data.user_id); break;
 *   case 'unknown': console.log('ignored', event.eventType); break;
 * }
 * ```
 */
export type WebhookEvent =
  | UserWebhookEvent
  | SessionWebhookEvent
  | OrganizationWebhookEvent
  | OrganizationMembershipWebhookEvent
  | UnknownWebhookEvent;

/** The known event types; organizations' events are the hosted service's names. */
export const WEBHOOK_EVENT_TYPES = [
  'user.created',
  'user.updated',
  'user.deleted',
  'session.created',
  'session.ended',
  'session.removed',
  'session.revoked',
  'organization.created',
  'organization.updated',
  'organization.deleted',
  'organizationMembership.created',
  'organizationMembership.updated',
  'organizationMembership.deleted',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

const id = z.string().min(1);
const withId = z.looseObject({ id, object: z.string().optional() });
const deleted = z.looseObject({ id, object: z.string().optional(), deleted: z.boolean().optional() });
const sessionData = z.looseObject({ id, user_id: id, status: z.string().min(1), client_id: z.string().optional() });
const membershipData = z.looseObject({ id, public_user_data: z.looseObject({ user_id: z.string().optional() }).optional() });

const dataSchemas: Record<WebhookEventType, z.ZodType> = {
  'user.created': withId,
  'user.updated': withId,
  'user.deleted': deleted,
  'session.created': sessionData,
  'session.ended': sessionData,
  'session.removed': sessionData,
  'session.revoked': sessionData,
  'organization.created': withId,
  'organization.updated': withId,
  'organization.deleted': deleted,
  'organizationMembership.created': membershipData,
  'organizationMembership.updated': membershipData,
  'organizationMembership.deleted': membershipData,
};

/** The envelope every event has; `data` is checked per type below. */
export const webhookEnvelopeSchema = z.looseObject({
  type: z.string().min(1).max(200),
  object: z.literal('event'),
  data: z.unknown(),
  timestamp: z.number().finite().optional(),
  instance_id: z.string().optional(),
});

/**
 * Turns a parsed JSON payload into a {@link WebhookEvent}, or `undefined` when it is not an event
 * at all (no `type`, `object` other than `'event'`). Known types whose data lacks what their type
 * promises become the `unknown` variant rather than a failure.
 */
export function toWebhookEvent(payload: unknown): WebhookEvent | undefined {
  const envelope = webhookEnvelopeSchema.safeParse(payload);
  if (!envelope.success) return undefined;
  const { type, data, timestamp, instance_id } = envelope.data;
  const meta = { object: 'event' as const, ...(timestamp !== undefined && { timestamp }), ...(instance_id !== undefined && { instance_id }) };
  const schema = Object.hasOwn(dataSchemas, type) ? dataSchemas[type as WebhookEventType] : undefined;
  const parsed = schema?.safeParse(data);
  if (parsed?.success === true) return { type, data: parsed.data, ...meta } as WebhookEvent;
  return { type: 'unknown', eventType: type, data, ...meta };
}
