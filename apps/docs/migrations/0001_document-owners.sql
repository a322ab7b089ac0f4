-- Documents stored before owners existed belong to no user ('unowned'): nobody's searches see them.
ALTER TABLE "documents" ADD COLUMN "owner_id" text NOT NULL DEFAULT 'unowned';--> statement-breakpoint
ALTER TABLE "documents" ALTER COLUMN "owner_id" DROP DEFAULT;--> statement-breakpoint
CREATE INDEX "documents_owner_idx" ON "documents" USING btree ("owner_id");
