-- Existing rows are owned by the local user, who must exist before the foreign key does.
INSERT INTO "users" ("id", "name") VALUES ('local', 'Local user') ON CONFLICT DO NOTHING;--> statement-breakpoint
ALTER TABLE "repositories" ADD COLUMN "owner_id" text DEFAULT 'local' NOT NULL;--> statement-breakpoint
ALTER TABLE "repositories" ADD COLUMN "visibility" text DEFAULT 'shared' NOT NULL;--> statement-breakpoint
ALTER TABLE "repositories" ADD CONSTRAINT "repositories_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;