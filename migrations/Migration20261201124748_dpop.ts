import { Migration } from '@mikro-orm/migrations';

export class Migration20261201124748_dpop extends Migration {

  override name = 'Migration20261201124748_dpop';

  override up(): void | Promise<void> {
    this.addSql(`create table "spent_jti" ("client_id" uuid not null, "purpose" varchar(20) not null, "jti_hash" varchar(64) not null, "expires_at" timestamptz not null, primary key ("client_id", "purpose", "jti_hash"));`);
    this.addSql(`create index "spent_jti_expires_at_index" on "spent_jti" ("expires_at");`);

    // The assertions' single-use store becomes the shared one: the live entries carry over.
    this.addSql(`insert into "spent_jti" ("client_id", "purpose", "jti_hash", "expires_at") select "client_id", 'client_assertion', "jti_hash", "expires_at" from "client_assertion_jti" where "expires_at" > now();`);
    this.addSql(`drop table if exists "client_assertion_jti" cascade;`);

    this.addSql(`alter table "app_client" add "require_dpop" boolean not null default false;`);

    this.addSql(`alter table "authorization_code" add "dpop_jkt" varchar(43) null;`);

    this.addSql(`alter table "refresh_token" add "dpop_jkt" varchar(43) null;`);

    this.addSql(`alter table "spent_jti" add constraint "spent_jti_client_id_foreign" foreign key ("client_id") references "app_client" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`create table "client_assertion_jti" ("client_id" uuid not null, "jti_hash" varchar(64) not null, "expires_at" timestamptz(6) not null, primary key ("client_id", "jti_hash"));`);
    this.addSql(`create index "client_assertion_jti_expires_at_index" on "client_assertion_jti" ("expires_at");`);

    this.addSql(`drop table if exists "spent_jti" cascade;`);

    this.addSql(`alter table "app_client" drop column "require_dpop";`);

    this.addSql(`alter table "authorization_code" drop column "dpop_jkt";`);

    this.addSql(`alter table "refresh_token" drop column "dpop_jkt";`);

    this.addSql(`alter table "client_assertion_jti" add constraint "client_assertion_jti_client_id_foreign" foreign key ("client_id") references "app_client" ("id") on update no action on delete cascade;`);
  }

}
