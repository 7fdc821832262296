/** Shown where the API does not serve a field yet: the page keeps working around it. */
export function NotAvailable({ what, detail }: { what: string; detail?: string }) {
  return (
    <p className="note" role="status">
      <strong>{what}: not available yet.</strong> {detail ?? 'The API does not serve this yet; it will appear here once it does.'}
    </p>
  );
}
