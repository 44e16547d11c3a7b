-- Housekeeping (workers/housekeeping.ts) deletes finished rows past their retention by these columns.

-- CreateIndex
CREATE INDEX "outbox_events_published_at_idx" ON "outbox_events"("published_at");

-- CreateIndex
CREATE INDEX "agent_turns_finished_at_idx" ON "agent_turns"("finished_at");

-- CreateIndex
CREATE INDEX "processed_events_processed_at_idx" ON "processed_events"("processed_at");
