import { DatasetsOverview } from '../features/datasets/datasets-overview';
import { SourceList } from '../features/sources/source-list';

export default function HomePage() {
  return (
    <>
      <DatasetsOverview />
      <SourceList />
    </>
  );
}
