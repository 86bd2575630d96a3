import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { InvoiceStatus } from '../../modules/invoice/invoice.entity.js';
import type { invoices } from '../../modules/invoice/invoice.resource.js';
import type { RowOfResource } from '../../modules/resource/resource.js';

registerEnumType(InvoiceStatus, { name: 'InvoiceStatus' });

/** An invoice of an order; `order` is resolved by InvoiceResolver. */
@ObjectType('Invoice')
export class InvoiceType {
  @Field(() => ID, { nullable: true })
  id!: string;

  @Field(() => String, { nullable: true, description: 'Unique across all invoices' })
  number!: string;

  @Field(() => InvoiceStatus, { nullable: true })
  status!: InvoiceStatus;

  @Field(() => Int, { nullable: true })
  amountCents!: number;

  @Field(() => String, { nullable: true, description: 'A calendar date, YYYY-MM-DD' })
  dueDate!: string;

  @Field(() => ID, { nullable: true })
  orderId!: string;

  @Field(() => GraphQLISODateTime, { nullable: true })
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  updatedAt!: Date;

  static from(invoice: RowOfResource<typeof invoices>): InvoiceType {
    const { id, number, status, amountCents, dueDate, orderId, createdAt, updatedAt } = invoice;
    return Object.assign(new InvoiceType(), { id, number, status, amountCents, dueDate, orderId, createdAt, updatedAt });
  }
}
