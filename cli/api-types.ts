/** The API's JSON as the CLI reads it (see ../shared/DESIGN.md, "HTTP API"); dates arrive as ISO strings. */
export type { GenerationProgress, StageError, StageName, StageProgress } from '../workflows/types';

export interface Accepted {
  articleId: string;
  jobId: string;
  status: string;
}

export interface SignedIn {
  user: { id: string; email: string };
  token: string;
  expiresAt?: string;
}

export interface ArticleView {
  id: string;
  jobId: string;
  language: string;
  level: string;
  length: number;
  topic: string;
  status: string;
  stage: string | null;
  title: string | null;
  source: { outlet: string | null; title: string | null; url: string; date: string | null } | null;
  error: { type?: string; message?: string; stage?: string } | null;
  createdAt: string;
  updatedAt: string;
}

export interface ArticlePage {
  items: ArticleView[];
  total: number;
  limit: number;
  offset: number;
}

export interface ApiErrorBody {
  code: string;
  message: string;
  details?: unknown;
}
