'use client';

/** Unexpected failures (the API down, a bug) get a plain explanation instead of a blank page. */
export default function ErrorPage({ error }: { error: Error & { digest?: string } }) {
  return (
    <div className="error-box" role="alert">
      <h1>Something went wrong</h1>
      <p>This page could not be built: the API may be restarting. Reload the page in a moment.</p>
      {error.digest ? (
        <p>
          Reference: <code>{error.digest}</code>
        </p>
      ) : null}
      <p>
        <a href="/">Back to the leaderboard</a>
      </p>
    </div>
  );
}
