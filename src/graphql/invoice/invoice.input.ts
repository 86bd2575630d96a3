import { Field, ID, InputType, Int } from 'type-graphql';
import { InvoiceStatus } from '../../modules/invoice/invoice.entity.js';

@InputType('CreateInvoiceInput')
export class CreateInvoiceInput {
  @Field(() => ID, { description: 'With invoices.create.own, an order of one of your own customers' })
  orderId!: string;

  @Field(() => String, { description: 'Unique across all invoices' })
  number!: string;

  @Field(() => Int, { description: 'Not negative' })
  amountCents!: number;

  @Field(() => String, { description: 'YYYY-MM-DD' })
  dueDate!: string;

  @Field(() => InvoiceStatus, { nullable: true, description: 'DRAFT when not given' })
  status?: InvoiceStatus | null;
}

@InputType('UpdateInvoiceInput', { description: 'Only the fields given change' })
export class UpdateInvoiceInput {
  @Field(() => String, { nullable: true })
  number?: string;

  @Field(() => Int, { nullable: true })
  amountCents?: number;

  @Field(() => String, { nullable: true })
  dueDate?: string;

  @Field(() => InvoiceStatus, { nullable: true })
  status?: InvoiceStatus;
}

@InputType('InvoiceFilter')
export class InvoiceFilter {
  @Field(() => ID, { nullable: true })
  orderId?: string | null;

  @Field(() => InvoiceStatus, { nullable: true })
  status?: InvoiceStatus | null;
}
