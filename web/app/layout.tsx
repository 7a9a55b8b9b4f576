import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { SiteNav } from '../components/site-nav';
import { currentUser } from '../lib/api-server';
import { webConfig } from '../lib/config';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'opad', template: '%s · opad' },
  description: 'Real news, rewritten for your level',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  const notice = webConfig().OPAD_PROVIDERS_NOTICE;
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <SiteNav email={user?.email} />
          {notice ? (
            <p className="notice" role="note">
              {notice}
            </p>
          ) : null}
        </header>
        <main id="main">{children}</main>
      </body>
    </html>
  );
}
