import { fileURLToPath } from 'node:url';

// The monorepo root: workspace packages (@sessiongate/*) are symlinked from there.
const root = fileURLToPath(new URL('../..', import.meta.url));

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  outputFileTracingRoot: root,
  turbopack: { root },
};

export default nextConfig;
