-- CreateTable
CREATE TABLE "ExamAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "examId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endsAt" DATETIME NOT NULL,
    "submittedAt" DATETIME,
    "submittedBy" TEXT,
    "reviewUntil" DATETIME,
    "taskIds" JSONB NOT NULL,
    "flags" JSONB NOT NULL,
    "notes" TEXT NOT NULL DEFAULT '',
    "answers" JSONB NOT NULL,
    "report" JSONB,
    "score" REAL,
    "maxScore" REAL,
    "passed" BOOLEAN,
    "sessionId" TEXT,
    CONSTRAINT "ExamAttempt_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ExamAttempt_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "LabSession" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ExamAuditEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "attemptId" TEXT NOT NULL,
    "accountId" TEXT,
    "action" TEXT NOT NULL,
    "detail" JSONB,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ExamAuditEvent_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "ExamAttempt" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_LabSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "labId" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "driver" TEXT NOT NULL DEFAULT 'embedded',
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastActivityAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "hardExpiresAt" DATETIME,
    "endedAt" DATETIME,
    "clusterTokens" JSONB,
    "snapshot" JSONB,
    "snapshotAt" DATETIME,
    "kind" TEXT NOT NULL DEFAULT 'lab',
    CONSTRAINT "LabSession_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_LabSession" ("accountId", "clusterId", "clusterTokens", "driver", "endedAt", "expiresAt", "hardExpiresAt", "id", "labId", "lastActivityAt", "snapshot", "snapshotAt", "startedAt", "status") SELECT "accountId", "clusterId", "clusterTokens", "driver", "endedAt", "expiresAt", "hardExpiresAt", "id", "labId", "lastActivityAt", "snapshot", "snapshotAt", "startedAt", "status" FROM "LabSession";
DROP TABLE "LabSession";
ALTER TABLE "new_LabSession" RENAME TO "LabSession";
CREATE INDEX "LabSession_accountId_idx" ON "LabSession"("accountId");
CREATE INDEX "LabSession_status_idx" ON "LabSession"("status");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "ExamAttempt_sessionId_key" ON "ExamAttempt"("sessionId");

-- CreateIndex
CREATE INDEX "ExamAttempt_accountId_idx" ON "ExamAttempt"("accountId");

-- CreateIndex
CREATE INDEX "ExamAttempt_status_idx" ON "ExamAttempt"("status");

-- CreateIndex
CREATE INDEX "ExamAuditEvent_attemptId_idx" ON "ExamAuditEvent"("attemptId");
