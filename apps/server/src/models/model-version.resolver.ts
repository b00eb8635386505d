import { JSONObjectResolver } from 'graphql-scalars';
import {
  Arg,
  Args,
  Ctx,
  FieldResolver,
  Float,
  ID,
  Mutation,
  Query,
  Resolver,
  Root,
  Authorized,
} from 'type-graphql';
import type { Context } from '../graphql/context.js';
import { connectionType, PageArgs } from '../graphql/connection.js';
import { setStreamModel } from '../streams/stream.service.js';
import { Stream } from '../streams/stream.entity.js';
import { ModelVersion } from './model-version.entity.js';
import { labelScores, type StoredMetrics } from '../training/run-scores.js';
import { LabelScore } from '../training/training-run.types.js';
import { findModelVersion, listModelVersions, versionDatasets } from './model-version.service.js';
import { can, inStream } from '../users/access.js';
import { UserRole } from '../users/user-role.js';

const ModelVersionConnection = connectionType(ModelVersion, 'ModelVersion');

@Resolver(() => ModelVersion)
export class ModelVersionResolver {
  @Authorized(can(UserRole.viewer))
  @Query(() => ModelVersionConnection, { description: 'Every model version, oldest first.' })
  modelVersions(@Args(() => PageArgs) { first, after }: PageArgs, @Ctx() { em }: Context) {
    return listModelVersions(em, first, after);
  }

  @Authorized(can(UserRole.viewer))
  @Query(() => ModelVersion)
  modelVersion(@Arg('id', () => ID) id: string, @Ctx() { em }: Context) {
    return findModelVersion(em, Number(id));
  }

  @Authorized(can(UserRole.viewer))
  @Query(() => [JSONObjectResolver], {
    description:
      "Scores texts with a version's ONNX graph: `cats` for textcat, `spans` (with marginals) for NER.",
  })
  predict(
    @Arg('version', () => ID) version: string,
    @Arg('texts', () => [String]) texts: string[],
    @Ctx() { predictor }: Context,
  ) {
    return predictor.predict(Number(version), texts);
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description: 'Eval F1 of a version published by a training run (snapshots are not scored).',
  })
  f1(@Root() version: ModelVersion): number | null {
    return (version.metrics as StoredMetrics | undefined)?.best?.f1 ?? null;
  }

  @FieldResolver(() => [LabelScore], {
    nullable: true,
    description: 'Eval scores per label of a version published by a training run.',
  })
  scores(@Root() version: ModelVersion): LabelScore[] | null {
    const best = (version.metrics as StoredMetrics | undefined)?.best;
    return best ? labelScores(best.perLabel) : null;
  }

  @FieldResolver(() => [String], {
    description: "The datasets it learnt from: its training run's, or its stream's.",
  })
  datasets(@Root() version: ModelVersion, @Ctx() { em }: Context): Promise<string[]> {
    return versionDatasets(em, version);
  }

  @Authorized(can(UserRole.admin, inStream()))
  @Mutation(() => Stream, {
    description:
      "Replaces a stream's in-loop model with a version; the stream goes on from it, and its streamEvents say model_switched.",
  })
  setStreamModel(
    @Arg('stream', () => String) name: string,
    @Arg('version', () => ID) version: string,
    @Ctx() { em, streams }: Context,
  ) {
    return setStreamModel(em, streams, name, Number(version));
  }
}
