import 'reflect-metadata';
import type { INestApplication, LogLevel as NestLogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import type { AppConfig, LogLevel } from './config/app-config';
import type { Database } from './database/database';

export const nestLogLevels: Record<LogLevel, NestLogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

/**
 * Builds the Nest application (routes under /api, OpenAPI at /api/docs, the web app at /)
 * without listening, so that main and the tests start it the same way. The app closes the
 * database when it is closed.
 */
export async function createApp(config: AppConfig, database: Database): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(config, database), {
    logger: nestLogLevels[config.logLevel],
    // throw instead of calling process.abort(), so that main can report the error
    abortOnError: false,
  });
  app.setGlobalPrefix('api');
  app.enableShutdownHooks();
  const openApi = new DocumentBuilder()
    .setTitle('kubebelt API')
    .setDescription('Learn Kubernetes hands-on: labs, sessions, grading')
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi));
  return app;
}
