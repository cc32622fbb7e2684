-- AlterTable
ALTER TABLE "LabSession" ADD COLUMN     "ownerId" TEXT;

-- CreateTable
CREATE TABLE "ApiInstance" (
    "id" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeatAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ApiInstance_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LabSession_clusterId_idx" ON "LabSession"("clusterId");
