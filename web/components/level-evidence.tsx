import type { ArticleLevel } from '../../contracts/api-types';

const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)} %`);

const VERDICT: Record<ArticleLevel['verdict'], string> = {
  'at-level': 'at the level you asked for',
  'too-hard': 'harder than the level you asked for',
  'too-easy': 'easier than the level you asked for',
  'report-only': 'an estimate',
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
      {level.trusted === false ? (
        <p className="meta caveat">
          The level check has not yet proved itself on texts levelled by teachers in this language, so this
          level is only an estimate: the text was not revised to fit it and no word is marked as rare.
        </p>
      ) : null}
      {level.drivers && level.drivers.length > 0 ? (
        <div className="meta">
          What the check saw:
          <ul className="level-drivers">
            {level.drivers.map((driver) => (
              <li key={driver}>{driver}</li>
            ))}
          </ul>
        </div>
      ) : null}
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
