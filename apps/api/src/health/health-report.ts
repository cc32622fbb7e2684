import { ApiProperty } from '@nestjs/swagger';

/** What GET /api/health answers (200 when `status` is "ok", 503 otherwise). */
export class HealthReport {
  @ApiProperty({ enum: ['ok', 'error'] })
  status!: 'ok' | 'error';

  @ApiProperty({ enum: ['ok', 'error'], description: 'result of a real query to the database' })
  database!: 'ok' | 'error';

  @ApiProperty({ enum: ['sqlite', 'postgresql'] })
  databaseProvider!: 'sqlite' | 'postgresql';

  @ApiProperty({ example: '0.1.0' })
  version!: string;

  @ApiProperty({ description: 'seconds since the API process started' })
  uptimeSeconds!: number;

  @ApiProperty({ required: false, description: 'why the database check failed' })
  error?: string;
}
