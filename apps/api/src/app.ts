import 'reflect-metadata';
import type { Server } from 'node:http';
import type { INestApplication, LogLevel as NestLogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { Logger as PinoLogger } from 'nestjs-pino';
import { cleanupOpenApiDoc, ZodValidationPipe } from 'nestjs-zod';
import type { ServerOptions } from 'socket.io';
import { AppModule } from './app.module';
import type { AppConfig, LogLevel } from './config/app-config';
import type { Database } from './database/database';
import { InstancesService } from './instances/instances.service';
import { connectRedisAdapter, type RedisAdapter } from './instances/redis-adapter';
import { SessionRouting } from './instances/session-routing';
import { MetricsService } from './metrics/metrics.service';
import {
  CLUSTERS_PREFIX,
  clusterRequestHandler,
  clusterUpgradeHandler,
} from './sessions/cluster-gateway';
import { LabEnvironments } from './sessions/lab-environments';
import { SessionsService } from './sessions/sessions.service';

export const nestLogLevels: Record<LogLevel, NestLogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

/** Request bodies of the API are small; cluster requests (under /clusters/) have their own limits. */
export const API_BODY_LIMIT = '1mb';

/**
 * socket.io on the same server, leaving other upgrades (kubectl exec under /clusters/) alone;
 * with Redis, its rooms span every API process.
 */
class SharedServerIoAdapter extends IoAdapter {
  constructor(
    app: INestApplication,
    private readonly redis?: RedisAdapter,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions) {
    const server = super.createIOServer(port, {
      ...options,
      destroyUpgrade: false,
    } as ServerOptions);
    if (this.redis) server.adapter(this.redis.adapter);
    return server;
  }

  override async close(server: Parameters<IoAdapter['close']>[0]): Promise<void> {
    await super.close(server);
    await this.redis?.close();
  }
}

/**
 * Builds the Nest application (routes under /api, OpenAPI at /api/docs, the sessions' clusters
 * under /clusters/, Prometheus metrics at /metrics, the web app at /) without listening, so that
 * main and the tests start it the same way. The app closes the database when it is closed.
 */
export async function createApp(config: AppConfig, database: Database): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config, database),
    {
      // throw instead of calling process.abort(), so that main can report the error
      abortOnError: false,
      // parsers are added below, after the cluster gateway, which needs the raw request stream
      bodyParser: false,
      // start-up messages wait for the JSON logger (pino) below
      bufferLogs: true,
    },
  );
  app.useLogger(app.get(PinoLogger));
  const environments = app.get(LabEnvironments);
  const sessions = app.get(SessionsService);
  const metrics = app.get(MetricsService);
  // a request about a session another API process holds goes there, before anything reads it
  const routing = new SessionRouting(app.get(InstancesService), database);
  app.use(routing.middleware);
  app.use(clusterRequestHandler(environments, (id) => sessions.activity(id)));
  app.use(httpMetrics(metrics));
  app.use('/metrics', async (_req: Request, res: Response) => {
    res.setHeader('content-type', metrics.registry.contentType);
    res.end(await metrics.registry.metrics());
  });
  app.useBodyParser('json', { limit: API_BODY_LIMIT });
  app.useBodyParser('urlencoded', { limit: API_BODY_LIMIT, extended: false });
  // content folders imported as .tar.gz (POST /api/authoring/import)
  app.useBodyParser('raw', { type: 'application/gzip', limit: API_BODY_LIMIT });
  const clusterUpgrade = clusterUpgradeHandler(environments);
  (app.getHttpServer() as Server).on('upgrade', (req, socket, head) => {
    if (req.url?.startsWith(CLUSTERS_PREFIX))
      routing.upgrade(req, socket, head, () => clusterUpgrade(req, socket, head));
  });
  const redis = config.instances.redisUrl
    ? await connectRedisAdapter(config.instances.redisUrl)
    : undefined;
  app.useWebSocketAdapter(new SharedServerIoAdapter(app, redis));
  app.useGlobalPipes(new ZodValidationPipe());
  app.setGlobalPrefix('api');
  app.enableShutdownHooks();
  const openApi = new DocumentBuilder()
    .setTitle('kubebelt API')
    .setDescription(
      'Learn Kubernetes hands-on: labs, sessions, grading. Authentication: the httpOnly session cookie set by POST /api/auth/login. ' +
        'CSRF: cookie-authenticated writes are refused when the browser marks them cross-site (Sec-Fetch-Site) or their Origin is another host.',
    )
    .addCookieAuth('kubebelt_session')
    .build();
  SwaggerModule.setup('api/docs', app, () =>
    cleanupOpenApiDoc(SwaggerModule.createDocument(app, openApi)),
  );
  return app;
}

function httpMetrics(metrics: MetricsService) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!req.path.startsWith('/api/')) return next();
    const stop = metrics.httpLatency.startTimer({ method: req.method });
    res.on('finish', () => {
      const route = (req.route?.path as string | undefined) ?? 'unmatched';
      stop({ route: `${req.baseUrl}${route}`, status: String(res.statusCode) });
    });
    next();
  };
}
