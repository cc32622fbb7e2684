import { Logger } from '@nestjs/common';
import { createApp } from './app';
import { loadConfig } from './config/app-config';
import { Database } from './database/database';
import { StartUpError } from './start-up-error';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = new Logger('Start-up');
  const database = await Database.open(config.database);
  const { applied, modified } = database.migrations;
  if (applied.length) logger.log(`Applied migrations: ${applied.join(', ')}`);
  for (const name of modified) logger.warn(`Migration ${name} was edited after it was applied`);
  const app = await createApp(config, database);
  await (config.host ? app.listen(config.port, config.host) : app.listen(config.port));
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
