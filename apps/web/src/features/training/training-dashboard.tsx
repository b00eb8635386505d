'use client';

import { StartTrainingForm } from './start-training-form';
import { TrainingRunsList } from './training-runs-list';
import './training.css';

/** `/training`: the runs, live, and the form that starts one. */
export function TrainingDashboard() {
  return (
    <>
      <TrainingRunsList />
      <StartTrainingForm />
    </>
  );
}
