import type { Metadata } from 'next';
import { TrainingRunPage } from '../../../features/training/training-run-page';

interface Props {
  params: Promise<{ id: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return { title: `Training run ${decodeURIComponent(id)}` };
}

export default async function Page({ params }: Props) {
  const { id } = await params;
  return <TrainingRunPage id={decodeURIComponent(id)} />;
}
