'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { SignOutButton } from './sign-out-button';

const LINKS = [
  { href: '/', label: 'Generate' },
  { href: '/articles', label: 'Articles' },
  { href: '/vocabulary', label: 'Vocabulary' },
  { href: '/review', label: 'Review' },
  { href: '/subscriptions', label: 'Daily' },
  { href: '/usage', label: 'Usage' },
];

export function SiteNav({ email }: { email?: string }) {
  const pathname = usePathname();
  const current = (href: string) =>
    (href === '/' ? pathname === '/' : pathname.startsWith(href)) ? 'page' : undefined;
  return (
    <nav aria-label="Main">
      <Link className="brand" href="/">
        opad
      </Link>
      {email ? (
        <>
          {LINKS.map((link) => (
            <Link key={link.href} href={link.href} aria-current={current(link.href)}>
              {link.label}
            </Link>
          ))}
          <span className="meta">{email}</span>
          <SignOutButton />
        </>
      ) : (
        <>
          <Link href="/login" aria-current={current('/login')}>
            Sign in
          </Link>
          <Link href="/register" aria-current={current('/register')}>
            Register
          </Link>
        </>
      )}
    </nav>
  );
}
