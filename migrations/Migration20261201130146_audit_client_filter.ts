import { Migration } from '@mikro-orm/migrations';

export class Migration20261201130146_audit_client_filter extends Migration {

  override name = 'Migration20261201130146_audit_client_filter';

  override up(): void | Promise<void> {
    this.addSql(`create index "audit_event_details_client_id_index" on "audit_event" (("details"->>'clientId'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "audit_event_details_client_id_index";`);
  }

}
