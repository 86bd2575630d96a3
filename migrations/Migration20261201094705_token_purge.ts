import { Migration } from '@mikro-orm/migrations';

export class Migration20261201094705_token_purge extends Migration {

  override name = 'Migration20261201094705_token_purge';

  override up(): void | Promise<void> {
    this.addSql(`create index "authorization_code_expires_at_index" on "authorization_code" ("expires_at");`);

    this.addSql(`alter table "access_token" add "revoked_at" timestamptz null;`);
    this.addSql(`create or replace function "access_token_revoked_at_fn"() returns trigger as \$\$ begin new.revoked_at := now(); return new; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "revoked_at" BEFORE UPDATE on "access_token" for each ROW
  when ((new.revoked AND (NOT old.revoked))) execute function "access_token_revoked_at_fn"();`);

    this.addSql(`alter table "refresh_token" add "revoked_at" timestamptz null;`);
    this.addSql(`create index "refresh_token_expires_at_index" on "refresh_token" ("expires_at");`);
    this.addSql(`create or replace function "refresh_token_revoked_at_fn"() returns trigger as \$\$ begin new.revoked_at := now(); return new; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "revoked_at" BEFORE UPDATE on "refresh_token" for each ROW
  when ((new.revoked AND (NOT old.revoked))) execute function "refresh_token_revoked_at_fn"();`);

    // Written by hand: tokens revoked before this migration count their retention from now.
    this.addSql(`update "access_token" set "revoked_at" = now() where "revoked";`);
    this.addSql(`update "refresh_token" set "revoked_at" = now() where "revoked";`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists "revoked_at" on "access_token";`);
    this.addSql(`drop function if exists "access_token_revoked_at_fn"();`);
    this.addSql(`alter table "access_token" drop column "revoked_at";`);

    this.addSql(`drop index "authorization_code_expires_at_index";`);

    this.addSql(`drop index "refresh_token_expires_at_index";`);
    this.addSql(`drop trigger if exists "revoked_at" on "refresh_token";`);
    this.addSql(`drop function if exists "refresh_token_revoked_at_fn"();`);
    this.addSql(`alter table "refresh_token" drop column "revoked_at";`);
  }

}
