import { GenerateForm } from '../components/generate-form';
import { requireSession } from '../lib/session';

export default async function GeneratePage() {
  await requireSession();
  return (
    <>
      <h1>New article</h1>
      <p className="meta">
        opad finds recent news on your topic and rewrites it for your level. It takes a minute or two; you can
        watch every step.
      </p>
      <GenerateForm />
    </>
  );
}
