/** Decodes Ogg Opus with an independent decoder (libopus in WebAssembly), as a player would. */
export async function decodeOpus(audio: Uint8Array): Promise<{ seconds: number; errors: number }> {
  const { OggOpusDecoder } = await import('ogg-opus-decoder');
  const decoder = new OggOpusDecoder();
  await decoder.ready;
  try {
    const decoded = await decoder.decodeFile(audio);
    return { seconds: decoded.samplesDecoded / decoded.sampleRate, errors: decoded.errors.length };
  } finally {
    decoder.free();
  }
}
