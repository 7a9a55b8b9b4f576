import { sql } from 'kysely';
import type { Db } from '../connect';

export interface StoredAnswers {
  answers: number[];
  correct: number;
  total: number;
  answeredAt: Date;
}

/** The learner's latest answers to an article's questions, if they answered. */
export async function findAnswers(
  db: Db,
  owner: string,
  articleId: string,
): Promise<StoredAnswers | undefined> {
  const row = await db
    .selectFrom('question_answers')
    .select(['answers', 'correct', 'total', 'answered_at'])
    .where('owner', '=', owner)
    .where('article_id', '=', articleId)
    .executeTakeFirst();
  return row && { answers: row.answers, correct: row.correct, total: row.total, answeredAt: row.answered_at };
}

/** Keeps the latest try: answering again replaces the score. */
export async function saveAnswers(
  db: Db,
  owner: string,
  articleId: string,
  result: { answers: number[]; correct: number; total: number },
): Promise<void> {
  await db
    .insertInto('question_answers')
    .values({
      owner,
      article_id: articleId,
      answers: JSON.stringify(result.answers),
      correct: result.correct,
      total: result.total,
    })
    .onConflict((oc) =>
      oc.columns(['owner', 'article_id']).doUpdateSet({
        answers: JSON.stringify(result.answers),
        correct: result.correct,
        total: result.total,
        answered_at: sql<Date>`now()`,
      }),
    )
    .execute();
}
