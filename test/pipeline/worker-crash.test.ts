import { workerCrashSuite } from './worker-crash.cases';

// On the Temporal that OPAD_TEMPORAL chooses; test/cluster runs it on the real server too.
workerCrashSuite();
