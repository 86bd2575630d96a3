/** Arguments of the `owned` filter on customers and orders. */
export interface OwnedArgs {
  /** The portal user whose rows are visible; null (a client token) sees no owned rows. */
  userId: string | null;
}

/** Matches no row: a caller without a user owns nothing. */
const NOTHING = { id: { $in: [] as string[] } };

/** A customer belongs to the portal user linked to it as owner. */
export function ownedCustomerCondition(args: OwnedArgs): Record<string, unknown> {
  return args.userId ? { owner: args.userId } : NOTHING;
}

/** An order belongs to whoever owns its customer. */
export function ownedOrderCondition(args: OwnedArgs): Record<string, unknown> {
  return args.userId ? { customer: { owner: args.userId } } : NOTHING;
}
