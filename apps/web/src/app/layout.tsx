import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Transferboard', template: '%s · Transferboard' },
  description:
    'How well do pretrained self-supervised vision models transfer? The leaderboard of the SSL transfer study, live.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

const NAV = [
  ['/', 'Leaderboard'],
  ['/analysis', 'Analysis'],
  ['/compare', 'Compare'],
  ['/submit', 'Submit a model'],
  ['/docs/api', 'API'],
] as const;

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a className="skip" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <a className="brand" href="/">
            Transferboard
          </a>
          <nav aria-label="Main">
            {NAV.map(([href, label]) => (
              <a key={href} href={href}>
                {label}
              </a>
            ))}
          </nav>
        </header>
        <main id="main">{children}</main>
        <footer className="site-footer">
          Reported numbers: Ericsson, Gouk &amp; Hospedales, <cite>How Well Do Self-Supervised Models Transfer?</cite>,
          CVPR 2021. Everything here is also served by the <a href="/docs/api">GraphQL API</a>.
        </footer>
      </body>
    </html>
  );
}
