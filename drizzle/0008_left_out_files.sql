CREATE TABLE "left_out_files" (
	"snapshot_id" text NOT NULL,
	"path" text NOT NULL,
	"blob_sha" text NOT NULL,
	"reason" text NOT NULL,
	CONSTRAINT "left_out_files_snapshot_id_path_pk" PRIMARY KEY("snapshot_id","path")
);
--> statement-breakpoint
ALTER TABLE "left_out_files" ADD CONSTRAINT "left_out_files_snapshot_id_snapshots_id_fk" FOREIGN KEY ("snapshot_id") REFERENCES "public"."snapshots"("id") ON DELETE cascade ON UPDATE no action;