-- CreateTable
CREATE TABLE "AuthoredItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "draft" TEXT NOT NULL,
    "draftHash" TEXT NOT NULL,
    "lastVerify" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "AuthoredItem_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuthoredVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "itemId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "files" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "publishedById" TEXT NOT NULL,
    "publishedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AuthoredVersion_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "AuthoredItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AuthoredVersion_publishedById_fkey" FOREIGN KEY ("publishedById") REFERENCES "Account" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "AuthoredItem_itemId_key" ON "AuthoredItem"("itemId");

-- CreateIndex
CREATE INDEX "AuthoredItem_ownerId_idx" ON "AuthoredItem"("ownerId");

-- CreateIndex
CREATE UNIQUE INDEX "AuthoredVersion_itemId_version_key" ON "AuthoredVersion"("itemId", "version");
