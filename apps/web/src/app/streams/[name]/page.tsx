import type { Metadata } from 'next';
import { Suspense } from 'react';
import { AnnotatePage } from '../../../features/annotate/annotate-page';

interface Props {
  params: Promise<{ name: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { name } = await params;
  return { title: `Annotate ${decodeURIComponent(name)}` };
}

export default async function Page({ params }: Props) {
  const { name } = await params;
  return (
    <Suspense>
      <AnnotatePage name={decodeURIComponent(name)} />
    </Suspense>
  );
}
