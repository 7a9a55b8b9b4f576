import { splitArticleMarkdown } from '../../activities/markdown';
import { SerperNewsSearch } from '../../activities/search/news-search';
import { type BlobStore, openBlobStore } from '../../activities/storage';
import type { NarrationSettings } from '../../config/env';
import { loadConfig } from '../../config/env';
import { BaselineLlm } from './llm';

/** What the baselines' steps run on: the same clients and stores opad's activities get, minus the database. */
export interface StepDeps {
  llm: BaselineLlm;
  search: SerperNewsSearch;
  blobs: BlobStore;
  maxCandidates: number;
  /** espeak-ng and opusenc, as opad's worker finds them (NARRATION_ESPEAK, NARRATION_OPUSENC). */
  narration: NarrationSettings;
}

/**
 * Blob keys produced so far; each step adds its own and passes the lot on. `levelReports` lists the level
 * check's passes in order, as opad's workflow hands them to upload.
 */
export type StepKeys = Record<string, string | string[]>;

export async function stepDepsFromEnv(): Promise<StepDeps> {
  const need = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set`);
    return value;
  };
  return {
    llm: new BaselineLlm({ apiKey: need('OPENAI_API_KEY'), baseUrl: need('OPENAI_BASE_URL') }),
    search: new SerperNewsSearch({ apiKey: need('SERPER_API_KEY'), baseUrl: need('SERPER_BASE_URL') }),
    blobs: await openBlobStore({ backend: 'fs', dir: need('BLOB_DIR') }),
    maxCandidates: Number(process.env.RESEARCH_MAX_CANDIDATES ?? 6),
    narration: loadConfig().narration,
  };
}

/** The one blob key a step stored under `name`; a missing one is a bug in the chain of steps. */
export function blobKey(keys: StepKeys, name: string): string {
  const key = keys[name];
  if (typeof key !== 'string') throw new Error(`no ${name} blob from the steps before`);
  return key;
}

export async function readJsonAt<T>(deps: StepDeps, key: string): Promise<T> {
  return JSON.parse((await deps.blobs.get(key)).toString('utf8')) as T;
}

/** A stored article (draft, adapted text) split into its headline, source block and body. */
export async function readArticleAt(deps: StepDeps, key: string) {
  return splitArticleMarkdown((await deps.blobs.get(key)).toString('utf8'));
}
