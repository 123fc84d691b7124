import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Users, sessions, topics, sources and their cursors and runs, tickets, mention states, audit. */
export class InitialSchema1763800000000 implements MigrationInterface {
  name = 'InitialSchema1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "users" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
      "email" text NOT NULL CONSTRAINT "users_email_key" UNIQUE,
      "name" text NOT NULL,
      "password_hash" text NOT NULL,
      "role" text NOT NULL CHECK ("role" IN ('admin', 'lead', 'agent', 'analyst')),
      "locale" text NOT NULL DEFAULT 'it' CHECK ("locale" IN ('it', 'en')),
      "disabled_at" timestamptz,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE "sessions" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
      "token_hash" text NOT NULL,
      "user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE CASCADE,
      "csrf_token" text NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "expires_at" timestamptz NOT NULL,
      "last_seen_at" timestamptz NOT NULL)`);
    await q.query(`CREATE UNIQUE INDEX "IDX_sessions_token_hash" ON "sessions" ("token_hash")`);
    await q.query(`CREATE INDEX "IDX_sessions_expires_at" ON "sessions" ("expires_at")`);
    await q.query(`CREATE TABLE "topics" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
      "name" text NOT NULL CONSTRAINT "topics_name_key" UNIQUE,
      "query" text NOT NULL DEFAULT '',
      "languages" text array NOT NULL DEFAULT '{}',
      "created_at" timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE "sources" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
      "type" text NOT NULL,
      "name" text NOT NULL,
      "url" text NOT NULL,
      "schedule" text NOT NULL,
      "enabled" boolean NOT NULL DEFAULT true,
      "topic_id" uuid REFERENCES "topics"("id") ON DELETE SET NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE "source_cursors" (
      "source_id" uuid NOT NULL PRIMARY KEY REFERENCES "sources"("id") ON DELETE CASCADE,
      "cursor" jsonb,
      "updated_at" timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE "collector_runs" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
      "source_id" uuid NOT NULL REFERENCES "sources"("id") ON DELETE CASCADE,
      "worker_id" text NOT NULL,
      "status" text NOT NULL CHECK ("status" IN ('running', 'succeeded', 'not_modified', 'failed')),
      "started_at" timestamptz NOT NULL,
      "finished_at" timestamptz,
      "fetched" integer NOT NULL DEFAULT 0,
      "created" integer NOT NULL DEFAULT 0,
      "updated" integer NOT NULL DEFAULT 0,
      "rejected_items" jsonb NOT NULL DEFAULT '[]',
      "error" text)`);
    await q.query(`CREATE INDEX "IDX_collector_runs_source_started" ON "collector_runs" ("source_id", "started_at")`);
    await q.query(`CREATE TABLE "tickets" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
      "number" SERIAL NOT NULL,
      "subject" text NOT NULL,
      "status" text NOT NULL DEFAULT 'open' CHECK ("status" IN ('open', 'pending', 'resolved', 'closed')),
      "priority" integer NOT NULL DEFAULT 50 CHECK ("priority" BETWEEN 0 AND 100),
      "assignee_id" uuid REFERENCES "users"("id") ON DELETE SET NULL,
      "created_by_id" uuid NOT NULL REFERENCES "users"("id"),
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE UNIQUE INDEX "IDX_tickets_number" ON "tickets" ("number")`);
    await q.query(`CREATE TABLE "ticket_mentions" (
      "ticket_id" uuid NOT NULL REFERENCES "tickets"("id") ON DELETE CASCADE,
      "mention_id" text NOT NULL,
      "published_at" timestamptz NOT NULL,
      PRIMARY KEY ("ticket_id", "mention_id"))`);
    await q.query(`CREATE UNIQUE INDEX "IDX_ticket_mentions_mention" ON "ticket_mentions" ("mention_id")`);
    await q.query(`CREATE TABLE "mention_states" (
      "mention_id" text NOT NULL PRIMARY KEY,
      "status" text NOT NULL CHECK ("status" IN ('new', 'in_progress', 'done', 'flushed')),
      "assignee_id" uuid,
      "ticket_id" uuid REFERENCES "tickets"("id") ON DELETE SET NULL,
      "triaged_at" timestamptz,
      "first_response_at" timestamptz,
      "first_response_seconds" integer,
      "version" integer NOT NULL DEFAULT 1,
      "synced_version" integer NOT NULL DEFAULT 0,
      "updated_at" timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX "IDX_mention_states_unsynced" ON "mention_states" ("mention_id") WHERE "synced_version" < "version"`);
    await q.query(`CREATE TABLE "audit_events" (
      "id" BIGSERIAL NOT NULL PRIMARY KEY,
      "at" timestamptz NOT NULL DEFAULT now(),
      "actor_id" uuid,
      "action" text NOT NULL,
      "entity_type" text NOT NULL,
      "entity_id" text,
      "data" jsonb NOT NULL DEFAULT '{}')`);
    await q.query(`CREATE INDEX "IDX_audit_events_entity" ON "audit_events" ("entity_type", "entity_id")`);
    await q.query(`CREATE TABLE "worker_heartbeats" (
      "worker_id" text NOT NULL PRIMARY KEY,
      "started_at" timestamptz NOT NULL,
      "last_beat_at" timestamptz NOT NULL,
      "schedules" jsonb NOT NULL DEFAULT '[]')`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'worker_heartbeats',
      'audit_events',
      'mention_states',
      'ticket_mentions',
      'tickets',
      'collector_runs',
      'source_cursors',
      'sources',
      'topics',
      'sessions',
      'users',
    ]) {
      await q.query(`DROP TABLE IF EXISTS "${table}"`);
    }
  }
}
