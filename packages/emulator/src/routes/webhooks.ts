import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { EmulatorContext } from '../context.js';
import { clerkErrors } from '../errors.js';

export const webhookEndpointSchema = z
  .object({
    url: z.url({ protocol: /^https?$/ }).max(2048),
    events: z.array(z.string().min(1).max(100)).max(100).optional(),
  })
  .strict();
const idParam = z.object({ id: z.string().min(1).max(100) });

type Run = <T>(reply: FastifyReply, fn: () => T | Promise<T>) => Promise<unknown>;

/**
 * /__emulator/webhooks: register (the `whsec_` secret is in this answer only), list, remove
 * endpoints; the delivery log, and redelivery of one delivery.
 */
export function webhookRoutes(app: FastifyInstance, ctx: EmulatorContext, run: Run): void {
  const P = '/__emulator/webhooks';
  const { webhooks } = ctx;
  app.post(P, async (req, reply) => run(reply, () => reply.code(201).send(webhooks.register(webhookEndpointSchema.parse(req.body ?? {})))));
  app.get(P, async () => webhooks.list());
  app.delete(`${P}/:id`, async (req, reply) => {
    const { id } = idParam.parse(req.params);
    if (!webhooks.remove(id)) return reply.code(404).send(clerkErrors('resource_not_found', 'no such webhook endpoint', 'no such webhook endpoint'));
    return { ok: true };
  });
  app.get(`${P}/deliveries`, async () => webhooks.log);
  app.post(`${P}/deliveries/:id/redeliver`, async (req, reply) => {
    const { id } = idParam.parse(req.params);
    const delivery = webhooks.redeliver(id);
    if (delivery === undefined) return reply.code(404).send(clerkErrors('resource_not_found', 'no such delivery', 'no such delivery (or its endpoint was removed)'));
    return reply.code(202).send(delivery);
  });
}
