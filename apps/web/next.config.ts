import type { NextConfig } from 'next';

const config: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Workspace packages are TypeScript source; Next compiles them like app code.
  transpilePackages: ['@transferboard/suite'],
};

export default config;
