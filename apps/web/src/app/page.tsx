import { OverviewPage } from '../features/overview/overview-page';

export default function HomePage() {
  return <OverviewPage />;
}
