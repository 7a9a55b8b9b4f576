'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import type { GenerationProgress, LevelVerdict, StageProgress } from '../../contracts/api-types';
import { describeWaiting } from '../../contracts/waiting';
import { API_BASE, ApiError, callApi } from '../lib/api-client';
import { StatusBadge } from './status-badge';

const PASS_VERDICT: Record<LevelVerdict, string> = {
  'at-level': 'at the level',
  'too-hard': 'too hard',
  'too-easy': 'easier than asked',
  'report-only': 'estimate only, not revised (check not yet trusted for this language)',
};

const FINAL = new Set(['completed', 'failed', 'cancelled']);

function duration(stage: StageProgress, now: number): string | undefined {
  if (!stage.startedAt) return undefined;
  const end = stage.finishedAt ? Date.parse(stage.finishedAt) : now;
  return `${Math.max(0, (end - Date.parse(stage.startedAt)) / 1000).toFixed(1)} s`;
}

/** Follows the job over Server-Sent Events; the browser reconnects by itself with Last-Event-ID. */
function useLiveProgress(jobId: string, initial: GenerationProgress) {
  const [progress, setProgress] = useState(initial);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (FINAL.has(initial.status) && generation === 0) return;
    const source = new EventSource(`${API_BASE}/jobs/${encodeURIComponent(jobId)}/events`);
    const update = (event: MessageEvent) => setProgress(JSON.parse(event.data) as GenerationProgress);
    source.addEventListener('progress', update);
    source.addEventListener('end', (event) => {
      update(event as MessageEvent);
      source.close();
    });
    return () => source.close();
  }, [jobId, initial.status, generation]);
  return { progress, follow: () => setGeneration((n) => n + 1) };
}

/** The time, ticking each second while `ticking`, so "next try in" counts down between updates. */
function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [ticking]);
  return Math.max(now, Date.now());
}

export function JobProgress({
  jobId,
  articleId,
  initial,
}: {
  jobId: string;
  articleId: string;
  initial: GenerationProgress;
}) {
  const { progress, follow } = useLiveProgress(jobId, initial);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const now = useNow(progress.stages.some((stage) => stage.waiting));

  const act = async (action: 'retry' | 'cancel') => {
    setBusy(true);
    setError(undefined);
    try {
      await callApi(`/articles/${articleId}/${action}`, { method: 'POST' });
      follow();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'The request failed; try again.');
    } finally {
      setBusy(false);
    }
  };

  const running = progress.status === 'queued' || progress.status === 'running';
  return (
    <section className="card" aria-labelledby="progress-heading">
      <h2 id="progress-heading" className="row">
        Progress <StatusBadge status={progress.status} />
      </h2>
      <div
        className="progress-bar"
        role="progressbar"
        aria-label="Generation progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={progress.percent}
      >
        <div style={{ width: `${progress.percent}%` }} />
      </div>
      <p aria-live="polite">{progress.message}</p>
      {progress.error ? (
        <p className="error" role="alert">
          {progress.error.stage ? `The ${progress.error.stage} step failed: ` : ''}
          {progress.error.message}
        </p>
      ) : null}
      <ol className="stages">
        {progress.stages.map((stage) => (
          <li key={stage.name} className="stage card" data-stage={stage.name}>
            <div className="row stage-head">
              <span className="name">{stage.name}</span>
              <StatusBadge status={stage.status} />
            </div>
            <span className="meta">
              {stage.attempts > 0
                ? `${stage.attempts} attempt${stage.attempts === 1 ? '' : 's'}`
                : 'not started'}
              {duration(stage, now) ? ` · ${duration(stage, now)}` : ''}
              {stage.reused ? ' · reused from an earlier run' : ''}
              {stage.tokens.prompt + stage.tokens.completion > 0
                ? ` · ${stage.tokens.prompt + stage.tokens.completion} tokens`
                : ''}
            </span>
            {stage.waiting ? (
              <span className="waiting" role="status">
                {describeWaiting(stage.waiting, now)}
              </span>
            ) : null}
            {stage.passes?.length ? (
              <ol className="passes" aria-label="Level check passes">
                {stage.passes.map((pass) => (
                  <li key={pass.pass}>
                    Pass {pass.pass}: measured <span className="badge level">{pass.level}</span> (
                    {pass.score.toFixed(1)}) — {PASS_VERDICT[pass.verdict]}
                  </li>
                ))}
              </ol>
            ) : null}
            {stage.lastError ? (
              <span className="field-error">
                {stage.status === 'failed' ? 'Failed' : 'Last attempt failed'}: {stage.lastError.message}
              </span>
            ) : null}
          </li>
        ))}
      </ol>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="row" style={{ marginTop: '1rem' }}>
        {progress.status === 'completed' ? (
          <Link className="button" href={`/articles/${articleId}`}>
            Read the article
          </Link>
        ) : null}
        {progress.status === 'failed' || progress.status === 'cancelled' ? (
          <button type="button" disabled={busy} onClick={() => act('retry')}>
            Retry
          </button>
        ) : null}
        {running ? (
          <button type="button" className="danger" disabled={busy} onClick={() => act('cancel')}>
            Cancel
          </button>
        ) : null}
      </div>
    </section>
  );
}
