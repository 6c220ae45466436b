import type { Server } from 'node:http';

export interface Listening {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

export function listenOnLoopback(server: Server): Promise<Listening>;
export function closeServer(server: Server): Promise<void>;
export function getWithSession(url: string, credential?: string, cookie?: string): Promise<Response>;
