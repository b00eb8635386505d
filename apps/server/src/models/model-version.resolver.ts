import { JSONObjectResolver } from 'graphql-scalars';
import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../graphql/context.js';
import { connectionType, PageArgs } from '../graphql/connection.js';
import { findStream } from '../streams/stream.service.js';
import { Stream } from '../streams/stream.entity.js';
import { ModelVersion } from './model-version.entity.js';
import { findModelVersion, listModelVersions } from './model-version.service.js';

const ModelVersionConnection = connectionType(ModelVersion, 'ModelVersion');

@Resolver(() => ModelVersion)
export class ModelVersionResolver {
  @Query(() => ModelVersionConnection, { description: 'Every model version, oldest first.' })
  modelVersions(@Args(() => PageArgs) { first, after }: PageArgs, @Ctx() { em }: Context) {
    return listModelVersions(em, first, after);
  }

  @Query(() => ModelVersion)
  modelVersion(@Arg('id', () => ID) id: string, @Ctx() { em }: Context) {
    return findModelVersion(em, Number(id));
  }

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

  @Mutation(() => Stream, {
    description: "Replaces a stream's in-loop model with a version; the stream goes on from it.",
  })
  async setStreamModel(
    @Arg('stream', () => String) name: string,
    @Arg('version', () => ID) version: string,
    @Ctx() { em, streams }: Context,
  ) {
    const stream = await findStream(em, name);
    const model = await findModelVersion(em, Number(version));
    await (await streams.byName(name)).useModelVersion(model.id);
    stream.baseModelVersionId = model.id;
    await em.flush();
    return stream;
  }
}
