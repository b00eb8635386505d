import type { Metadata } from 'next';
import { SourcePage } from '../../../features/sources/source-page';

interface Props {
  params: Promise<{ name: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { name } = await params;
  return { title: `Source ${decodeURIComponent(name)}` };
}

export default async function Page({ params }: Props) {
  const { name } = await params;
  return <SourcePage name={decodeURIComponent(name)} />;
}
