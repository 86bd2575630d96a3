import { Migration } from '@mikro-orm/migrations';

export class Migration20261123045912_initial extends Migration {

  override name = 'Migration20261123045912_initial';

  override up(): void | Promise<void> {
    this.addSql(`create table "app_client" ("id" uuid not null, "name" varchar(200) not null, "description" text not null default '', "grant_types" text[] not null default '{}', "redirect_uris" text[] not null default '{}', "confidential" boolean not null default true, "first_party" boolean not null default false, "allowed_scopes" text[] not null default '{}', "secret_hash" varchar(255) null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "last_used_at" timestamptz null, "deleted_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "app_client_deleted_at_index" on "app_client" ("deleted_at");`);

    this.addSql(`create table "audit_event" ("id" uuid not null, "action" varchar(64) not null, "actor_type" varchar(16) null, "actor_id" varchar(64) null, "target_type" varchar(32) null, "target_id" varchar(64) null, "ip" varchar(64) null, "details" jsonb not null default '{}', "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "audit_event_action_index" on "audit_event" ("action");`);
    this.addSql(`create index "audit_event_actor_id_index" on "audit_event" ("actor_id");`);
    this.addSql(`create index "audit_event_target_id_index" on "audit_event" ("target_id");`);
    this.addSql(`create index "audit_event_created_at_index" on "audit_event" ("created_at");`);

    this.addSql(`create table "permission" ("id" uuid not null, "name" varchar(100) not null, "description" varchar(255) not null default '', "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "permission" add constraint "permission_name_unique" unique ("name");`);

    this.addSql(`create table "app_client_permissions" ("app_client_id" uuid not null, "permission_id" uuid not null, primary key ("app_client_id", "permission_id"));`);

    this.addSql(`create table "role" ("id" uuid not null, "name" varchar(100) not null, "description" varchar(255) not null default '', "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "role" add constraint "role_name_unique" unique ("name");`);

    this.addSql(`create table "app_client_roles" ("app_client_id" uuid not null, "role_id" uuid not null, primary key ("app_client_id", "role_id"));`);

    this.addSql(`create table "role_permissions" ("role_id" uuid not null, "permission_id" uuid not null, primary key ("role_id", "permission_id"));`);

    this.addSql(`create table "user" ("id" uuid not null, "email" varchar(254) not null, "phone" varchar(25) null, "password_hash" varchar(255) not null, "disabled" boolean not null default false, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "user" add constraint "user_email_unique" unique ("email");`);
    this.addSql(`alter table "user" add constraint "user_phone_unique" unique ("phone");`);

    this.addSql(`create table "customer" ("id" uuid not null, "name" varchar(200) not null, "email" varchar(254) null, "owner_id" uuid null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "customer_owner_id_index" on "customer" ("owner_id");`);
    this.addSql(`create index "customer_created_at_index" on "customer" ("created_at");`);

    this.addSql(`create table "orders" ("id" uuid not null, "customer_id" uuid not null, "reference" varchar(100) not null, "status" text not null default 'pending', "total_cents" int not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "orders_customer_id_index" on "orders" ("customer_id");`);
    this.addSql(`alter table "orders" add constraint "orders_reference_unique" unique ("reference");`);
    this.addSql(`create index "orders_status_index" on "orders" ("status");`);
    this.addSql(`create index "orders_created_at_index" on "orders" ("created_at");`);

    this.addSql(`create table "consent" ("id" uuid not null, "user_id" uuid not null, "client_id" uuid not null, "scopes" text[] not null default '{}', "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "consent_client_id_index" on "consent" ("client_id");`);
    this.addSql(`alter table "consent" add constraint "consent_user_id_client_id_unique" unique ("user_id", "client_id");`);

    this.addSql(`create table "authorization_code" ("id" uuid not null, "code_hash" varchar(64) not null, "client_id" uuid not null, "user_id" uuid not null, "redirect_uri" text not null, "scopes" text[] not null default '{}', "code_challenge" varchar(128) null, "code_challenge_method" varchar(10) null, "used" boolean not null default false, "created_at" timestamptz not null, "expires_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "authorization_code" add constraint "authorization_code_code_hash_unique" unique ("code_hash");`);

    this.addSql(`create table "access_token" ("id" uuid not null, "client_id" uuid not null, "user_id" uuid null, "scopes" text[] not null default '{}', "name" varchar(200) null, "grant_type" varchar(40) not null, "authorization_code_id" uuid null, "revoked" boolean not null default false, "created_at" timestamptz not null, "expires_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "access_token_client_id_index" on "access_token" ("client_id");`);
    this.addSql(`create index "access_token_user_id_index" on "access_token" ("user_id");`);
    this.addSql(`create index "access_token_authorization_code_id_index" on "access_token" ("authorization_code_id");`);
    this.addSql(`create index "access_token_expires_at_index" on "access_token" ("expires_at");`);

    this.addSql(`create table "refresh_token" ("id" uuid not null, "token_hash" varchar(64) not null, "access_token_id" uuid not null, "family" uuid not null, "used" boolean not null default false, "revoked" boolean not null default false, "created_at" timestamptz not null, "expires_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "refresh_token" add constraint "refresh_token_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "refresh_token_access_token_id_index" on "refresh_token" ("access_token_id");`);
    this.addSql(`create index "refresh_token_family_index" on "refresh_token" ("family");`);

    this.addSql(`create table "user_permissions" ("user_id" uuid not null, "permission_id" uuid not null, primary key ("user_id", "permission_id"));`);

    this.addSql(`create table "user_roles" ("user_id" uuid not null, "role_id" uuid not null, primary key ("user_id", "role_id"));`);

    this.addSql(`alter table "app_client_permissions" add constraint "app_client_permissions_app_client_id_foreign" foreign key ("app_client_id") references "app_client" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "app_client_permissions" add constraint "app_client_permissions_permission_id_foreign" foreign key ("permission_id") references "permission" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "app_client_roles" add constraint "app_client_roles_app_client_id_foreign" foreign key ("app_client_id") references "app_client" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "app_client_roles" add constraint "app_client_roles_role_id_foreign" foreign key ("role_id") references "role" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "role_permissions" add constraint "role_permissions_role_id_foreign" foreign key ("role_id") references "role" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "role_permissions" add constraint "role_permissions_permission_id_foreign" foreign key ("permission_id") references "permission" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "customer" add constraint "customer_owner_id_foreign" foreign key ("owner_id") references "user" ("id") on delete set null;`);

    this.addSql(`alter table "orders" add constraint "orders_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on delete cascade;`);
    this.addSql(`alter table "orders" add constraint "orders_status_check" check ("status" in ('pending', 'paid', 'shipped', 'cancelled'));`);

    this.addSql(`alter table "consent" add constraint "consent_user_id_foreign" foreign key ("user_id") references "user" ("id") on delete cascade;`);
    this.addSql(`alter table "consent" add constraint "consent_client_id_foreign" foreign key ("client_id") references "app_client" ("id");`);

    this.addSql(`alter table "authorization_code" add constraint "authorization_code_client_id_foreign" foreign key ("client_id") references "app_client" ("id");`);
    this.addSql(`alter table "authorization_code" add constraint "authorization_code_user_id_foreign" foreign key ("user_id") references "user" ("id") on delete cascade;`);

    this.addSql(`alter table "access_token" add constraint "access_token_client_id_foreign" foreign key ("client_id") references "app_client" ("id");`);
    this.addSql(`alter table "access_token" add constraint "access_token_user_id_foreign" foreign key ("user_id") references "user" ("id") on delete cascade;`);

    this.addSql(`alter table "refresh_token" add constraint "refresh_token_access_token_id_foreign" foreign key ("access_token_id") references "access_token" ("id") on delete cascade;`);

    this.addSql(`alter table "user_permissions" add constraint "user_permissions_user_id_foreign" foreign key ("user_id") references "user" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "user_permissions" add constraint "user_permissions_permission_id_foreign" foreign key ("permission_id") references "permission" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "user_roles" add constraint "user_roles_user_id_foreign" foreign key ("user_id") references "user" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "user_roles" add constraint "user_roles_role_id_foreign" foreign key ("role_id") references "role" ("id") on update cascade on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "app_client_permissions" drop constraint "app_client_permissions_app_client_id_foreign";`);
    this.addSql(`alter table "app_client_roles" drop constraint "app_client_roles_app_client_id_foreign";`);
    this.addSql(`alter table "consent" drop constraint "consent_client_id_foreign";`);
    this.addSql(`alter table "authorization_code" drop constraint "authorization_code_client_id_foreign";`);
    this.addSql(`alter table "access_token" drop constraint "access_token_client_id_foreign";`);
    this.addSql(`alter table "app_client_permissions" drop constraint "app_client_permissions_permission_id_foreign";`);
    this.addSql(`alter table "role_permissions" drop constraint "role_permissions_permission_id_foreign";`);
    this.addSql(`alter table "user_permissions" drop constraint "user_permissions_permission_id_foreign";`);
    this.addSql(`alter table "app_client_roles" drop constraint "app_client_roles_role_id_foreign";`);
    this.addSql(`alter table "role_permissions" drop constraint "role_permissions_role_id_foreign";`);
    this.addSql(`alter table "user_roles" drop constraint "user_roles_role_id_foreign";`);
    this.addSql(`alter table "customer" drop constraint "customer_owner_id_foreign";`);
    this.addSql(`alter table "consent" drop constraint "consent_user_id_foreign";`);
    this.addSql(`alter table "authorization_code" drop constraint "authorization_code_user_id_foreign";`);
    this.addSql(`alter table "access_token" drop constraint "access_token_user_id_foreign";`);
    this.addSql(`alter table "user_permissions" drop constraint "user_permissions_user_id_foreign";`);
    this.addSql(`alter table "user_roles" drop constraint "user_roles_user_id_foreign";`);
    this.addSql(`alter table "orders" drop constraint "orders_customer_id_foreign";`);
    this.addSql(`alter table "refresh_token" drop constraint "refresh_token_access_token_id_foreign";`);

    this.addSql(`drop table if exists "app_client" cascade;`);
    this.addSql(`drop table if exists "audit_event" cascade;`);
    this.addSql(`drop table if exists "permission" cascade;`);
    this.addSql(`drop table if exists "app_client_permissions" cascade;`);
    this.addSql(`drop table if exists "role" cascade;`);
    this.addSql(`drop table if exists "app_client_roles" cascade;`);
    this.addSql(`drop table if exists "role_permissions" cascade;`);
    this.addSql(`drop table if exists "user" cascade;`);
    this.addSql(`drop table if exists "customer" cascade;`);
    this.addSql(`drop table if exists "orders" cascade;`);
    this.addSql(`drop table if exists "consent" cascade;`);
    this.addSql(`drop table if exists "authorization_code" cascade;`);
    this.addSql(`drop table if exists "access_token" cascade;`);
    this.addSql(`drop table if exists "refresh_token" cascade;`);
    this.addSql(`drop table if exists "user_permissions" cascade;`);
    this.addSql(`drop table if exists "user_roles" cascade;`);
  }

}
