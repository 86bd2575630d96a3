import { type ClassType, Field, Int, ObjectType } from 'type-graphql';
import type { Page } from '../../db/pagination.js';

@ObjectType('PageInfo', { description: 'Relay page information' })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: number;
}

/**
 * A Relay connection type `<Name>Connection` with its `<Name>Edge`, over `Node`.
 * `totalCount` counts every row the caller may see under the same filter.
 */
export function connectionOf<T extends object>(name: string, Node: ClassType<T>) {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field(() => String)
    cursor!: string;

    @Field(() => Node)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType {
    @Field(() => [EdgeType])
    edges!: EdgeType[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int)
    totalCount!: number;
  }

  return ConnectionType as ClassType<Connection<T>>;
}

/** Maps a page of entities into a connection of GraphQL objects. */
export function toConnection<E, T>(page: Page<E>, map: (entity: E) => T): Connection<T> {
  return {
    edges: page.items.map((item, index) => ({
      get cursor() {
        return page.cursor(index);
      },
      node: map(item),
    })),
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
    totalCount: page.totalCount,
  };
}
