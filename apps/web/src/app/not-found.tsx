import Link from 'next/link';

export default function NotFound() {
  return (
    <section aria-labelledby="not-found-heading">
      <h1 id="not-found-heading">Page not found</h1>
      <p>There is no page at this address.</p>
      <ul>
        <li>
          <Link href="/#datasets">Datasets</Link>
        </li>
        <li>
          <Link href="/#streams">Streams</Link>
        </li>
        <li>
          <Link href="/#sources">Sources</Link>
        </li>
      </ul>
    </section>
  );
}
