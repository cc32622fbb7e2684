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

  @ApiProperty({
    description:
      'labs/ as loaded: counts, and the problems of items left out (status degraded) or why nothing loaded (error)',
  })
  content!: {
    status: 'ok' | 'degraded' | 'error';
    labs: number;
    quizzes: number;
    exams: number;
    courses: number;
    problems: string[];
  };

  @ApiProperty({
    description:
      'how learner terminals run: bwrap (sandboxed), none (loopback only) or refused, and why',
  })
  terminal!: { mode: 'bwrap' | 'none' | 'refused'; reason?: string };

  @ApiProperty({ description: 'lab sessions and clusters running in this process' })
  clusters!: { sessions: number; clusters: number };

  @ApiProperty({ description: 'which cluster drivers are usable here, and why not' })
  drivers!: Record<string, { usable: boolean; reason?: string }>;

  @ApiProperty({ required: false, description: 'why the database check failed' })
  error?: string;
}
