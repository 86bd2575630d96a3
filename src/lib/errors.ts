/**
 * Errors the domain modules throw for a caller's mistake. The HTTP layers turn
 * them into their own protocol errors (GraphQL `BAD_USER_INPUT` / `NOT_FOUND` / …);
 * anything else is an internal error.
 */

/** Bad input; `field` is the dotted path of the offending value (`input.email`, `first`). */
export class InputError extends Error {
  override name = 'InputError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** No such row, or one the caller may not see: the two are deliberately the same. */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} ${id} not found`);
  }
}

/** The caller holds a permission for the action but not for this particular change. */
export class NotAllowedError extends Error {
  override name = 'NotAllowedError';
}

/** The system is not set up for the action yet: an operator has to do something first. */
export class PreconditionError extends Error {
  override name = 'PreconditionError';
}
