'use client';

export function SignOutButton() {
  const signOut = async () => {
    await fetch('/api/session', { method: 'DELETE' });
    window.location.assign('/login');
  };
  return (
    <button type="button" className="secondary" onClick={signOut}>
      Sign out
    </button>
  );
}
