'use client';

/** Next.js hides server error messages in production; the digest matches the line in the web's log. */
export default function ErrorPage({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <>
      <h1>Something went wrong</h1>
      <p className="error" role="alert">
        The page could not be loaded. The opad API may be restarting or down; try again in a moment.
      </p>
      {error.digest ? <p className="meta">Reference for the operator: {error.digest}</p> : null}
      <button type="button" onClick={reset}>
        Try again
      </button>
    </>
  );
}
