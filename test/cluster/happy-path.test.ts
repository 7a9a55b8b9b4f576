import { happyPathSuite } from '../pipeline/happy-path.cases';

describe('on the real Temporal server, on PostgreSQL', () => happyPathSuite('server'));
