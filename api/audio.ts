import type { Request, Response } from 'express';

/**
 * Sends audio with byte ranges, so a player can seek without loading the whole file first: 206 for a range,
 * 416 for one outside the file, 200 for the whole.
 */
export function sendAudio(req: Request, res: Response, audio: Buffer, contentType: string): void {
  res.set({ 'accept-ranges': 'bytes', 'cache-control': 'private, max-age=3600' }).type(contentType);
  const ranges = req.range(audio.length, { combine: true });
  if (ranges === -1) {
    res.status(416).set('content-range', `bytes */${audio.length}`).end();
    return;
  }
  const range = Array.isArray(ranges) && ranges.length === 1 ? ranges[0] : undefined;
  if (!range) {
    res.send(audio);
    return;
  }
  res
    .status(206)
    .set('content-range', `bytes ${range.start}-${range.end}/${audio.length}`)
    .send(audio.subarray(range.start, range.end + 1));
}
