import { Arg, Args, Ctx, Query, Resolver } from 'type-graphql';
import { findAuditEvents } from '../../modules/audit/audit.repository.js';
import { type Connection, connectionOf, toConnection } from '../common/connection.js';
import { PageArgs } from '../common/page.args.js';
import { sent } from '../common/plain.js';
import type { GraphQLContext } from '../context.js';
import { AuditEventFilter } from './audit.input.js';
import { AuditEventType } from './audit-event.type.js';

export const AuditEventConnection = connectionOf('AuditEvent', AuditEventType);

@Resolver(() => AuditEventType)
export class AuditResolver {
  @Query(() => AuditEventConnection, { nullable: true, description: 'Security events, newest first. Needs manage_system' })
  async auditEvents(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => AuditEventFilter, { nullable: true }) filter: AuditEventFilter | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Connection<AuditEventType>> {
    return toConnection(await findAuditEvents(ctx.em, sent(filter), page), AuditEventType.from);
  }
}
