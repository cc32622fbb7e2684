/** After the api tests' last file: the platform image's build and Engine, if global-setup.ts started them. */
import { STARTED_HERE } from './global-setup';
import { stopPlatformImageBuild } from './platform-image-build';

export default async function globalTeardown(): Promise<void> {
  const dir = (globalThis as Record<string, unknown>)[STARTED_HERE];
  if (typeof dir === 'string') stopPlatformImageBuild(dir);
}
