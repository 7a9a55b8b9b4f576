import { z } from 'zod';

const webEnvSchema = z.object({
  OPAD_API_URL: z
    .url({ message: 'OPAD_API_URL must be the URL of the opad API' })
    .default('http://127.0.0.1:4000'),
  TEMPORAL_UI_URL: z
    .url({ message: 'TEMPORAL_UI_URL must be the URL of the Temporal Web UI' })
    .default('http://localhost:8233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  /** Set by `npm start` when the demo model or the offline news stand in for the real providers. */
  OPAD_PROVIDERS_NOTICE: z.string().optional(),
});

export type WebConfig = z.infer<typeof webEnvSchema>;

let parsed: WebConfig | undefined;

/** Read from the server's environment at its first request, not at build time, so one build serves any deployment. */
export function webConfig(): WebConfig {
  if (parsed) return parsed;
  const result = webEnvSchema.safeParse(process.env);
  if (!result.success) throw new Error(`opad web: ${result.error.issues.map((i) => i.message).join('; ')}`);
  parsed = result.data;
  return parsed;
}

export function temporalWorkflowUrl(config: WebConfig, workflowId: string): string {
  const base = config.TEMPORAL_UI_URL.replace(/\/$/, '');
  return `${base}/namespaces/${encodeURIComponent(config.TEMPORAL_NAMESPACE)}/workflows/${encodeURIComponent(workflowId)}`;
}
