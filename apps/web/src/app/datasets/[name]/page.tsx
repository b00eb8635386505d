import type { Metadata } from 'next';
import { DatasetPage } from '../../../features/datasets/dataset-page';

interface Props {
  params: Promise<{ name: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { name } = await params;
  return { title: decodeURIComponent(name) };
}

export default async function Page({ params }: Props) {
  const { name } = await params;
  return <DatasetPage name={decodeURIComponent(name)} />;
}
