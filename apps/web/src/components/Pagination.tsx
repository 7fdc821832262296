/** What a page of a cursor connection says about where it is. */
export interface PageOf {
  offset: number;
  totalCount: number;
  edges: readonly unknown[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor?: string | null; endCursor?: string | null };
}

/**
 * Links to the first, previous, next and last pages of a cursor connection: plain links, no
 * JavaScript needed. `href` gives the page's own address with the position added (none: the first
 * page); `noun` names what is counted ("Rows", "Results").
 */
export function Pagination({
  page,
  href,
  noun,
}: {
  page: PageOf;
  href: (position?: Record<string, string>) => string;
  noun: string;
}) {
  const { pageInfo } = page;
  if (!pageInfo.hasNextPage && !pageInfo.hasPreviousPage) return null;
  return (
    <nav className="pagination controls" aria-label="Pages">
      {pageInfo.hasPreviousPage ? (
        <a className="pill" href={href()}>
          « First
        </a>
      ) : null}
      {pageInfo.hasPreviousPage && pageInfo.startCursor ? (
        <a className="pill" rel="prev" href={href({ before: pageInfo.startCursor })}>
          ‹ Previous
        </a>
      ) : null}
      <span>
        {noun} {page.offset + 1}–{page.offset + page.edges.length} of {page.totalCount}
      </span>
      {pageInfo.hasNextPage && pageInfo.endCursor ? (
        <a className="pill" rel="next" href={href({ after: pageInfo.endCursor })}>
          Next ›
        </a>
      ) : null}
      {pageInfo.hasNextPage ? (
        <a className="pill" href={href({ page: 'last' })}>
          Last »
        </a>
      ) : null}
    </nav>
  );
}
