'use client';

import { useEffect } from 'react';
import { postJson } from '../lib/api-client';

/**
 * Opening a finished article counts as reading it, for the streak. Sent once from the browser, so a link
 * prefetch or a server render never counts as a read.
 */
export function MarkRead({ articleId }: { articleId: string }) {
  useEffect(() => {
    postJson(`/articles/${articleId}/read`, {}).catch(() => {});
  }, [articleId]);
  return null;
}
