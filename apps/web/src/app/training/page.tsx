import type { Metadata } from 'next';
import { TrainingDashboard } from '../../features/training/training-dashboard';

export const metadata: Metadata = { title: 'Training' };

export default function Page() {
  return <TrainingDashboard />;
}
