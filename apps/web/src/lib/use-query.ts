'use client';

import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { request, toChorusApiError, type ChorusApiError } from './graphql-client';

/** What a query has given so far; `data` stays while a reload runs. */
export interface QueryState<TResult> {
  data?: TResult;
  error?: ChorusApiError;
  loading: boolean;
  /** Runs the query again (after a mutation, or a retry after an error). */
  reload: () => void;
}

/**
 * Runs one typed query from the browser when the component mounts and whenever its variables
 * change (compared by value); answers to superseded requests are dropped.
 */
export function useQuery<TResult, TVariables>(
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
): QueryState<TResult> {
  const key = JSON.stringify(variables ?? {});
  const [generation, setGeneration] = useState(0);
  const [state, setState] = useState<Omit<QueryState<TResult>, 'reload'>>({ loading: true });

  useEffect(() => {
    let current = true;
    setState((previous) => ({ data: previous.data, loading: true }));
    request(document, JSON.parse(key) as TVariables).then(
      (data) => current && setState({ data, loading: false }),
      (error: unknown) => current && setState({ error: toChorusApiError(error), loading: false }),
    );
    return () => {
      current = false;
    };
  }, [document, key, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}

/** One page of a Relay-style connection, flattened. */
export interface ConnectionPage<TNode> {
  nodes: TNode[];
  totalCount: number;
  hasNextPage: boolean;
  endCursor: string | null;
}

/** Flattens a generated connection type (`edges { node }`, `pageInfo`, `totalCount`). */
export function connectionPage<TNode>(connection: {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: ReadonlyArray<{ node: TNode }>;
}): ConnectionPage<TNode> {
  return {
    nodes: connection.edges.map((edge) => edge.node),
    totalCount: connection.totalCount,
    hasNextPage: connection.pageInfo.hasNextPage,
    endCursor: connection.pageInfo.endCursor,
  };
}

export interface PaginatedQueryState<TResult, TNode> extends ConnectionPage<TNode> {
  /** The first page's whole result, for the fields around the connection. */
  data?: TResult;
  error?: ChorusApiError;
  /** The first page is on its way. */
  loading: boolean;
  /** A further page is on its way. */
  loadingMore: boolean;
  loadMore: () => void;
  reload: () => void;
}

const EMPTY_PAGE = { nodes: [], totalCount: 0, hasNextPage: false, endCursor: null } as const;

/**
 * A query over a connection, read page by page with its `after` cursor: the first page when the
 * variables change, then one more page each time `loadMore` is called. `select` picks the
 * connection out of a result; define it once at module level, as a new function reloads.
 */
export function usePaginatedQuery<TResult, TVariables extends { after?: string | null }, TNode>(
  document: TypedDocumentNode<TResult, TVariables>,
  variables: Omit<TVariables, 'after'>,
  select: (result: TResult) => ConnectionPage<TNode>,
): PaginatedQueryState<TResult, TNode> {
  const key = JSON.stringify(variables);
  /** Bumped for every first page, so a late `loadMore` answer for old variables is dropped. */
  const run = useRef(0);
  const [generation, setGeneration] = useState(0);
  const [state, setState] = useState<
    Omit<PaginatedQueryState<TResult, TNode>, 'loadMore' | 'reload'>
  >({ ...EMPTY_PAGE, nodes: [], loading: true, loadingMore: false });

  useEffect(() => {
    const thisRun = ++run.current;
    setState({ ...EMPTY_PAGE, nodes: [], loading: true, loadingMore: false });
    const vars = JSON.parse(key) as TVariables;
    request(document, vars).then(
      (data) => {
        if (run.current !== thisRun) return;
        setState({ ...select(data), data, loading: false, loadingMore: false });
      },
      (error: unknown) => {
        if (run.current !== thisRun) return;
        setState({
          ...EMPTY_PAGE,
          nodes: [],
          error: toChorusApiError(error),
          loading: false,
          loadingMore: false,
        });
      },
    );
  }, [document, key, select, generation]);

  const loadMore = useCallback(() => {
    if (state.loading || state.loadingMore || !state.hasNextPage) return;
    const thisRun = run.current;
    setState((s) => ({ ...s, loadingMore: true, error: undefined }));
    const vars = { ...(JSON.parse(key) as TVariables), after: state.endCursor };
    request(document, vars).then(
      (data) => {
        if (run.current !== thisRun) return;
        const page = select(data);
        setState((s) => ({
          ...s,
          ...page,
          nodes: [...s.nodes, ...page.nodes],
          loadingMore: false,
        }));
      },
      (error: unknown) => {
        if (run.current !== thisRun) return;
        setState((s) => ({ ...s, error: toChorusApiError(error), loadingMore: false }));
      },
    );
  }, [document, key, select, state.loading, state.loadingMore, state.hasNextPage, state.endCursor]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, loadMore, reload };
}
