import type { MikroORM } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { Dataset } from '../datasets/dataset.entity.js';
import { NotFoundError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { PubSub } from '../pubsub.js';
import { Stream } from './stream.entity.js';
import { StreamRuntime } from './stream-runtime.js';

/**
 * The live streams of this process, opened on first use. Each stream's in-loop model lives in
 * exactly one runtime; at shutdown every runtime saves a snapshot.
 */
export class StreamRegistry {
  private readonly runtimes = new Map<number, Promise<StreamRuntime>>();
  private readonly ids = new Map<string, number>();

  constructor(
    private readonly orm: MikroORM,
    private readonly deps: { pool: pg.Pool; pubsub: PubSub; logger: Logger; leaseMs: number },
  ) {}

  get(streamId: number): Promise<StreamRuntime> {
    let runtime = this.runtimes.get(streamId);
    if (!runtime) {
      runtime = this.open(streamId);
      this.runtimes.set(streamId, runtime);
      runtime.catch(() => this.runtimes.delete(streamId));
    }
    return runtime;
  }

  /** The runtime of the stream with this name (names never change, so ids are cached). */
  async byName(name: string): Promise<StreamRuntime> {
    let id = this.ids.get(name);
    if (id === undefined) {
      const stream = await this.orm.em.fork().findOne(Stream, { name }, { fields: ['id'] });
      if (!stream) throw new NotFoundError('stream', name);
      this.ids.set(name, (id = stream.id));
    }
    return this.get(id);
  }

  private async open(streamId: number): Promise<StreamRuntime> {
    const em = this.orm.em.fork();
    const stream = await em.findOne(Stream, { id: streamId }, { populate: ['dataset'] });
    if (!stream) throw new NotFoundError('stream', String(streamId));
    const excluded =
      stream.exclude.length > 0 ? await em.find(Dataset, { name: { $in: stream.exclude } }) : [];
    return StreamRuntime.open(
      {
        id: stream.id,
        datasetId: stream.dataset.id,
        datasetKind: stream.dataset.kind,
        sourceId: stream.source?.id,
        reviewDatasetId: stream.reviewOf?.id,
        recipe: stream.recipe,
        labels: stream.labels,
        exclusive: stream.exclusive,
        patterns: stream.patterns,
        sorter: stream.sorter,
        routing: stream.routing,
        annotationsPerTask: stream.annotationsPerTask,
        excludeDatasetIds: excluded.map((d) => d.id),
        snapshotEvery: stream.snapshotEvery,
        baseModelVersionId: stream.baseModelVersionId,
      },
      this.deps,
    );
  }

  async closeAll(): Promise<void> {
    const runtimes = await Promise.allSettled(this.runtimes.values());
    this.runtimes.clear();
    for (const result of runtimes) if (result.status === 'fulfilled') await result.value.close();
  }
}
