import { ArgsType, Field, Int } from 'type-graphql';

/** Forward Relay pagination: `first` (1–100, default 20) rows after the `after` cursor. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: 'How many rows, 1 to 100 (default 20)' })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page' })
  after?: string | null;
}
