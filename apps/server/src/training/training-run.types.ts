import { Field, Float, Int, ObjectType } from 'type-graphql';

/** GraphQL types of a run's scores, typed for charts; the raw JSON fields stay beside them. */

@ObjectType({ description: "One label's eval scores." })
export class LabelScore {
  @Field(() => String)
  label!: string;

  @Field(() => Float)
  precision!: number;

  @Field(() => Float)
  recall!: number;

  @Field(() => Float)
  f1!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'Textcat: ROC AUC of the probability; null when the eval data has one class.',
  })
  auc?: number | null;
}

@ObjectType({ description: 'One finished epoch: training loss and eval scores.' })
export class TrainingEpoch {
  @Field(() => Int, { description: 'From 1, within its share of the data.' })
  epoch!: number;

  @Field(() => Float, {
    description: 'Share of the training data this epoch learnt from (below 1 only in curve mode).',
  })
  fraction!: number;

  @Field(() => Float, { description: "Summed loss of the epoch's examples before their update." })
  loss!: number;

  @Field(() => Float, { description: 'Micro (NER) or macro (textcat) average over labels.' })
  precision!: number;

  @Field(() => Float)
  recall!: number;

  @Field(() => Float)
  f1!: number;

  @Field(() => Float, { nullable: true, description: 'Textcat: share of correct decisions.' })
  accuracy?: number | null;

  @Field(() => Float)
  seconds!: number;

  @Field(() => [LabelScore])
  perLabel!: LabelScore[];
}

@ObjectType({ description: 'The best eval scores of a run on a share of the training data.' })
export class CurvePoint {
  @Field(() => Float, { description: '0.25, 0.5, 0.75 or 1.' })
  fraction!: number;

  @Field(() => Int, { description: 'Training examples in that share.' })
  examples!: number;

  @Field(() => Float)
  precision!: number;

  @Field(() => Float)
  recall!: number;

  @Field(() => Float)
  f1!: number;
}

@ObjectType({ description: 'What a training run can use on this server.' })
export class TrainingOptions {
  @Field(() => [String], {
    description: 'Word vectors installed here, for StartTrainingInput.vectors.',
  })
  vectors!: string[];
}
