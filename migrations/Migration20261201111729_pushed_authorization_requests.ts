import { Migration } from '@mikro-orm/migrations';

export class Migration20261201111729_pushed_authorization_requests extends Migration {

  override name = 'Migration20261201111729_pushed_authorization_requests';

  override up(): void | Promise<void> {
    this.addSql(`create table "pushed_authorization_request" ("id" uuid not null, "request_uri_hash" varchar(64) not null, "client_id" uuid not null, "params" jsonb not null, "started_at" timestamptz null, "used" boolean not null default false, "created_at" timestamptz not null, "expires_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "pushed_authorization_request" add constraint "pushed_authorization_request_request_uri_hash_unique" unique ("request_uri_hash");`);
    this.addSql(`create index "pushed_authorization_request_expires_at_index" on "pushed_authorization_request" ("expires_at");`);

    this.addSql(`alter table "app_client" add "require_pushed_authorization_requests" boolean not null default false;`);

    this.addSql(`alter table "pushed_authorization_request" add constraint "pushed_authorization_request_client_id_foreign" foreign key ("client_id") references "app_client" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "pushed_authorization_request" cascade;`);

    this.addSql(`alter table "app_client" drop column "require_pushed_authorization_requests";`);
  }

}
