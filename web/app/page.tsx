import { GenerateForm } from '../components/generate-form';
import { type Today, TodayPanel } from '../components/today-panel';
import { apiGet } from '../lib/api-server';
import { requireSession } from '../lib/session';

export default async function GeneratePage() {
  await requireSession();
  const today = await apiGet<Today>('/today');
  return (
    <>
      <TodayPanel today={today} />
      <h1>New article</h1>
      <p className="meta">
        opad finds recent news on your topic and rewrites it for your level. It takes a minute or two; you can
        watch every step.
      </p>
      <GenerateForm />
    </>
  );
}
