import { Migration } from '@mikro-orm/migrations';

export class Migration20261201101223_invoices extends Migration {

  override name = 'Migration20261201101223_invoices';

  override up(): void | Promise<void> {
    this.addSql(`create table "invoice" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "order_id" uuid not null, "number" varchar(100) not null, "status" text not null default 'draft', "amount_cents" int not null, "due_date" date not null, primary key ("id"));`);
    this.addSql(`create index "invoice_created_at_index" on "invoice" ("created_at");`);
    this.addSql(`create index "invoice_order_id_index" on "invoice" ("order_id");`);
    this.addSql(`alter table "invoice" add constraint "invoice_number_unique" unique ("number");`);
    this.addSql(`create index "invoice_status_index" on "invoice" ("status");`);

    this.addSql(`alter table "invoice" add constraint "invoice_order_id_foreign" foreign key ("order_id") references "orders" ("id") on delete cascade;`);
    this.addSql(`alter table "invoice" add constraint "invoice_status_check" check ("status" in ('draft', 'issued', 'paid', 'void'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "invoice" cascade;`);
  }

}
