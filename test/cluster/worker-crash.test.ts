import { workerCrashSuite } from '../pipeline/worker-crash.cases';

describe('on the real Temporal server, on PostgreSQL', () => workerCrashSuite('server'));
