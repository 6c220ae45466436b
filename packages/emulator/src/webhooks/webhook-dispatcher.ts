import { createHmac, randomBytes, randomUUID } from 'node:crypto';

/** An event as the hosted service sends it. `data` is a Backend API resource, snake_case. */
export interface WebhookEventPayload {
  data: object;
  object: 'event';
  type: string;
  /** ms since the epoch, on the emulator's clock */
  timestamp: number;
  instance_id: string;
}

export interface WebhookEndpoint {
  id: string;
  url: string;
  /** Event types delivered; absent: every type. */
  events?: string[];
  createdAt: number;
}

export interface WebhookAttempt {
  at: number;
  /** The HTTP status, absent when the request failed (timeout, refused). */
  status?: number;
  error?: 'timeout' | 'network';
}

export interface WebhookDelivery {
  id: string;
  endpointId: string;
  messageId: string;
  type: string;
  /** What orders deliveries: events with the same key reach an endpoint in the order they happened. */
  orderKey: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: WebhookAttempt[];
  payload: WebhookEventPayload;
}

export interface WebhookDeliveryOptions {
  /**
   * Waits before each retry: the attempt count is this list's length + 1. Default like the hosted
   * service's first steps: 5 s, 30 s, 2 min, 10 min (5 attempts).
   */
  retryDelaysMs?: number[];
  /** Per-attempt deadline. Default 15 s. */
  timeoutMs?: number;
  /** Waits `ms` (injected by tests to control time). Default: a timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Most deliveries kept in the log. Default 1000. */
  maxLogEntries?: number;
}

const DEFAULT_RETRY_DELAYS_MS = [5_000, 30_000, 120_000, 600_000];
export const INSTANCE_ID = 'ins_emulator';

/**
 * Sends signed webhooks the way the hosted service does (Standard Webhooks under the `svix-*`
 * names): per endpoint a `whsec_` secret, shown once at registration; retries with backoff on a
 * non-2xx answer or a timeout, up to a bounded number of attempts; a delivery log and manual
 * redelivery. `emit` only queues: a delivery never blocks the call that caused it. Deliveries
 * with the same order key (a session) reach each endpoint one after another, in order.
 */
export class WebhookDispatcher {
  private readonly endpoints = new Map<string, WebhookEndpoint & { secret: Buffer }>();
  private readonly deliveries: WebhookDelivery[] = [];
  private readonly queues = new Map<string, Promise<void>>();
  private readonly controllers = new Set<AbortController>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;
  private readonly retryDelaysMs: number[];
  private readonly timeoutMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxLogEntries: number;

  constructor(
    private readonly now: () => number,
    options: WebhookDeliveryOptions = {},
  ) {
    this.retryDelaysMs = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.maxLogEntries = options.maxLogEntries ?? 1000;
    this.sleep =
      options.sleep ??
      ((ms) =>
        new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            this.timers.delete(timer);
            resolve();
          }, ms);
          this.timers.add(timer);
        }));
  }

  /** Registers an endpoint; the returned `secret` is never shown again. */
  register(o: { url: string; events?: string[] }): WebhookEndpoint & { secret: string } {
    const key = randomBytes(24);
    const endpoint = { id: `ep_${randomUUID().replace(/-/g, '')}`, url: o.url, ...(o.events && { events: [...o.events] }), createdAt: this.now(), secret: key };
    this.endpoints.set(endpoint.id, endpoint);
    return { ...this.publicEndpoint(endpoint), secret: `whsec_${key.toString('base64')}` };
  }

  remove(id: string): boolean {
    return this.endpoints.delete(id);
  }

  list(): WebhookEndpoint[] {
    return [...this.endpoints.values()].map((e) => this.publicEndpoint(e));
  }

  get log(): readonly WebhookDelivery[] {
    return this.deliveries;
  }

  delivery(id: string): WebhookDelivery | undefined {
    return this.deliveries.find((d) => d.id === id);
  }

  /** Queues `type` with `data` for every endpoint that wants it; returns at once. */
  emit(type: string, data: object, orderKey = type): void {
    if (this.closed) return;
    const payload: WebhookEventPayload = { data, object: 'event', type, timestamp: this.now(), instance_id: INSTANCE_ID };
    const messageId = `msg_${randomUUID().replace(/-/g, '')}`;
    for (const endpoint of this.endpoints.values()) {
      if (endpoint.events !== undefined && !endpoint.events.includes(type)) continue;
      this.enqueue(this.record({ endpointId: endpoint.id, messageId, type, orderKey, payload }));
    }
  }

  /** Sends a logged delivery again, as a new delivery of the same message (same id); `undefined` when unknown. */
  redeliver(deliveryId: string): WebhookDelivery | undefined {
    const original = this.delivery(deliveryId);
    if (original === undefined || !this.endpoints.has(original.endpointId)) return undefined;
    const { endpointId, messageId, type, orderKey, payload } = original;
    const copy = this.record({ endpointId, messageId, type, orderKey, payload });
    this.enqueue(copy);
    return copy;
  }

  /** Resolves once every queued delivery has been delivered or given up (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.queues.size > 0) await Promise.all([...this.queues.values()]);
  }

  close(): void {
    this.closed = true;
    for (const c of this.controllers) c.abort();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private publicEndpoint(e: WebhookEndpoint): WebhookEndpoint {
    return { id: e.id, url: e.url, ...(e.events && { events: [...e.events] }), createdAt: e.createdAt };
  }

  private record(d: Omit<WebhookDelivery, 'id' | 'status' | 'attempts'>): WebhookDelivery {
    const delivery: WebhookDelivery = { id: `dlv_${randomUUID().replace(/-/g, '')}`, status: 'pending', attempts: [], ...d };
    this.deliveries.push(delivery);
    if (this.deliveries.length > this.maxLogEntries) this.deliveries.splice(0, this.deliveries.length - this.maxLogEntries);
    return delivery;
  }

  /** Chains the delivery behind the earlier ones of its endpoint and order key. */
  private enqueue(delivery: WebhookDelivery): void {
    const key = `${delivery.endpointId}\u0000${delivery.orderKey}`;
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.deliver(delivery)).catch(() => {});
    this.queues.set(key, next);
    void next.then(() => {
      if (this.queues.get(key) === next) this.queues.delete(key);
    });
  }

  private async deliver(delivery: WebhookDelivery): Promise<void> {
    for (let attempt = 0; !this.closed; attempt++) {
      const endpoint = this.endpoints.get(delivery.endpointId);
      if (endpoint === undefined) {
        delivery.status = 'failed'; // removed meanwhile: nothing more is sent to it
        return;
      }
      const result = await this.attempt(endpoint, delivery);
      delivery.attempts.push(result);
      if (result.status !== undefined && result.status >= 200 && result.status < 300) {
        delivery.status = 'delivered';
        return;
      }
      const wait = this.retryDelaysMs[attempt];
      if (wait === undefined) break;
      await this.sleep(wait);
    }
    delivery.status = 'failed';
  }

  private async attempt(endpoint: WebhookEndpoint & { secret: Buffer }, delivery: WebhookDelivery): Promise<WebhookAttempt> {
    const body = JSON.stringify(delivery.payload);
    const timestamp = Math.floor(Date.now() / 1000); // the receiver's replay window is on real time
    const signature = createHmac('sha256', endpoint.secret).update(`${delivery.messageId}.${timestamp}.${body}`).digest('base64');
    const controller = new AbortController();
    this.controllers.add(controller);
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    const at = this.now();
    try {
      const res = await fetch(endpoint.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': `${__PKG_NAME__}/${__PKG_VERSION__}`,
          'svix-id': delivery.messageId,
          'svix-timestamp': String(timestamp),
          'svix-signature': `v1,${signature}`,
        },
        body,
        signal: controller.signal,
        redirect: 'manual',
      });
      await res.body?.cancel().catch(() => {});
      return { at, status: res.status };
    } catch {
      return { at, error: controller.signal.aborted ? 'timeout' : 'network' };
    } finally {
      clearTimeout(timer);
      this.controllers.delete(controller);
    }
  }
}
