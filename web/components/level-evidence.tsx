import type { ArticleLevel } from '../../contracts/api-types';

const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)} %`);

const VERDICT: Record<ArticleLevel['verdict'], string> = {
  'at-level': 'at the level you asked for',
  'too-hard': 'harder than the level you asked for',
  'too-easy': 'easier than the level you asked for',
};

/** The measured level beside the requested one, and how much of the text this learner already knows. */
export function LevelEvidence({
  level,
}: {
  level: ArticleLevel & { knownShare: number; knownBand: number };
}) {
  const revisions = level.passes.length - 1;
  return (
    <section className="level-evidence card" aria-label="Level check">
      <p className="row">
        <span>
          Asked for <span className="badge level">{level.requested}</span>
        </span>
        <span>
          Measured <span className={`badge level measured ${level.verdict}`}>{level.measured}</span>
        </span>
        <span className="meta">
          {VERDICT[level.verdict]} (score {level.score.toFixed(1)} of 6
          {level.calibrated ? '' : ', not calibrated for this language'})
        </span>
      </p>
      <p className="meta">
        You know about <strong>{percent(level.knownShare)}</strong> of its words (your saved words and the{' '}
        {level.knownBand.toLocaleString('en')} most frequent words a {level.requested} reader knows).{' '}
        {level.outOfBand.length > 0 ? (
          <>
            The rarest words beyond that are <span className="word rare">underlined</span>.
          </>
        ) : null}{' '}
        {revisions > 0
          ? `The check sent the text back to be simplified ${revisions === 1 ? 'once' : `${revisions} times`}.`
          : ''}
      </p>
    </section>
  );
}
