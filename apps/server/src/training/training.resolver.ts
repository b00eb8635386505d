import { ArrayMaxSize, Max, MaxLength, Min } from 'class-validator';
import {
  Arg,
  Args,
  Ctx,
  Field,
  FieldResolver,
  Float,
  ID,
  InputType,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
  Subscription,
  Authorized,
} from 'type-graphql';
import { Topic, type TrainingRunPayload } from '../events.js';
import { connectionType, PageArgs } from '../graphql/connection.js';
import type { Context } from '../graphql/context.js';
import { bestEpoch, elapsedSeconds, runCurve, runEpochs, type RunScores } from './run-scores.js';
import { TrainingRun } from './training-run.entity.js';
import { CurvePoint, LabelScore, TrainingEpoch, TrainingOptions } from './training-run.types.js';
import {
  cancelTrainingRun,
  findTrainingRun,
  listTrainingRuns,
  startTrainingRun,
} from './training.service.js';
import { installedVectors } from './word-vectors.js';
import { can } from '../users/access.js';
import { UserRole } from '../users/user-role.js';

@InputType()
export class StartTrainingInput {
  @Field(() => [String])
  @ArrayMaxSize(50)
  datasets!: string[];

  @Field(() => String, {
    nullable: true,
    description: 'Evaluate on this dataset instead of a split.',
  })
  evalDataset?: string;

  @Field(() => Float, {
    nullable: true,
    description: 'Share of inputs held out, chosen by input hash (default 0.2).',
  })
  evalSplit?: number;

  @Field(() => Int, { nullable: true })
  @Min(1)
  @Max(200)
  epochs?: number;

  @Field(() => Int, { nullable: true })
  seed?: number;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Also train on 25, 50 and 75 % of the data.',
  })
  curve?: boolean;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Textcat: one softmax over the labels (true) or independent labels (false); null detects it from the data (one-hot over two or more labels is exclusive).',
  })
  exclusive?: boolean | null;

  @Field(() => String, {
    nullable: true,
    description: 'Add word vectors as features: one of trainingOptions.vectors.',
  })
  @MaxLength(100)
  vectors?: string | null;
}

const TrainingRunConnection = connectionType(TrainingRun, 'TrainingRun');

@Resolver(() => TrainingRun)
export class TrainingResolver {
  @Authorized(can(UserRole.admin))
  @Mutation(() => TrainingRun, {
    description: 'Queues batch training; follow it with the trainingRunEvents subscription.',
  })
  startTrainingRun(
    @Arg('input', () => StartTrainingInput) input: StartTrainingInput,
    @Ctx() { em, jobs }: Context,
  ) {
    return startTrainingRun(em, jobs.queue, input);
  }

  @Authorized(can(UserRole.admin))
  @Mutation(() => TrainingRun)
  cancelTrainingRun(@Arg('id', () => ID) id: string, @Ctx() { em, jobs }: Context) {
    return cancelTrainingRun(em, jobs.queue, jobs.trainer, Number(id));
  }

  @Authorized(can(UserRole.viewer))
  @Query(() => TrainingRun)
  trainingRun(@Arg('id', () => ID) id: string, @Ctx() { em }: Context) {
    return findTrainingRun(em, Number(id));
  }

  @Authorized(can(UserRole.viewer))
  @Query(() => TrainingRunConnection)
  trainingRuns(@Args(() => PageArgs) { first, after }: PageArgs, @Ctx() { em }: Context) {
    return listTrainingRuns(em, first, after);
  }

  @Authorized(can(UserRole.viewer))
  @Query(() => TrainingOptions)
  async trainingOptions(): Promise<TrainingOptions> {
    return { vectors: await installedVectors() };
  }

  @FieldResolver(() => [TrainingEpoch], {
    description:
      'Every finished epoch, typed: the same data as progress (`epochs` is how many the run asked for).',
  })
  epochResults(@Root() run: RunScores): TrainingEpoch[] {
    return runEpochs(run);
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description: 'The epoch whose model is kept (while running: the best full-data epoch so far).',
  })
  bestEpoch(@Root() run: RunScores): number | null {
    return bestEpoch(run)?.epoch ?? null;
  }

  @FieldResolver(() => [LabelScore], {
    nullable: true,
    description: "The best epoch's scores per label.",
  })
  scores(@Root() run: RunScores): LabelScore[] | null {
    return bestEpoch(run)?.perLabel ?? null;
  }

  @FieldResolver(() => [CurvePoint], {
    nullable: true,
    description:
      'Curve mode, once succeeded: the best scores on 25, 50, 75 and 100 % of the data (`curve` says whether the run is in that mode).',
  })
  learningCurve(@Root() run: RunScores): CurvePoint[] | null {
    return runCurve(run);
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description: 'Seconds since the run started, or from start to end once it has ended.',
  })
  elapsedSeconds(@Root() run: RunScores): number | null {
    return elapsedSeconds(run);
  }

  @Authorized(can(UserRole.viewer))
  @Subscription(() => TrainingRun, {
    topics: Topic.TRAINING_RUN,
    topicId: ({ args }) => String(args.id),
    description: 'A training run as it changes: every epoch, then its end.',
  })
  trainingRunEvents(
    @Arg('id', () => ID) _id: string,
    @Root() run: TrainingRunPayload,
  ): TrainingRunPayload {
    return run;
  }
}
