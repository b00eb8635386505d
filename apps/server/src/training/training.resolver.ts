import { ArrayMaxSize, Max, Min } from 'class-validator';
import {
  Arg,
  Args,
  Ctx,
  Field,
  Float,
  ID,
  InputType,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
  Subscription,
} from 'type-graphql';
import { Topic, type TrainingRunPayload } from '../events.js';
import { connectionType, PageArgs } from '../graphql/connection.js';
import type { Context } from '../graphql/context.js';
import { TrainingRun } from './training-run.entity.js';
import {
  cancelTrainingRun,
  findTrainingRun,
  listTrainingRuns,
  startTrainingRun,
} from './training.service.js';

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
}

const TrainingRunConnection = connectionType(TrainingRun, 'TrainingRun');

@Resolver(() => TrainingRun)
export class TrainingResolver {
  @Mutation(() => TrainingRun, {
    description: 'Queues batch training; follow it with the trainingRunEvents subscription.',
  })
  startTrainingRun(
    @Arg('input', () => StartTrainingInput) input: StartTrainingInput,
    @Ctx() { em, jobs }: Context,
  ) {
    return startTrainingRun(em, jobs.queue, input);
  }

  @Mutation(() => TrainingRun)
  cancelTrainingRun(@Arg('id', () => ID) id: string, @Ctx() { em, jobs }: Context) {
    return cancelTrainingRun(em, jobs.queue, jobs.trainer, Number(id));
  }

  @Query(() => TrainingRun)
  trainingRun(@Arg('id', () => ID) id: string, @Ctx() { em }: Context) {
    return findTrainingRun(em, Number(id));
  }

  @Query(() => TrainingRunConnection)
  trainingRuns(@Args(() => PageArgs) { first, after }: PageArgs, @Ctx() { em }: Context) {
    return listTrainingRuns(em, first, after);
  }

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
