import { fileURLToPath } from 'node:url';

// A second, tiny app whose middleware.ts runs on the Edge runtime (Next 15's default for
// middleware; Next 16 still runs a middleware.ts on Edge). Built and started by
// test/edge.test.mjs. Its types are checked by the parent app's tsconfig.
const root = fileURLToPath(new URL('../../..', import.meta.url));

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  outputFileTracingRoot: root,
  turbopack: { root },
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
