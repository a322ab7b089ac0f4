DROP INDEX "notes_owner_created_idx";--> statement-breakpoint
CREATE INDEX "notes_owner_created_idx" ON "notes" USING btree ("owner_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);