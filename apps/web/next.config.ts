import type { NextConfig } from 'next';

const config: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Workspace packages are TypeScript source; Next compiles them like app code.
  transpilePackages: ['@transferboard/suite'],
  // Charts render on the server only; keep ECharts out of the server bundle's compilation.
  serverExternalPackages: ['echarts'],
  // The submit form's file is not a server action's body: it streams through
  // src/app/submit/upload/route.ts to the API, so server actions keep Next's small default limit.
};

export default config;
