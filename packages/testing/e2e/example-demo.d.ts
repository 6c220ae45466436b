// examples/demo is plain JavaScript (server.mjs); the part of it these tests use, typed.
declare module '@sessiongate/example-demo' {
  import type { Emulator } from '@sessiongate/emulator';
  export function startDemo(options?: {
    port?: number;
    host?: string;
    emulatorPort?: number;
    mode?: 'backend' | 'networkless';
    tokenLifetimeMs?: number;
  }): Promise<{ url: string; mode: string; emulator: Emulator; users: { id: string }[]; close(): Promise<void> }>;
}
