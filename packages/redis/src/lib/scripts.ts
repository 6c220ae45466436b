import { createHash } from 'node:crypto';

/**
 * The writes are Lua scripts, so that an entry and its index sets change together (Redis 2.6+,
 * no `PEXPIRE … GT` needed). They touch keys they are not given in KEYS (the members of an
 * index set): a single Redis or a primary with replicas, not Redis Cluster.
 */
export interface Script {
  readonly source: string;
  readonly sha: string;
}

const script = (source: string): Script => ({ source, sha: createHash('sha1').update(source).digest('hex') });

/**
 * KEYS: entry, session index, user index, lock, session tombstone, user tombstone.
 * ARGV: value, ttl (ms). Stores nothing while the session or user was invalidated a moment ago
 * (a verification that started before the invalidation, on any instance, must not bring it back).
 * Each index set lives as long as its longest entry. Returns 1 when stored, 0 when not.
 */
export const SET_ENTRY = script(`
if redis.call('EXISTS', KEYS[5], KEYS[6]) > 0 then
  redis.call('DEL', KEYS[4])
  return 0
end
local ttl = tonumber(ARGV[2])
-- first: under maxmemory with noeviction this write is refused and nothing else happens (once a
-- script has written, Redis lets it write on, past the limit)
redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl)
for i = 2, 3 do
  redis.call('SADD', KEYS[i], KEYS[1])
  if redis.call('PTTL', KEYS[i]) < ttl then redis.call('PEXPIRE', KEYS[i], ttl) end
end
redis.call('DEL', KEYS[4])
return 1
`);

/**
 * KEYS: index set, tombstone. ARGV: tombstone ttl (ms).
 * Deletes every entry the index names, the index itself, and marks the id invalidated for a while
 * (the mark is skipped, not an error, when Redis refuses writes: the deletions have happened).
 */
export const DELETE_INDEXED = script(`
local keys = redis.call('SMEMBERS', KEYS[1])
for i = 1, #keys do redis.call('DEL', keys[i]) end
redis.call('DEL', KEYS[1])
redis.pcall('SET', KEYS[2], '1', 'PX', tonumber(ARGV[1]))
return #keys
`);

/**
 * KEYS: lock. ARGV: this instance's id. Releases the coalescing lock only when this instance
 * holds it (a lock another instance took after ours expired is left alone). Returns 1 or 0.
 */
export const RELEASE_LOCK = script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);
