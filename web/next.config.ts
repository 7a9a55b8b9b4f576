import path from 'node:path';
import type { NextConfig } from 'next';

// The web imports the shared request contract from ../contracts, so the workspace root is the repository.
const root = path.join(__dirname, '..');

const config: NextConfig = {
  turbopack: { root },
  outputFileTracingRoot: root,
  poweredByHeader: false,
  // `npm run typecheck` checks web/ with its own tsconfig; the build need not do it again.
  typescript: { ignoreBuildErrors: true },
};

export default config;
