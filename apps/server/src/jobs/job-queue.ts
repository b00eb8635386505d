import PgBoss from 'pg-boss';
import type { Logger } from '../logger.js';

export const TRAINING_QUEUE = 'training';

export interface TrainingJob {
  runId: number;
}

/**
 * Long work goes through a PostgreSQL-backed queue (pg-boss), so it survives restarts, is retried
 * when a worker dies, and can be taken by worker processes on other machines.
 */
export class JobQueue {
  private constructor(private readonly boss: PgBoss) {}

  static async start(
    connectionString: string,
    logger: Logger,
    timing: { jobTimeoutS: number; maintenanceS: number },
  ): Promise<JobQueue> {
    const boss = new PgBoss({
      connectionString,
      max: 3,
      supervise: true,
      schedule: false,
      maintenanceIntervalSeconds: timing.maintenanceS,
      monitorStateIntervalSeconds: timing.maintenanceS,
    });
    boss.on('error', (error) => logger.error({ err: error }, 'job queue error'));
    await boss.start();
    await boss.createQueue(TRAINING_QUEUE, {
      name: TRAINING_QUEUE,
      // A worker that dies mid-run leaves its job to expire; it is then retried elsewhere.
      retryLimit: 2,
      retryDelay: 1,
      expireInSeconds: timing.jobTimeoutS,
    });
    return new JobQueue(boss);
  }

  enqueueTraining(job: TrainingJob): Promise<string | null> {
    return this.boss.send(TRAINING_QUEUE, job);
  }

  cancel(jobId: string): Promise<void> {
    return this.boss.cancel(TRAINING_QUEUE, jobId);
  }

  async workTraining(handler: (job: TrainingJob) => Promise<void>): Promise<void> {
    await this.boss.work<TrainingJob>(
      TRAINING_QUEUE,
      { batchSize: 1, pollingIntervalSeconds: 0.5 },
      async ([job]) => {
        await handler(job!.data);
      },
    );
  }

  stop(): Promise<void> {
    return this.boss.stop({ graceful: true, wait: true, timeout: 5000 });
  }
}
