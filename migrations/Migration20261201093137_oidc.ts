import { Migration } from '@mikro-orm/migrations';

export class Migration20261201093137_oidc extends Migration {

  override name = 'Migration20261201093137_oidc';

  override up(): void | Promise<void> {
    this.addSql(`create table "sign_in_session" ("id" varchar(64) not null, "user_id" uuid not null, "auth_time" timestamptz not null, "expires_at" timestamptz not null, "ended_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "sign_in_session_user_id_index" on "sign_in_session" ("user_id");`);
    this.addSql(`create index "sign_in_session_expires_at_index" on "sign_in_session" ("expires_at");`);

    this.addSql(`alter table "app_client" add "post_logout_redirect_uris" text[] not null default '{}';`);

    this.addSql(`alter table "user" add "name" varchar(200) null, add "email_verified" boolean not null default false, add "phone_verified" boolean not null default false;`);

    this.addSql(`alter table "authorization_code" add "nonce" text null, add "session_id" varchar(64) null, add "auth_time" timestamptz null;`);

    this.addSql(`alter table "refresh_token" add "session_id" varchar(64) null, add "auth_time" timestamptz null;`);

    this.addSql(`alter table "sign_in_session" add constraint "sign_in_session_user_id_foreign" foreign key ("user_id") references "user" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "sign_in_session" cascade;`);

    this.addSql(`alter table "app_client" drop column "post_logout_redirect_uris";`);

    this.addSql(`alter table "authorization_code" drop column "nonce", drop column "session_id", drop column "auth_time";`);

    this.addSql(`alter table "refresh_token" drop column "session_id", drop column "auth_time";`);

    this.addSql(`alter table "user" drop column "name", drop column "email_verified", drop column "phone_verified";`);
  }

}
