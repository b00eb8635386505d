'use client';

import { useState } from 'react';

export interface CursorPages {
  /** The cursor to ask the current page with (`null`: the first page). */
  after: string | null;
  /** 0 for the first page. */
  page: number;
  next: (endCursor: string) => void;
  previous: () => void;
}

/**
 * Page-by-page reading of a Relay connection: the cursors of the pages behind, so "Previous"
 * needs no backward cursor from the API. A new `resetKey` (other filters) starts over at the
 * first page.
 */
export function useCursorPages(resetKey: string): CursorPages {
  const [state, setState] = useState<{ key: string; cursors: (string | null)[] }>({
    key: resetKey,
    cursors: [null],
  });
  const cursors = state.key === resetKey ? state.cursors : [null];
  return {
    after: cursors.at(-1) ?? null,
    page: cursors.length - 1,
    next: (endCursor) => setState({ key: resetKey, cursors: [...cursors, endCursor] }),
    previous: () => setState({ key: resetKey, cursors: cursors.slice(0, -1) }),
  };
}
