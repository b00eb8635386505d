import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { ChorusApolloProvider } from '../lib/apollo';
import { serverApiUrl } from '../lib/config';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Chorus', template: '%s · Chorus' },
  description: 'Active-learning annotation: many annotators, one model in the loop.',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Render per request, so the run-time API URL (CHORUS_API_URL) is read when the page is served,
  // never frozen into a page prerendered by `next build`. See src/lib/config.ts.
  await connection();
  return (
    <html lang="en" data-chorus-api={serverApiUrl()}>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <Link href="/" className="brand">
            Chorus
          </Link>
          <nav aria-label="Main">
            <Link href="/">Overview</Link>
            <Link href="/streams/new">New stream</Link>
            <Link href="/training">Training</Link>
            <Link href="/models">Models</Link>
          </nav>
        </header>
        <main id="main" tabIndex={-1}>
          <ChorusApolloProvider>{children}</ChorusApolloProvider>
        </main>
      </body>
    </html>
  );
}
