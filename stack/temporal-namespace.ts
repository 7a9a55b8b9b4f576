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
  const listed = async () =>
    (await connection.operatorService.listSearchAttributes({ namespace })).customAttributes ?? {};
  const keys = Object.values(SEARCH_ATTRIBUTES);
  const present = await listed();
  const missing = keys.filter((key) => !present[key.name]);
  if (missing.length === 0) return;
  const indexedType = (type: string) =>
    temporal.api.enums.v1.IndexedValueType[`INDEXED_VALUE_TYPE_${type}` as 'INDEXED_VALUE_TYPE_KEYWORD'];
  await connection.operatorService
    .addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((key) => [key.name, indexedType(key.type)])),
    })
    .catch(ignoreAlreadyExists);
  // A workflow that upserts one before the frontend knows it would fail its workflow task until then.
  await waitFor('the search attributes to be registered', async () => {
    const registered = await listed();
    return keys.every((key) => registered[key.name]);
  });
}
