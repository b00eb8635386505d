import type { ClassType } from 'type-graphql';
import { ArgsType, Field, Int, ObjectType } from 'type-graphql';
import { Max, Min } from 'class-validator';
import { InputError } from '../errors.js';

/**
 * Relay cursor connections for every list that can grow. Cursors are opaque (base64 of the row
 * id) and pages are keyset-based, so a page is as fast at row 1,000,000 as at row 1.
 */
@ObjectType()
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => Boolean)
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 50, description: 'Page size, 1 to 500.' })
  @Min(1)
  @Max(500)
  first: number = 50;

  @Field(() => String, {
    nullable: true,
    description: 'Cursor of the last row of the previous page; none (or null) for the first page.',
  })
  after?: string | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  /**
   * A getter, so the rows are counted only for a query that selects the field: counting a large
   * dataset for every page would undo keyset paging.
   */
  readonly totalCount: Promise<number>;
}

export function connectionType<T extends object>(node: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => String)
    cursor!: string;

    @Field(() => node)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType implements Connection<T> {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int)
    totalCount!: Promise<number>;
  }
  return ConnectionType;
}

export function encodeCursor(id: number): string {
  return Buffer.from(`c:${id}`).toString('base64url');
}

/** The row id a cursor points after; no cursor (undefined or null) is the first page. */
export function decodeCursor(cursor: string | null | undefined): number {
  if (cursor === undefined || cursor === null) return 0;
  const match = /^c:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw new InputError('is not a cursor this API gave out', { field: 'after' });
  return Number(match[1]);
}

/** Builds a page from up to `first + 1` rows fetched after the cursor, ordered by id. */
export function toConnection<T extends { id: number }>(
  rows: T[],
  first: number,
  after: string | null | undefined,
  count: () => Promise<number>,
): Connection<T> {
  const page = rows.slice(0, first);
  const edges = page.map((node) => ({ cursor: encodeCursor(node.id), node }));
  return {
    edges,
    get totalCount() {
      return count();
    },
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: after !== undefined && after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
