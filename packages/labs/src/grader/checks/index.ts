/** One evaluator per check type: the table the grader dispatches on. */
import type { EvaluatorTable } from '../types';
import { canI, connectivity } from './access';
import { command, file } from './home';
import { absent, cel, exists, field } from './objects';
import { logs, podsReady, rolledOut, serviceEndpoints } from './workloads';

export const EVALUATORS: EvaluatorTable = {
  exists,
  absent,
  field,
  cel,
  rolledOut,
  podsReady,
  serviceEndpoints,
  connectivity,
  canI,
  logs,
  file,
  command,
};
