CREATE TABLE "model_calls" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text,
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"input_tokens" integer NOT NULL,
	"output_tokens" integer NOT NULL,
	"estimated" boolean DEFAULT false NOT NULL,
	"cost" double precision,
	"run_id" text,
	"chat_id" text,
	"message_id" integer,
	"wiki_id" text,
	"page_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "model_calls_user_created_idx" ON "model_calls" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "model_calls_run_idx" ON "model_calls" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "model_calls_chat_idx" ON "model_calls" USING btree ("chat_id");--> statement-breakpoint
CREATE INDEX "model_calls_wiki_idx" ON "model_calls" USING btree ("wiki_id");