import Link from 'next/link';

export default function NotFound() {
  return (
    <>
      <h1>Not found</h1>
      <p>
        There is nothing here, or it belongs to another account. <Link href="/articles">Your articles</Link>
      </p>
    </>
  );
}
