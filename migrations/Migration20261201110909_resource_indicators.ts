import { Migration } from '@mikro-orm/migrations';

export class Migration20261201110909_resource_indicators extends Migration {

  override name = 'Migration20261201110909_resource_indicators';

  override up(): void | Promise<void> {
    this.addSql(`alter table "authorization_code" add "resource" text null;`);

    this.addSql(`alter table "refresh_token" add "resource" text null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "authorization_code" drop column "resource";`);

    this.addSql(`alter table "refresh_token" drop column "resource";`);
  }

}
