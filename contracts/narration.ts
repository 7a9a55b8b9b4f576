/** The narration's sentence timings, as the narration stage stores them and the API serves them. Types only. */

/** When a sentence is spoken, in seconds from the start of the audio. */
export interface SentenceTiming {
  index: number;
  text: string;
  start: number;
  end: number;
}

export interface NarrationTimings {
  engine: string;
  voice: string;
  wordsPerMinute: number;
  duration: number;
  sentences: SentenceTiming[];
  /** What the learner should know about this voice (a rough reading), shown on the player; absent when none. */
  caveat?: string;
}
