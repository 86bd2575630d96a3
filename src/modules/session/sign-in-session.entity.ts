import { defineEntity, p } from '@mikro-orm/core';
import { User } from '../user/user.entity.js';

/**
 * A browser's sign-in at the authorization pages. The cookie carries its id (the ID
 * token's `sid`); this row is what makes a logout final: once `endedAt` is set, a copy
 * of the cookie signs nobody in, on any instance.
 */
const SignInSessionSchema = defineEntity({
  name: 'SignInSession',
  properties: {
    id: p.string().length(64).primary(),
    user: () => p.manyToOne(User).index().deleteRule('cascade'),
    /** When the user entered their password: the ID token's `auth_time`, what `max_age` measures. */
    authTime: p.datetime(),
    expiresAt: p.datetime().index(),
    endedAt: p.datetime().nullable(),
  },
});

export class SignInSession extends SignInSessionSchema.class {}
SignInSessionSchema.setClass(SignInSession);
