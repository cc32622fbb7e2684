import { Logger } from '@nestjs/common';
import { createApp, nestLogLevels } from './app';
import { DemoAccountsSeeder } from './auth/demo-accounts.seeder';
import { loadConfig } from './config/app-config';
import { Database } from './database/database';
import { StartUpError } from './start-up-error';

async function main(): Promise<void> {
  const config = loadConfig();
  Logger.overrideLogger(nestLogLevels[config.logLevel]);
  const logger = new Logger('Start-up');
  const database = await Database.open(config.database);
  const { applied, modified } = database.migrations;
  if (applied.length) logger.log(`Applied migrations: ${applied.join(', ')}`);
  for (const name of modified) logger.warn(`Migration ${name} was edited after it was applied`);
  const app = await createApp(config, database);
  try {
    await (config.host ? app.listen(config.port, config.host) : app.listen(config.port));
  } catch (error) {
    if ((error as { code?: string }).code !== 'EADDRINUSE') throw error;
    throw new StartUpError(`Port ${config.port} is already in use: set PORT to another port`);
  }
  await app.get(DemoAccountsSeeder).seed();
  const host = config.host && config.host !== '0.0.0.0' ? config.host : 'localhost';
  logger.log(
    `kubebelt is up at http://${host}:${config.port} (${database.provider}: ${database.location})`,
  );
}

main().catch((error: unknown) => {
  // One line the operator can act on; the stack only when asked for with LOG_LEVEL=debug.
  const message =
    error instanceof StartUpError
      ? error.message
      : `kubebelt failed to start: ${(error as Error)?.message ?? String(error)}`;
  console.error(
    process.env.LOG_LEVEL === 'debug' && error instanceof Error ? error.stack : message,
  );
  process.exit(1);
});
