import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';

/**
 * Sends audio with byte ranges, so a player can seek without loading the whole file first: 206 for one range,
 * 416 for a range outside the file, 200 for the whole (or for several ranges at once). The ETag comes from
 * the blob's key, which changes whenever the audio does, so whole and partial answers share one validator.
 */
export function sendAudio(req: Request, res: Response, audio: Buffer, blobKey: string): void {
  const etag = `"${createHash('sha256').update(blobKey).digest('hex').slice(0, 32)}"`;
  res
    .set({ 'accept-ranges': 'bytes', 'cache-control': 'private, max-age=3600', etag })
    .type('audio/ogg; codecs=opus');
  const ranges = req.range(audio.length, { combine: true });
  if (ranges === -1) {
    res.status(416).set('content-range', `bytes */${audio.length}`).end();
    return;
  }
  const range =
    Array.isArray(ranges) && ranges.type === 'bytes' && ranges.length === 1 ? ranges[0] : undefined;
  if (!range) {
    res.send(audio);
    return;
  }
  res
    .status(206)
    .set('content-range', `bytes ${range.start}-${range.end}/${audio.length}`)
    .send(audio.subarray(range.start, range.end + 1));
}
