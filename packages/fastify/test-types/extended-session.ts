// A separate program (tsc -p test-types): augmenting ClerkFastifyTypes changes request.session
// for the whole program, so it cannot share one with test/augment.test-d.ts.
import type { FastifyRequest } from 'fastify';
import type { Session } from '../src/index.js';

interface TenantSession extends Session {
  tenantId?: string;
}

declare module '../src/index.js' {
  interface ClerkFastifyTypes {
    session: TenantSession;
  }
}

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertEqual = <T extends true>(): T => true as T;

assertEqual<Equal<FastifyRequest['session'], TenantSession | null>>();

declare const request: FastifyRequest;
export const tenant: string | undefined = request.session?.tenantId;
// @ts-expect-error userId is a string, not a number
export const wrong: number | undefined = request.session?.userId;
