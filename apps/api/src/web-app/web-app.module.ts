import { existsSync } from 'node:fs';
import path from 'node:path';
import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';

/**
 * Serves the built web app (apps/web/dist) on the API's own port: its files, and index.html
 * for any other path outside /api so that client-side routes survive a reload.
 */
@Module({})
export class WebAppModule {
  static forRoot(webDir: string): DynamicModule {
    if (!existsSync(path.join(webDir, 'index.html'))) {
      new Logger(WebAppModule.name).warn(
        `No web app at ${webDir} (run \`npm run build\`); serving the API only`,
      );
      return { module: WebAppModule };
    }
    return {
      module: WebAppModule,
      imports: [ServeStaticModule.forRoot({ rootPath: webDir, exclude: ['/api/{*path}'] })],
    };
  }
}
