/** The error of a Redis operation that did not answer within `opTimeoutMs`. */
export class RedisTimeoutError extends Error {
  readonly code = 'ERR_REDIS_TIMEOUT';
  constructor(ms: number) {
    super(`no answer from Redis within ${ms} ms`);
    this.name = 'RedisTimeoutError';
  }
}

/**
 * `pending`, or a rejection after `ms`. The command itself is not cancelled (it was written to
 * the socket); its late answer is dropped.
 */
export function withTimeout<T>(pending: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new RedisTimeoutError(ms)), ms);
    pending.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
