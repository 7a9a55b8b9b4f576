import type { BlobStore } from '../../activities/storage';
import { STAGES, type StageName } from '../../workflows/types';

/** Finished stages per article. A stage writes its manifest last, so a manifest means every output is there. */
export async function finishedStages(blobs: BlobStore): Promise<Map<string, StageName[]>> {
  const finished = new Map<string, StageName[]>();
  for (const key of await blobs.list('articles/')) {
    const [, articleId, stage, , file] = key.split('/');
    if (file !== 'stage.json' || !articleId) continue;
    finished.set(articleId, [...(finished.get(articleId) ?? []), stage as StageName]);
  }
  return finished;
}

/** Exactly one manifest per stage and one published article per generation: nothing stored twice. */
export async function expectOneSetOfOutputs(blobs: BlobStore, articleIds: string[]): Promise<void> {
  const finished = await finishedStages(blobs);
  for (const articleId of articleIds) {
    expect({ articleId, stages: [...(finished.get(articleId) ?? [])].sort() }).toEqual({
      articleId,
      stages: [...STAGES].sort(),
    });
    const published = await blobs.list(`articles/${articleId}/`);
    expect(published.filter((key) => /\/(article\.md|meta\.json)$/.test(key))).toEqual([
      `articles/${articleId}/article.md`,
      `articles/${articleId}/meta.json`,
    ]);
  }
}
