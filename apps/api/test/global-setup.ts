/**
 * Before the api tests' first file: when platform-image.test.ts is among the tests to run, the
 * image can be built here and nobody started its build yet (.ci/run does, earlier), the platform
 * image's build in the background (platform-image-build.ts), so that its minutes overlap the
 * other test files instead of adding to them.
 */
import {
  BUILD_DIR,
  PLATFORM_TEST_FILE,
  platformImageUnavailable,
  startPlatformImageBuild,
} from './platform-image-build';

interface GlobalConfig {
  rootDir: string;
  testPathPatterns?: { toExecutor(o: { rootDir: string }): { isMatch(file: string): boolean } };
}

/** The build this run started, for global-teardown.ts (a global set here is only read there). */
export const STARTED_HERE = 'kubebeltPlatformImageBuild';

export default async function globalSetup(config: GlobalConfig): Promise<void> {
  if (process.env[BUILD_DIR] || platformImageUnavailable()) return;
  const selected =
    config.testPathPatterns?.toExecutor({ rootDir: config.rootDir }).isMatch(PLATFORM_TEST_FILE) ??
    true;
  if (!selected) return;
  const dir = startPlatformImageBuild();
  process.env[BUILD_DIR] = dir;
  (globalThis as Record<string, unknown>)[STARTED_HERE] = dir;
}
