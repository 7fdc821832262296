import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain JavaScript module of the scripts, without type declarations
import { services as untypedServices } from '../../scripts/serve.mjs';

interface Service {
  name: string;
  args: string[];
  env: Record<string, string | undefined>;
}
const services = untypedServices as (env: Record<string, string>) => Service[];

describe('services (npm start)', () => {
  it('runs the API and the web with NODE_ENV=production unless the caller sets it', () => {
    for (const service of services({ PATH: '/usr/bin' })) expect(service.env.NODE_ENV).toBe('production');
    for (const service of services({ NODE_ENV: 'development' })) expect(service.env.NODE_ENV).toBe('development');
  });

  it('gives each process the heap limit from the environment', () => {
    const [api, web] = services({ API_MEMORY_MB: '512', WEB_MEMORY_MB: '256' });
    expect(api?.args).toContain('--max-old-space-size=512');
    expect(web?.args).toContain('--max-old-space-size=256');
  });
});
