import type { Metadata } from 'next';
import Link from 'next/link';
import type { VocabularyGroup } from '../../../contracts/api-types';
import { languageName } from '../../../contracts/article-request';
import { DeleteButton } from '../../components/delete-button';
import { apiGet } from '../../lib/api-server';

export const metadata: Metadata = { title: 'Vocabulary' };

function byLanguage(groups: VocabularyGroup[]): Map<string, VocabularyGroup[]> {
  const languages = new Map<string, VocabularyGroup[]>();
  for (const group of groups)
    languages.set(group.language, [...(languages.get(group.language) ?? []), group]);
  return languages;
}

export default async function VocabularyPage() {
  const { items } = await apiGet<{ items: VocabularyGroup[] }>('/vocabulary');
  const languages = byLanguage(items);
  return (
    <>
      <h1>Your vocabulary</h1>
      {items.length > 0 ? (
        <p className="row">
          <Link href="/review">Review the words that are due</Link>
          {/* A plain link: the browser saves the file the API names (Content-Disposition). */}
          <a className="button secondary" href="/api/opad/vocabulary/export?format=tsv" download>
            Export for Anki (TSV)
          </a>
        </p>
      ) : null}
      {items.length === 0 ? (
        <p className="card">
          No saved words yet. Open an <Link href="/articles">article</Link> and click a word to look it up and
          save it.
        </p>
      ) : null}
      {[...languages].map(([language, groups]) => (
        <section key={language} aria-labelledby={`vocab-${language}`}>
          <h2 id={`vocab-${language}`}>
            {languageName(language)} ({groups.length})
          </h2>
          <ul className="vocab-list">
            {groups.map((group) => {
              const latest = group.entries[0];
              return (
                <li key={group.lemma} className="card" data-lemma={group.lemma}>
                  <div className="row">
                    <strong lang={language}>{group.lemma}</strong>
                    {latest?.pos ? <span className="badge pos">{latest.pos}</span> : null}
                    {latest?.gender ? <span className="badge">{latest.gender}</span> : null}
                    {latest?.level ? <span className="badge level">{latest.level}</span> : null}
                    {latest?.phonetics ? (
                      <span className="meta">/{latest.phonetics.replace(/^\/|\/$/g, '')}/</span>
                    ) : null}
                    <span className="meta">
                      saved {group.count} time{group.count === 1 ? '' : 's'}
                    </span>
                  </div>
                  {group.entries.map((entry) => (
                    <div key={entry.id} className="row" style={{ justifyContent: 'space-between' }}>
                      <div>
                        <p style={{ margin: '0.3rem 0' }}>{entry.definition}</p>
                        {entry.sentence ? (
                          <p className="meta" lang={language} style={{ margin: 0 }}>
                            “{entry.sentence}”
                            {entry.articleId ? (
                              <>
                                {' '}
                                <Link href={`/articles/${entry.articleId}`}>article</Link>
                              </>
                            ) : null}
                          </p>
                        ) : null}
                      </div>
                      <DeleteButton
                        path={`/vocabulary/${entry.id}`}
                        label="Remove"
                        what={entry.word}
                        className="secondary"
                      />
                    </div>
                  ))}
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </>
  );
}
