DROP INDEX "chunks_snapshot_idx";--> statement-breakpoint
CREATE INDEX "chunks_snapshot_id_idx" ON "chunks" USING btree ("snapshot_id","id");