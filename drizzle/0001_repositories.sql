CREATE TABLE "blobs" (
	"sha" text PRIMARY KEY NOT NULL,
	"content" text NOT NULL,
	"size" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "chunks" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "chunks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"snapshot_id" text NOT NULL,
	"path" text NOT NULL,
	"blob_sha" text NOT NULL,
	"start_line" integer NOT NULL,
	"end_line" integer NOT NULL,
	"symbol" text,
	"language" text NOT NULL,
	"text" text NOT NULL,
	"embedding" jsonb
);
--> statement-breakpoint
CREATE TABLE "files" (
	"snapshot_id" text NOT NULL,
	"path" text NOT NULL,
	"blob_sha" text NOT NULL,
	"language" text NOT NULL,
	"size" integer NOT NULL,
	"symbols" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"imports" jsonb DEFAULT '[]'::jsonb NOT NULL,
	CONSTRAINT "files_snapshot_id_path_pk" PRIMARY KEY("snapshot_id","path")
);
--> statement-breakpoint
CREATE TABLE "repositories" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"source" text NOT NULL,
	"host" text,
	"owner" text NOT NULL,
	"name" text NOT NULL,
	"default_branch" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "snapshots" (
	"id" text PRIMARY KEY NOT NULL,
	"repo_id" text NOT NULL,
	"commit" text NOT NULL,
	"ref" text,
	"filters" jsonb NOT NULL,
	"filters_key" text NOT NULL,
	"status" text DEFAULT 'indexing' NOT NULL,
	"run_id" text,
	"file_count" integer DEFAULT 0 NOT NULL,
	"chunk_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"indexed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "chunks" ADD CONSTRAINT "chunks_snapshot_id_snapshots_id_fk" FOREIGN KEY ("snapshot_id") REFERENCES "public"."snapshots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "files" ADD CONSTRAINT "files_snapshot_id_snapshots_id_fk" FOREIGN KEY ("snapshot_id") REFERENCES "public"."snapshots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repositories" ADD CONSTRAINT "repositories_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "snapshots" ADD CONSTRAINT "snapshots_repo_id_repositories_id_fk" FOREIGN KEY ("repo_id") REFERENCES "public"."repositories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "chunks_snapshot_idx" ON "chunks" USING btree ("snapshot_id");--> statement-breakpoint
CREATE INDEX "chunks_blob_idx" ON "chunks" USING btree ("blob_sha");--> statement-breakpoint
CREATE INDEX "files_blob_idx" ON "files" USING btree ("blob_sha");--> statement-breakpoint
CREATE UNIQUE INDEX "snapshots_repo_commit_filters_idx" ON "snapshots" USING btree ("repo_id","commit","filters_key");