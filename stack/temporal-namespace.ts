import type { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTES } from '../workflows/search-attributes';
import { waitFor } from './ports';

const GRPC_ALREADY_EXISTS = 6;
/** Finished generations stay inspectable and replayable for a week, as `opad replay` and the UI need. */
const RETENTION = '7 days';

function ignoreAlreadyExists(error: unknown): void {
  if ((error as { code?: number }).code !== GRPC_ALREADY_EXISTS) throw error;
}

/**
 * What the dev server does by itself with `--namespace` and `--search-attribute`: a real server starts with
 * only its system namespace. Safe to run on every start.
 */
export async function prepareNamespace(connection: Connection, namespace: string): Promise<void> {
  await connection.workflowService
    .registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(RETENTION) })
    .catch(ignoreAlreadyExists);
  // A new namespace reaches the frontend's namespace cache within its refresh interval (2 s).
  await waitFor('the namespace to be served', async () => {
    try {
      await connection.workflowService.listWorkflowExecutions({ namespace, pageSize: 1 });
      return true;
    } catch {
      return false;
    }
  });
  const wanted = Object.values(SEARCH_ATTRIBUTES).map((key) => key.name);
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  const missing = wanted.filter((name) => !customAttributes?.[name]);
  if (missing.length === 0) return;
  const keyword = temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;
  await connection.operatorService
    .addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((n) => [n, keyword])),
    })
    .catch(ignoreAlreadyExists);
}
