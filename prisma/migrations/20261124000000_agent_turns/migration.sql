-- CreateTable
CREATE TABLE "agent_turns" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "conversation_id" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "model_kind" TEXT,
    "model" TEXT,
    "prompt_name" TEXT NOT NULL,
    "prompt_hash" TEXT NOT NULL,
    "steps" JSONB NOT NULL DEFAULT '[]',
    "outcome" TEXT,
    "fallback_reason" TEXT,
    "reply_message_id" TEXT,
    "ticket_id" TEXT,
    "input_tokens" INTEGER NOT NULL DEFAULT 0,
    "output_tokens" INTEGER NOT NULL DEFAULT 0,
    "latency_ms" INTEGER,
    "correlation_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "agent_turns_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "agent_turns_message_id_key" ON "agent_turns"("message_id");

-- CreateIndex
CREATE INDEX "agent_turns_conversation_id_created_at_idx" ON "agent_turns"("conversation_id", "created_at");

-- AddForeignKey
ALTER TABLE "agent_turns" ADD CONSTRAINT "agent_turns_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AlterTable: when the conversation's participant last changed (a phone number passed to a new
-- resident), so the agent never shows one person's history to the next.
ALTER TABLE "conversations" ADD COLUMN "participant_since" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
