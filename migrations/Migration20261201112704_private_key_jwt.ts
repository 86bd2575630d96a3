import { Migration } from '@mikro-orm/migrations';

export class Migration20261201112704_private_key_jwt extends Migration {

  override name = 'Migration20261201112704_private_key_jwt';

  override up(): void | Promise<void> {
    this.addSql(`create table "client_assertion_jti" ("client_id" uuid not null, "jti_hash" varchar(64) not null, "expires_at" timestamptz not null, primary key ("client_id", "jti_hash"));`);
    this.addSql(`create index "client_assertion_jti_expires_at_index" on "client_assertion_jti" ("expires_at");`);

    this.addSql(`alter table "app_client" add "token_endpoint_auth_method" varchar(30) not null default 'client_secret_basic', add "jwks" jsonb null;`);
    // Existing public clients authenticate with none.
    this.addSql(`update "app_client" set "token_endpoint_auth_method" = 'none' where "confidential" = false;`);

    this.addSql(`alter table "client_assertion_jti" add constraint "client_assertion_jti_client_id_foreign" foreign key ("client_id") references "app_client" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "client_assertion_jti" cascade;`);

    this.addSql(`alter table "app_client" drop column "token_endpoint_auth_method", drop column "jwks";`);
  }

}
