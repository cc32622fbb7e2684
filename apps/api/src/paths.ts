import path from 'node:path';

// This file sits at apps/api/{src,dist}/paths.{ts,js}: the same depth whether run from the
// sources (Jest) or the build (node dist/main.js).
export const apiRoot = path.resolve(__dirname, '..');
export const repoRoot = path.resolve(apiRoot, '../..');
export const migrationsRoot = path.join(repoRoot, 'prisma/migrations');
export const defaultWebDir = path.join(repoRoot, 'apps/web/dist');
export const defaultContentDir = path.join(repoRoot, 'labs');
