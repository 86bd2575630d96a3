import { Field, ObjectType } from 'type-graphql';
import type { Principal } from '../../auth/principal.js';
import { SubjectType } from '../common/enums.js';

/** Who is calling; `user` and `client` are resolved by ViewerResolver. */
@ObjectType('Viewer')
export class ViewerType {
  @Field(() => SubjectType)
  type!: SubjectType;

  @Field(() => [String], { description: 'The scopes granted to this token, as issued' })
  scopes!: string[];

  @Field(() => [String], { description: 'This request’s effective permissions, sorted' })
  permissions!: string[];

  /** Not fields: what the resolvers load the user and client by. */
  userId!: string | null;
  clientId!: string;

  static from(principal: Principal): ViewerType {
    return Object.assign(new ViewerType(), {
      type: principal.type === 'user' ? SubjectType.USER : SubjectType.CLIENT,
      scopes: [...principal.scopes],
      permissions: [...principal.permissions].sort(),
      userId: principal.userId,
      clientId: principal.clientId,
    });
  }
}
