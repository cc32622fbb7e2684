-- AlterTable
ALTER TABLE "Account" ADD COLUMN "disabledAt" DATETIME;

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT,
    "action" TEXT NOT NULL,
    "targetType" TEXT,
    "targetId" TEXT,
    "detail" JSONB,
    CONSTRAINT "AuditEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Account" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- Exam actions move to the platform-wide audit log (one source of truth)
INSERT INTO "AuditEvent" ("id", "at", "actorId", "action", "targetType", "targetId", "detail")
SELECT "id", "at",
       CASE WHEN "accountId" IN (SELECT "id" FROM "Account") THEN "accountId" END,
       'exam.' || "action", 'exam-attempt', "attemptId", "detail"
FROM "ExamAuditEvent";

-- DropTable
PRAGMA foreign_keys=off;
DROP TABLE "ExamAuditEvent";
PRAGMA foreign_keys=on;

-- CreateTable
CREATE TABLE "PlatformSetting" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" JSONB NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "updatedById" TEXT
);

-- CreateTable
CREATE TABLE "TranscriptChunk" (
    "sessionId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "data" BLOB NOT NULL,
    "size" INTEGER NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("sessionId", "seq"),
    CONSTRAINT "TranscriptChunk_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "LabSession" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");

-- CreateIndex
CREATE INDEX "AuditEvent_targetType_targetId_idx" ON "AuditEvent"("targetType", "targetId");

-- CreateIndex
CREATE INDEX "AuditEvent_actorId_idx" ON "AuditEvent"("actorId");

-- CreateIndex
CREATE INDEX "TranscriptChunk_at_idx" ON "TranscriptChunk"("at");
