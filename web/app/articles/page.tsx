import type { Metadata } from 'next';
import Link from 'next/link';
import type { ArticlePage } from '../../../contracts/api-types';
import { CEFR_LEVELS, LANGUAGES, languageName } from '../../../contracts/article-request';
import { DeleteButton } from '../../components/delete-button';
import { StatusBadge } from '../../components/status-badge';
import { apiGet } from '../../lib/api-server';

export const metadata: Metadata = { title: 'Articles' };

const PAGE_SIZE = 10;
const STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled'];

type Filters = { status?: string; language?: string; level?: string; page?: string };

function pick(value: string | undefined, allowed: readonly string[]): string | undefined {
  return value && allowed.includes(value) ? value : undefined;
}

function query(filters: Filters, page: number): string {
  const params = new URLSearchParams();
  for (const key of ['status', 'language', 'level'] as const) if (filters[key]) params.set(key, filters[key]);
  if (page > 1) params.set('page', String(page));
  const text = params.toString();
  return text ? `?${text}` : '';
}

function FilterSelect({
  name,
  label,
  value,
  options,
}: {
  name: string;
  label: string;
  value?: string;
  options: [string, string][];
}) {
  return (
    <div className="field">
      <label htmlFor={`filter-${name}`}>{label}</label>
      <select id={`filter-${name}`} name={name} defaultValue={value ?? ''}>
        <option value="">Any</option>
        {options.map(([optionValue, text]) => (
          <option key={optionValue} value={optionValue}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

export default async function ArticlesPage({ searchParams }: { searchParams: Promise<Filters> }) {
  const raw = await searchParams;
  const filters: Filters = {
    status: pick(raw.status, STATUSES),
    language: pick(raw.language, Object.keys(LANGUAGES)),
    level: pick(raw.level, CEFR_LEVELS),
  };
  const page = Math.max(1, Number.parseInt(raw.page ?? '1', 10) || 1);
  const params = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String((page - 1) * PAGE_SIZE) });
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  const { items, total } = await apiGet<ArticlePage>(`/articles?${params}`);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return (
    <>
      <h1>Your articles</h1>
      <form className="filters" method="get" aria-label="Filter articles">
        <FilterSelect
          name="status"
          label="Status"
          value={filters.status}
          options={STATUSES.map((s) => [s, s])}
        />
        <FilterSelect
          name="language"
          label="Language"
          value={filters.language}
          options={Object.entries(LANGUAGES)}
        />
        <FilterSelect
          name="level"
          label="Level"
          value={filters.level}
          options={CEFR_LEVELS.map((l) => [l, l])}
        />
        <button type="submit">Apply</button>
      </form>
      {items.length === 0 ? (
        <p className="card">
          No articles here yet. <Link href="/">Generate one</Link>.
        </p>
      ) : (
        <ul className="article-list">
          {items.map((article) => (
            <li key={article.id} className="card" data-article-id={article.id}>
              <div>
                <Link
                  className="title"
                  href={article.status === 'completed' ? `/articles/${article.id}` : `/jobs/${article.jobId}`}
                >
                  {article.title ?? article.topic}
                </Link>
                <div className="meta row">
                  <StatusBadge status={article.status} />
                  <span className="badge level">{article.level}</span>
                  <span>{languageName(article.language)}</span>
                  <span>{article.length} words</span>
                  <span>{new Date(article.createdAt).toLocaleDateString('en')}</span>
                </div>
              </div>
              <div className="row">
                <Link className="button secondary" href={`/jobs/${article.jobId}`}>
                  Progress
                </Link>
                <DeleteButton
                  path={`/articles/${article.id}`}
                  label="Delete"
                  what={article.title ?? article.topic}
                  confirm={`Delete "${article.title ?? article.topic}"? A generation still running is cancelled.`}
                  className="danger"
                />
              </div>
            </li>
          ))}
        </ul>
      )}
      <nav className="pagination" aria-label="Pages">
        {page > 1 ? <Link href={`/articles${query(filters, page - 1)}`}>← Newer</Link> : null}
        <span className="meta">
          Page {page} of {pages} · {total} article{total === 1 ? '' : 's'}
        </span>
        {page < pages ? <Link href={`/articles${query(filters, page + 1)}`}>Older →</Link> : null}
      </nav>
    </>
  );
}
