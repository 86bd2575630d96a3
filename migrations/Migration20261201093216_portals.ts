import { Migration } from '@mikro-orm/migrations';

export class Migration20261201093216_portals extends Migration {

  override name = 'Migration20261201093216_portals';

  override up(): void | Promise<void> {
    this.addSql(`alter table "app_client" add "web_origins" text[] not null default '{}';`);
    // Existing clients get the default a new one gets: the origins of their http(s) redirect URIs.
    this.addSql(`update "app_client" set "web_origins" = array(
      select distinct lower(substring(uri from '^(https?://[^/?#]+)')) from unnest("redirect_uris") as uri where uri ~* '^https?://'
    );`);

    this.addSql(`alter table "access_token" add "default_scope" boolean not null default false;`);

    this.addSql(`alter table "refresh_token" add "used_at" timestamptz null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "access_token" drop column "default_scope";`);

    this.addSql(`alter table "app_client" drop column "web_origins";`);

    this.addSql(`alter table "refresh_token" drop column "used_at";`);
  }

}
