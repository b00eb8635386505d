import type { MikroORM } from '@mikro-orm/postgresql';
import { Dataset } from '../datasets/dataset.entity.js';
import { NotFoundError } from '../errors.js';
import { Stream } from './stream.entity.js';
import { localStream, proxyStream, type LiveStream, type LiveStreamMethod } from './live-stream.js';
import { OwnerUnavailableError, remoteStream } from './remote-stream.js';
import { StreamRuntime, type RuntimeDeps } from './stream-runtime.js';

export interface ClusterSettings {
  processId: string;
  /** How the other processes reach this one. */
  url: string;
  ownerTtlMs: number;
}

/**
 * The live streams, opened on first use. Each stream's in-loop model lives in exactly one
 * runtime. In cluster mode a stream belongs to the process holding its `stream_owner` row
 * (renewed by heartbeats); the other processes forward to it, and take it over (latest snapshot
 * plus the answers after it) once its heartbeat is older than the TTL. At shutdown every runtime
 * saves a snapshot and gives its streams up.
 */
export class StreamRegistry {
  private readonly runtimes = new Map<number, Promise<StreamRuntime>>();
  private readonly remotes = new Map<number, LiveStream>();
  private readonly ids = new Map<string, number>();
  private readonly heartbeat?: NodeJS.Timeout;

  constructor(
    private readonly orm: MikroORM,
    private readonly deps: RuntimeDeps,
    private readonly cluster?: ClusterSettings,
  ) {
    if (cluster) {
      this.heartbeat = setInterval(() => {
        void deps.pool
          .query(`update stream_owner set heartbeat_at = now() where process_id = $1`, [
            cluster.processId,
          ])
          .catch((error: unknown) => deps.logger.error({ err: error }, 'stream heartbeat failed'));
      }, cluster.ownerTtlMs / 3);
      this.heartbeat.unref();
    }
  }

  /** A stream, live here or forwarded to the process that owns it. */
  get(streamId: number): Promise<LiveStream> {
    if (!this.cluster) return this.local(streamId).then(localStream);
    return Promise.resolve(this.clustered(streamId));
  }

  /** The stream's runtime in this process; cluster mode: only once this process owns it. */
  local(streamId: number): Promise<StreamRuntime> {
    let runtime = this.runtimes.get(streamId);
    if (!runtime) {
      runtime = this.open(streamId);
      this.runtimes.set(streamId, runtime);
      runtime.catch(() => this.runtimes.delete(streamId));
    }
    return runtime;
  }

  /** The live stream with this name (names never change, so ids are cached). */
  async byName(name: string): Promise<LiveStream> {
    let id = this.ids.get(name);
    if (id === undefined) {
      const stream = await this.orm.em.fork().findOne(Stream, { name }, { fields: ['id'] });
      if (!stream) throw new NotFoundError('stream', name);
      this.ids.set(name, (id = stream.id));
    }
    return this.get(id);
  }

  /** Whether this process owns the stream now (the forwarding endpoint serves only those). */
  async owns(streamId: number): Promise<boolean> {
    if (!this.cluster) return true;
    const { rows } = await this.deps.pool.query<{ process_id: string }>(
      `select process_id from stream_owner where stream_id = $1`,
      [streamId],
    );
    return rows[0]?.process_id === this.cluster.processId && this.runtimes.has(streamId);
  }

  /**
   * A stream in cluster mode: each call goes to the current owner, claiming the stream for this
   * process when it has none (or a dead one), and retrying while an owner is being replaced.
   */
  private clustered(streamId: number): LiveStream {
    const owner = async (): Promise<LiveStream> => {
      if (this.runtimes.has(streamId)) return localStream(await this.local(streamId));
      const cached = this.remotes.get(streamId);
      if (cached) return cached;
      const cluster = this.cluster!;
      const { rows } = await this.deps.pool.query<{ process_id: string; url: string }>(
        `insert into stream_owner (stream_id, process_id, url, heartbeat_at) values ($1, $2, $3, now())
         on conflict (stream_id) do update set process_id = excluded.process_id, url = excluded.url, heartbeat_at = now()
           where stream_owner.process_id = excluded.process_id
              or stream_owner.heartbeat_at < now() - make_interval(secs => $4::float8 / 1000)
         returning process_id, url`,
        [streamId, cluster.processId, cluster.url, cluster.ownerTtlMs],
      );
      if (rows.length > 0) {
        this.deps.logger.info({ stream: streamId }, 'this process owns the stream now');
        return localStream(await this.local(streamId));
      }
      const current = await this.deps.pool.query<{ url: string }>(
        `select url from stream_owner where stream_id = $1`,
        [streamId],
      );
      const remote = remoteStream(streamId, current.rows[0]!.url);
      this.remotes.set(streamId, remote);
      return remote;
    };
    const call = async (method: LiveStreamMethod, args: unknown[]): Promise<unknown> => {
      const deadline = Date.now() + this.cluster!.ownerTtlMs * 2 + 5000;
      for (;;) {
        try {
          const stream = await owner();
          return await (stream[method] as (...a: unknown[]) => Promise<unknown>)(...args);
        } catch (error) {
          if (!(error instanceof OwnerUnavailableError) || Date.now() > deadline) throw error;
          this.remotes.delete(streamId);
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      }
    };
    return proxyStream(streamId, call);
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
    clearInterval(this.heartbeat);
    const runtimes = await Promise.allSettled(this.runtimes.values());
    this.runtimes.clear();
    for (const result of runtimes) if (result.status === 'fulfilled') await result.value.close();
    if (this.cluster) {
      await this.deps.pool.query(`delete from stream_owner where process_id = $1`, [
        this.cluster.processId,
      ]);
    }
  }
}
