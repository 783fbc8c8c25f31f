CREATE TABLE "wiki_pages" (
	"wiki_id" text NOT NULL,
	"page_id" text NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"importance" text DEFAULT 'medium' NOT NULL,
	"file_paths" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"related_pages" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"section_id" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"content" text DEFAULT '' NOT NULL,
	"sources" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"error" text,
	"generated_at" timestamp with time zone,
	CONSTRAINT "wiki_pages_wiki_id_page_id_pk" PRIMARY KEY("wiki_id","page_id")
);
--> statement-breakpoint
CREATE TABLE "wikis" (
	"id" text PRIMARY KEY NOT NULL,
	"repo_id" text NOT NULL,
	"snapshot_id" text NOT NULL,
	"commit" text NOT NULL,
	"language" text NOT NULL,
	"wiki_type" text NOT NULL,
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"structural" boolean DEFAULT false NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"structure" jsonb,
	"status" text DEFAULT 'generating' NOT NULL,
	"error" text,
	"run_id" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "wiki_pages" ADD CONSTRAINT "wiki_pages_wiki_id_wikis_id_fk" FOREIGN KEY ("wiki_id") REFERENCES "public"."wikis"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wikis" ADD CONSTRAINT "wikis_repo_id_repositories_id_fk" FOREIGN KEY ("repo_id") REFERENCES "public"."repositories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wikis" ADD CONSTRAINT "wikis_snapshot_id_snapshots_id_fk" FOREIGN KEY ("snapshot_id") REFERENCES "public"."snapshots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wikis" ADD CONSTRAINT "wikis_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "wikis_key_idx" ON "wikis" USING btree ("repo_id","commit","language","wiki_type","provider","model");--> statement-breakpoint
CREATE INDEX "wikis_repo_updated_idx" ON "wikis" USING btree ("repo_id","updated_at");