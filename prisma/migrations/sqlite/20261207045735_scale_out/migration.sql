-- AlterTable
ALTER TABLE "LabSession" ADD COLUMN "ownerId" TEXT;

-- CreateTable
CREATE TABLE "ApiInstance" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "url" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeatAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "LabSession_clusterId_idx" ON "LabSession"("clusterId");
