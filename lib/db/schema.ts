import { sql } from "drizzle-orm";
import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import type { WikiPageChecks } from "../protocol/wiki";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

/**
 * Everyone who can own things. The local user (`none` and `access-code` modes) has no
 * username or password; accounts (`AUTH_MODE=accounts`) have both. `passwordGeneration`
 * grows with every password change: sessions are bound to it, so a change ends the others.
 */
export const users = pgTable(
  "users",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    username: text("username"),
    passwordHash: text("password_hash"),
    passwordGeneration: integer("password_generation").notNull().default(0),
    role: text("role").$type<"admin" | "member">().notNull().default("member"),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex("users_username_lower_idx").on(sql`lower(${table.username})`)],
);

/** One-time sign-up links an admin made; only the SHA-256 of the code is kept. */
export const invites = pgTable("invites", {
  id: text("id").primaryKey(),
  codeHash: text("code_hash").notNull().unique(),
  createdBy: text("created_by")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  createdAt: createdAt(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  usedAt: timestamp("used_at", { withTimezone: true }),
  usedBy: text("used_by").references(() => users.id, { onDelete: "set null" }),
});

/** Personal API tokens: shown once, stored as the SHA-256 of the token. */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    hash: text("hash").notNull().unique(),
    scope: text("scope").$type<"read" | "write">().notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (table) => [index("api_tokens_user_idx").on(table.userId)],
);

/**
 * Server-side sign-in sessions: the cookie holds a random id, the table only its SHA-256.
 * `credentialTag` ties a session to the credential it was made with (an HMAC of the access
 * code), so changing ACCESS_CODE ends every session made with the old one.
 */
export const sessions = pgTable(
  "sessions",
  {
    idHash: text("id_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    credentialTag: text("credential_tag").notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    clientAddress: text("client_address"),
    userAgent: text("user_agent"),
  },
  (table) => [index("sessions_user_idx").on(table.userId)],
);

/** Statuses stored in the database; `cancelling` is internal and shown as `in_progress`. */
export const runStatuses = [
  "queued",
  "in_progress",
  "cancelling",
  "completed",
  "failed",
  "cancelled",
] as const;
export type StoredRunStatus = (typeof runStatuses)[number];

/** The runs table is the queue (DESIGN.md "Runs"). */
export const runs = pgTable(
  "runs",
  {
    id: text("id").primaryKey(),
    kind: text("kind").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    status: text("status").$type<StoredRunStatus>().notNull().default("queued"),
    title: text("title").notNull().default(""),
    input: jsonb("input").notNull(),
    progress: doublePrecision("progress").notNull().default(0),
    message: text("message").notNull().default(""),
    phase: text("phase").notNull().default(""),
    stepsDone: integer("steps_done"),
    stepsTotal: integer("steps_total"),
    lastSeq: integer("last_seq").notNull().default(0),
    result: jsonb("result"),
    error: text("error"),
    leaseOwner: text("lease_owner"),
    leaseExpiresAt: timestamp("lease_expires_at", { withTimezone: true }),
    attempts: integer("attempts").notNull().default(0),
    createdAt: createdAt(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    completedAt: timestamp("completed_at", { withTimezone: true }),
  },
  (table) => [
    index("runs_status_created_idx").on(table.status, table.createdAt),
    index("runs_user_status_idx").on(table.userId, table.status),
    index("runs_created_idx").on(table.createdAt),
  ],
);

/** Append-only event log; `seq` is strictly increasing per run from 1. */
export const runEvents = pgTable(
  "run_events",
  {
    runId: text("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    type: text("type").notNull(),
    payload: jsonb("payload").notNull(),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.runId, table.seq] })],
);

/** Results of completed idempotent steps, so a resumed run skips them. */
export const runSteps = pgTable(
  "run_steps",
  {
    runId: text("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    result: jsonb("result"),
    completedAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.runId, table.name] })],
);

export const settings = pgTable("settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().default(sql`now()`),
});

/** A source: one git remote or allow-listed local folder. `source` never holds a token. */
export const repositories = pgTable("repositories", {
  id: text("id").primaryKey(),
  kind: text("kind").$type<"git" | "local">().notNull(),
  source: text("source").notNull(),
  host: text("host"),
  owner: text("owner").notNull(),
  name: text("name").notNull(),
  defaultBranch: text("default_branch"),
  createdBy: text("created_by")
    .notNull()
    .references(() => users.id),
  /** Who may delete it and change its visibility (lib/auth/ownership.ts). */
  ownerId: text("owner_id")
    .notNull()
    .default("local")
    .references(() => users.id),
  /** `private`: its owner alone sees it and everything of it; `shared`: everyone on the server. */
  visibility: text("visibility").$type<"private" | "shared">().notNull().default("shared"),
  createdAt: createdAt(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** One commit of a repository under one set of filters: the unit of indexing and caching. */
export const snapshots = pgTable(
  "snapshots",
  {
    id: text("id").primaryKey(),
    repoId: text("repo_id")
      .notNull()
      .references(() => repositories.id, { onDelete: "cascade" }),
    commit: text("commit").notNull(),
    ref: text("ref"),
    filters: jsonb("filters").notNull(),
    filtersKey: text("filters_key").notNull(),
    status: text("status").$type<"indexing" | "ready" | "failed">().notNull().default("indexing"),
    runId: text("run_id"),
    fileCount: integer("file_count").notNull().default(0),
    chunkCount: integer("chunk_count").notNull().default(0),
    /** Files of the commit the index left out, counted by reason ("over the size limit": 3). */
    skipped: jsonb("skipped").$type<Record<string, number>>().notNull().default({}),
    createdAt: createdAt(),
    indexedAt: timestamp("indexed_at", { withTimezone: true }),
  },
  (table) => [
    uniqueIndex("snapshots_repo_commit_filters_idx").on(
      table.repoId,
      table.commit,
      table.filtersKey,
    ),
  ],
);

/** File contents by git blob id, shared by every snapshot that has the same bytes. */
export const blobs = pgTable("blobs", {
  sha: text("sha").primaryKey(),
  content: text("content").notNull(),
  size: integer("size").notNull(),
});

export const files = pgTable(
  "files",
  {
    snapshotId: text("snapshot_id")
      .notNull()
      .references(() => snapshots.id, { onDelete: "cascade" }),
    path: text("path").notNull(),
    blobSha: text("blob_sha").notNull(),
    language: text("language").notNull(),
    size: integer("size").notNull(),
    symbols: jsonb("symbols").notNull().default([]),
    imports: jsonb("imports").notNull().default([]),
  },
  (table) => [
    primaryKey({ columns: [table.snapshotId, table.path] }),
    index("files_blob_idx").on(table.blobSha),
  ],
);

/**
 * Files of a snapshot the index left out by their content (binary, generated or minified):
 * a later commit with the same file leaves it out without reading it again.
 */
export const leftOutFiles = pgTable(
  "left_out_files",
  {
    snapshotId: text("snapshot_id")
      .notNull()
      .references(() => snapshots.id, { onDelete: "cascade" }),
    path: text("path").notNull(),
    blobSha: text("blob_sha").notNull(),
    reason: text("reason").notNull(),
  },
  (table) => [primaryKey({ columns: [table.snapshotId, table.path] })],
);

export const chunks = pgTable(
  "chunks",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    snapshotId: text("snapshot_id")
      .notNull()
      .references(() => snapshots.id, { onDelete: "cascade" }),
    path: text("path").notNull(),
    blobSha: text("blob_sha").notNull(),
    startLine: integer("start_line").notNull(),
    endLine: integer("end_line").notNull(),
    symbol: text("symbol"),
    language: text("language").notNull(),
    text: text("text").notNull(),
    embedding: jsonb("embedding").$type<number[] | null>(),
  },
  (table) => [
    // (snapshot, id): a snapshot's chunks in id order, a page at a time, without sorting them all.
    index("chunks_snapshot_id_idx").on(table.snapshotId, table.id),
    index("chunks_blob_idx").on(table.blobSha),
  ],
);

/** A stored conversation about one repository. */
export const chats = pgTable(
  "chats",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    repoId: text("repo_id").references(() => repositories.id, { onDelete: "set null" }),
    repoUrl: text("repo_url").notNull(),
    title: text("title").notNull().default(""),
    /**
     * Shown in the user's list of conversations. A request without `chat_id` (DeepWiki's
     * client sending a generation prompt, a script) makes an unlisted one.
     */
    listed: boolean("listed").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("chats_user_updated_idx").on(table.userId, table.updatedAt)],
);

export const messages = pgTable(
  "messages",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    chatId: text("chat_id")
      .notNull()
      .references(() => chats.id, { onDelete: "cascade" }),
    role: text("role").$type<"user" | "assistant" | "system">().notNull(),
    content: text("content").notNull(),
    sources: jsonb("sources"),
    /** An answer's citations as checked against its commit when it was written. */
    citations: jsonb("citations"),
    commit: text("commit"),
    createdAt: createdAt(),
  },
  (table) => [index("messages_chat_idx").on(table.chatId, table.id)],
);

export const wikiTypes = ["comprehensive", "concise"] as const;
export type WikiType = (typeof wikiTypes)[number];
export type WikiStatus = "generating" | "ready" | "partial" | "failed";

/**
 * One generated wiki: per repository, commit, language, wiki type and model (the cache key).
 * `structure` holds the planned sections; the pages are rows of `wiki_pages`.
 */
export const wikis = pgTable(
  "wikis",
  {
    id: text("id").primaryKey(),
    repoId: text("repo_id")
      .notNull()
      .references(() => repositories.id, { onDelete: "cascade" }),
    snapshotId: text("snapshot_id")
      .notNull()
      .references(() => snapshots.id, { onDelete: "cascade" }),
    commit: text("commit").notNull(),
    language: text("language").notNull(),
    wikiType: text("wiki_type").$type<WikiType>().notNull(),
    provider: text("provider").notNull(),
    model: text("model").notNull(),
    /** Built from static analysis alone, without a model. */
    structural: boolean("structural").notNull().default(false),
    title: text("title").notNull().default(""),
    description: text("description").notNull().default(""),
    structure: jsonb("structure"),
    status: text("status").$type<WikiStatus>().notNull().default("generating"),
    error: text("error"),
    runId: text("run_id"),
    createdBy: text("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("wikis_key_idx").on(
      table.repoId,
      table.commit,
      table.language,
      table.wikiType,
      table.provider,
      table.model,
    ),
    index("wikis_repo_updated_idx").on(table.repoId, table.updatedAt),
  ],
);

export type WikiPageStatus = "pending" | "generating" | "done" | "failed";

export const wikiPages = pgTable(
  "wiki_pages",
  {
    wikiId: text("wiki_id")
      .notNull()
      .references(() => wikis.id, { onDelete: "cascade" }),
    pageId: text("page_id").notNull(),
    position: integer("position").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    importance: text("importance").$type<"high" | "medium" | "low">().notNull().default("medium"),
    filePaths: jsonb("file_paths").$type<string[]>().notNull().default([]),
    relatedPages: jsonb("related_pages").$type<string[]>().notNull().default([]),
    sectionId: text("section_id"),
    status: text("status").$type<WikiPageStatus>().notNull().default("pending"),
    content: text("content").notNull().default(""),
    /** Paths the content cites, with the blob each had when the page was written. */
    sources: jsonb("sources").$type<Record<string, string>>().notNull().default({}),
    /** Checks of content Cartograph did not write, kept beside it (`WikiPageChecks`). */
    checks: jsonb("checks").$type<WikiPageChecks>(),
    error: text("error"),
    generatedAt: timestamp("generated_at", { withTimezone: true }),
  },
  (table) => [primaryKey({ columns: [table.wikiId, table.pageId] })],
);

export const webhookEvents = ["run.completed", "run.failed", "run.cancelled"] as const;
export type WebhookEvent = (typeof webhookEvents)[number];

/** A user's URL called when their runs end; the secret is sealed (signing needs it in plain). */
export const webhooks = pgTable(
  "webhooks",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    events: jsonb("events").$type<WebhookEvent[]>().notNull(),
    secretSealed: text("secret_sealed").notNull(),
    createdAt: createdAt(),
  },
  (table) => [index("webhooks_user_idx").on(table.userId)],
);

export type WebhookDeliveryStatus = "pending" | "succeeded" | "failed";

/**
 * One delivery of one event to one webhook, retried until it succeeds or runs out of
 * attempts. The body is fixed when the run ends, so every attempt sends the same bytes.
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    webhookId: text("webhook_id")
      .notNull()
      .references(() => webhooks.id, { onDelete: "cascade" }),
    /** The run whose end this announces (no foreign key: a run may be deleted before delivery). */
    runId: text("run_id"),
    event: text("event").notNull(),
    body: text("body").notNull(),
    status: text("status").$type<WebhookDeliveryStatus>().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lastAttemptAt: timestamp("last_attempt_at", { withTimezone: true }),
    responseStatus: integer("response_status"),
    responseSnippet: text("response_snippet"),
    error: text("error"),
    durationMs: integer("duration_ms"),
    createdAt: createdAt(),
  },
  (table) => [
    // Exactly one delivery per webhook and run end, whichever process records the end.
    uniqueIndex("webhook_deliveries_run_idx")
      .on(table.webhookId, table.runId)
      .where(sql`${table.runId} is not null`),
    index("webhook_deliveries_due_idx")
      .on(table.nextAttemptAt)
      .where(sql`${table.status} = 'pending'`),
    index("webhook_deliveries_webhook_idx").on(table.webhookId, table.createdAt),
  ],
);

/**
 * One model call: who it was for, what it was part of (a run, a chat message, a wiki page),
 * its tokens as the provider reported them (or estimated, marked so) and its cost at the
 * price in force when it was made (null when the model has no price). Kept when the run,
 * chat or wiki it counted against is deleted: it is the bill.
 */
export const modelCalls = pgTable(
  "model_calls",
  {
    id: text("id").primaryKey(),
    userId: text("user_id"),
    provider: text("provider").notNull(),
    model: text("model").notNull(),
    inputTokens: integer("input_tokens").notNull(),
    outputTokens: integer("output_tokens").notNull(),
    estimated: boolean("estimated").notNull().default(false),
    cost: doublePrecision("cost"),
    runId: text("run_id"),
    chatId: text("chat_id"),
    messageId: integer("message_id"),
    wikiId: text("wiki_id"),
    pageId: text("page_id"),
    createdAt: createdAt(),
  },
  (table) => [
    index("model_calls_user_created_idx").on(table.userId, table.createdAt),
    index("model_calls_run_idx").on(table.runId),
    index("model_calls_chat_idx").on(table.chatId),
    index("model_calls_wiki_idx").on(table.wikiId),
  ],
);
