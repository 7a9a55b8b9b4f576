import { z } from 'zod';

const webEnvSchema = z.object({
  OPAD_API_URL: z
    .url({ message: 'OPAD_API_URL must be the URL of the opad API' })
    .default('http://127.0.0.1:4000'),
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
