import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EmulatorContext } from './context.js';
import { clerkErrors } from './errors.js';
import type { Fault, RequestLogEntry } from './types.js';

const DEFAULT_SLOW_BODY = JSON.stringify(
  clerkErrors('emulator_slow_body', 'Slow body', 'The emulator dripped this body slowly (slow-body fault).'),
);

function sleep(ctx: EmulatorContext, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      ctx.pending.delete(t);
      resolve();
    }, ms);
    ctx.pending.add(t);
  });
}

/**
 * Carries out a fault. Returns true when the fault answered (or refused to answer) the
 * request, false when the request goes on normally (latency).
 */
export async function applyFault(
  ctx: EmulatorContext,
  fault: Fault,
  request: FastifyRequest,
  reply: FastifyReply,
  entry: RequestLogEntry,
): Promise<boolean> {
  switch (fault.type) {
    case 'latency':
      await sleep(ctx, fault.ms);
      return false;
    case 'status':
      reply.code(fault.status);
      if (fault.headers) reply.headers(fault.headers);
      await reply.send(
        fault.body !== undefined
          ? fault.body
          : clerkErrors('emulator_fault', 'Injected fault', `The emulator answered ${fault.status} (status fault).`),
      );
      return true;
    case 'raw':
      reply.code(fault.status ?? 200).header('content-type', fault.contentType ?? 'text/html; charset=utf-8');
      await reply.send(fault.body);
      return true;
    case 'rate-limit':
      reply.code(429).header('retry-after', String(fault.retryAfter));
      await reply.send(clerkErrors('too_many_requests', 'Too many requests', 'Too many requests, retry later.'));
      return true;
    case 'gone':
      reply.code(410);
      await reply.send(clerkErrors('gone', 'Gone', 'This endpoint is deprecated and no longer available.'));
      return true;
    case 'reset':
      reply.hijack();
      entry.status = 0;
      request.raw.socket.destroy();
      return true;
    case 'hang':
      reply.hijack();
      entry.status = 0;
      return true;
    case 'slow-body': {
      reply.hijack();
      entry.status = 200;
      const body = Buffer.from(fault.body ?? DEFAULT_SLOW_BODY, 'utf8');
      const res = reply.raw;
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(body.length) });
      res.flushHeaders();
      let i = 0;
      const interval = fault.intervalMs ?? 100;
      const drip = (): void => {
        if (res.destroyed) return;
        if (i >= body.length) {
          res.end();
          return;
        }
        res.write(body.subarray(i, i + 1));
        i += 1;
        const t = setTimeout(() => {
          ctx.pending.delete(t);
          drip();
        }, interval);
        ctx.pending.add(t);
      };
      drip();
      return true;
    }
  }
}
