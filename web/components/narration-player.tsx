'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { NarrationTimings } from '../../contracts/narration';
import { API_BASE } from '../lib/api-client';
import { sentenceAtTime, sentenceRanges } from '../lib/sentence-ranges';

const SPEEDS = [0.75, 1, 1.25];
/** The name of the CSS highlight (`::highlight(narration)`) that marks the sentence being spoken. */
const HIGHLIGHT = 'narration';

const readerText = () => document.querySelector<HTMLElement>('.reader [role="document"]');

/**
 * The article's narration: a player whose current sentence is highlighted in the reader, a speed control, and a
 * mode in which clicking a sentence plays from there (otherwise a click looks a word up, as always).
 */
export function NarrationPlayer({ articleId, timings }: { articleId: string; timings: NarrationTimings }) {
  const audio = useRef<HTMLAudioElement>(null);
  const ranges = useRef<Array<Range | undefined>>([]);
  const rangesRoot = useRef<HTMLElement | null>(null);
  const [current, setCurrent] = useState<number>();
  const [speed, setSpeed] = useState(1);
  const [clickToPlay, setClickToPlay] = useState(false);
  const { sentences } = timings;

  /**
   * The sentences' ranges in the reader, found again when the reader's text was rendered anew (a saved word):
   * a range whose text left the page collapses.
   */
  const sentenceRangesNow = useCallback(() => {
    const root = readerText();
    const stale = root !== rangesRoot.current || ranges.current.some((range) => range?.collapsed);
    if (stale && root) {
      ranges.current = sentenceRanges(root, sentences);
      rangesRoot.current = root;
    }
    return ranges.current;
  }, [sentences]);

  useEffect(() => {
    return () => {
      CSS.highlights?.delete(HIGHLIGHT);
    };
  }, []);

  const follow = useCallback(() => {
    const player = audio.current;
    if (!player) return;
    const index = sentenceAtTime(sentences, player.currentTime);
    setCurrent(index);
    const range = sentenceRangesNow()[index];
    if (!CSS.highlights) return;
    if (range) CSS.highlights.set(HIGHLIGHT, new Highlight(range));
    else CSS.highlights.delete(HIGHLIGHT);
  }, [sentences, sentenceRangesNow]);

  const playFrom = useCallback(
    (index: number) => {
      const player = audio.current;
      if (!player) return;
      player.currentTime = sentences[index]?.start ?? 0;
      follow();
      player.play().catch(() => {});
    },
    [sentences, follow],
  );

  // In click-to-play mode a click on the text (or Enter on a word) seeks instead of opening the dictionary.
  useEffect(() => {
    const root = readerText();
    if (!root || !clickToPlay) return;
    const seekTo = (event: Event, target: Node) => {
      const index = sentenceRangesNow().findIndex((range) => range?.intersectsNode(target));
      if (index < 0) return;
      event.stopPropagation();
      event.preventDefault();
      playFrom(index);
    };
    const onClick = (event: MouseEvent) => seekTo(event, event.target as Node);
    const onKeyDown = (event: KeyboardEvent) => {
      const word = (event.target as HTMLElement).closest('.word');
      if (event.key === 'Enter' && word) seekTo(event, word);
    };
    root.addEventListener('click', onClick, true);
    root.addEventListener('keydown', onKeyDown, true);
    return () => {
      root.removeEventListener('click', onClick, true);
      root.removeEventListener('keydown', onKeyDown, true);
    };
  }, [clickToPlay, playFrom, sentenceRangesNow]);

  useEffect(() => {
    if (audio.current) audio.current.playbackRate = speed;
  }, [speed]);

  return (
    <section className="card narration" aria-label="Listen to the article">
      {/* biome-ignore lint/a11y/useMediaCaption: the text it speaks is on the page, highlighted as it goes */}
      <audio
        ref={audio}
        controls
        preload="metadata"
        src={`${API_BASE}/articles/${articleId}/audio`}
        onTimeUpdate={follow}
        onSeeked={follow}
        onRateChange={() => audio.current && setSpeed(audio.current.playbackRate)}
      />
      <div className="row">
        <fieldset className="speeds">
          <legend>Speed</legend>
          {SPEEDS.map((value) => (
            <button key={value} type="button" aria-pressed={speed === value} onClick={() => setSpeed(value)}>
              {value}×
            </button>
          ))}
        </fieldset>
        <label className="option">
          <input type="checkbox" checked={clickToPlay} onChange={(e) => setClickToPlay(e.target.checked)} />
          Click a sentence to play from it
        </label>
      </div>
      {timings.caveat ? (
        <p className="meta voice-caveat" role="note">
          {timings.caveat}
        </p>
      ) : null}
      <p className="meta" data-testid="spoken-sentence">
        {current === undefined
          ? `${sentences.length} sentences, ${Math.round(timings.duration)} s, read by ${timings.engine} (${timings.voice})`
          : `Sentence ${current + 1} of ${sentences.length}`}
      </p>
    </section>
  );
}
