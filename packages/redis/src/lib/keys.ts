/** Where each kind of record lives under the prefix. The core's keys are `sha256(token):sessionId`. */
export interface KeySpace {
  entry(key: string): string;
  lock(key: string): string;
  session(sessionId: string): string;
  user(userId: string): string;
  sessionTombstone(sessionId: string): string;
  userTombstone(userId: string): string;
  readonly channel: string;
}

export function keySpace(prefix: string): KeySpace {
  return {
    entry: (key) => `${prefix}v:${key}`,
    lock: (key) => `${prefix}l:${key}`,
    session: (id) => `${prefix}s:${id}`,
    user: (id) => `${prefix}u:${id}`,
    sessionTombstone: (id) => `${prefix}ts:${id}`,
    userTombstone: (id) => `${prefix}tu:${id}`,
    channel: `${prefix}invalidate`,
  };
}
