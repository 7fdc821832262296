import type { NextConfig } from 'next';

const maxUpload = Number(process.env.WEB_MAX_UPLOAD_BYTES) || 500 * 1024 * 1024;

const config: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Workspace packages are TypeScript source; Next compiles them like app code.
  transpilePackages: ['@transferboard/suite'],
  // Charts render on the server only; keep ECharts out of the server bundle's compilation.
  serverExternalPackages: ['echarts'],
  experimental: {
    // The submit form's server action carries the ONNX file; the form itself enforces the limit
    // with a clear message, this only has to let such a file through.
    serverActions: { bodySizeLimit: maxUpload + 1024 * 1024 },
  },
};

export default config;
