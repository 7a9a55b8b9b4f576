// Kept apart from the logger, so that the CLI can use it without loading pino.

/**
 * Secrets by shape, for text that no redaction path reaches (error messages, SDK log lines): opad's bearer
 * tokens, any bearer or basic credential, OpenAI-style keys, JWTs (Temporal Cloud's API keys are JWTs), and
 * the password of a connection URL.
 */
const SECRET_SHAPES: Array<[RegExp, string]> = [
  [/\bopad_[A-Za-z0-9_-]{16,}/g, 'opad_[redacted]'],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, '[redacted]'],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 [redacted]'],
  [/\bsk-[A-Za-z0-9_-]{8,}/g, 'sk-[redacted]'],
  [/\b([a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:)[^@\s]+@/gi, '$1[redacted]@'],
];

/** Secrets by value: ones whose shape nothing above knows, such as an API key of any format. */
const knownSecrets = new Set<string>();

/** Every later scrubSecrets removes `secret` wherever it appears (values under 8 characters are ignored). */
export function rememberSecret(secret: string | undefined): void {
  if (secret && secret.length >= 8) knownSecrets.add(secret);
}

export function scrubSecrets(text: string): string {
  let scrubbed = text;
  for (const secret of knownSecrets) scrubbed = scrubbed.replaceAll(secret, '[redacted]');
  return SECRET_SHAPES.reduce((result, [shape, replacement]) => result.replace(shape, replacement), scrubbed);
}
