import type { CefrLevel } from '../../contracts/article-request';

/**
 * The frequency band a reader at each level knows: the most frequent N forms of data/wordfreq. They are forms
 * (fährt, Fahrten), not lemmas, counted on subtitles rather than news, so they sit above the usual lemma counts
 * (1k/A1 … 10k/C1): each is near the rank that 85–90 % of the words of the sample stories written at that level
 * fall within (docs/decisions/012-level-check.md).
 */
export const LEVEL_BANDS: Record<CefrLevel, number> = {
  A1: 3_000,
  A2: 4_000,
  B1: 6_000,
  B2: 10_000,
  C1: 16_000,
  C2: Number.POSITIVE_INFINITY,
};
