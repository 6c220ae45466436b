/**
 * An environment variable, trimmed, or `undefined` when unset or blank. Read through
 * `globalThis.process` at each call (never at import, so dotenv may load later), and safe where
 * there is no `process` at all (workers, the Edge runtime).
 */
export function readEnv(name: string): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = env?.[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}
