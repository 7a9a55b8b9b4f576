'use client';

export default function ErrorPage({ error, reset }: { error: Error; reset: () => void }) {
  return (
    <>
      <h1>Something went wrong</h1>
      <p className="error" role="alert">
        {error.message.includes('not answering') ? error.message : 'The page could not be loaded.'}
      </p>
      <button type="button" onClick={reset}>
        Try again
      </button>
    </>
  );
}
