import type { Span as EngineSpan, Token as EngineToken } from '@chorus/engine';
import { AnswerKind, ViewId } from '@chorus/schema';
import { JSONObjectResolver, SafeIntResolver } from 'graphql-scalars';
import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import type {
  ReviewVersion as StreamReviewVersion,
  TaskView as StreamTaskView,
} from './stream-task.js';

registerEnumType(ViewId, {
  name: 'TaskView',
  description: "How a task is shown, and so how its answer is learnt from (Prodigy's `_view_id`).",
});

@ObjectType({ description: "One token, in Prodigy's format." })
export class Token implements EngineToken {
  @Field(() => String)
  text!: string;

  @Field(() => Int, { description: 'Character offset of its first character.' })
  start!: number;

  @Field(() => Int, { description: 'Character offset after its last character.' })
  end!: number;

  @Field(() => Int)
  id!: number;

  @Field(() => Boolean, { description: 'Whether a space follows it.' })
  ws!: boolean;
}

@ObjectType({
  description:
    'A labelled span: character offsets (end exclusive) and token indices (end inclusive).',
})
export class Span implements Omit<EngineSpan, 'token_start' | 'token_end'> {
  @Field(() => Int)
  start!: number;

  @Field(() => Int)
  end!: number;

  @Field(() => String)
  label!: string;

  // Prodigy's `token_start`/`token_end`; absent when the text came without tokens.
  @Field(() => Int, { name: 'tokenStart', nullable: true })
  token_start?: number;

  @Field(() => Int, { name: 'tokenEnd', nullable: true })
  token_end?: number;
}

@ObjectType({ description: 'One option of a choice task.' })
export class ChoiceOption {
  @Field(() => String, { description: 'What an answer accepts.' })
  id!: string;

  @Field(() => String, { description: 'What the annotator reads.' })
  text!: string;
}

@ObjectType({ description: 'What one session last answered to a question under review.' })
export class ReviewVersion implements StreamReviewVersion {
  @Field(() => String, { nullable: true })
  session!: string | null;

  @Field(() => AnswerKind)
  answer!: AnswerKind;

  @Field(() => [Span], { nullable: true, description: 'Manual answers: the spans marked.' })
  spans?: EngineSpan[];

  @Field(() => [String], { nullable: true, description: 'Choice answers: the options accepted.' })
  accept?: string[];
}

@ObjectType({ description: 'A question for one session, with what the model thinks of it.' })
export class Task implements StreamTaskView {
  @Field(() => SafeIntResolver, { description: 'Prodigy `_task_hash`; answer with it.' })
  taskHash!: number;

  @Field(() => SafeIntResolver)
  inputHash!: number;

  @Field(() => JSONObjectResolver, {
    description: "The task in Prodigy's format; send it back with the answer.",
  })
  task!: Record<string, unknown>;

  @Field(() => String)
  text!: string;

  @Field(() => [Token], { nullable: true })
  tokens!: EngineToken[] | null;

  @Field(() => [Span], {
    nullable: true,
    description: 'The spans asked about (ner), pre-filled (ner_manual) or under review.',
  })
  spans!: EngineSpan[] | null;

  @Field(() => String, { nullable: true, description: 'The label asked about (classification).' })
  label!: string | null;

  @Field(() => [ChoiceOption], { nullable: true })
  options!: { id: string; text: string }[] | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Choice tasks: the option ids ticked when the task is shown.',
  })
  accept!: string[] | null;

  @Field(() => JSONObjectResolver, {
    nullable: true,
    description: "The input's meta (and the pattern that proposed the task): show it as text.",
  })
  meta!: Record<string, unknown> | null;

  @Field(() => ViewId)
  view!: ViewId;

  @Field(() => [ReviewVersion], {
    nullable: true,
    description: "Review tasks: each session's latest answer.",
  })
  reviews!: StreamReviewVersion[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Review tasks: whether the sessions disagree.',
  })
  conflict!: boolean | null;

  @Field(() => Float, { description: "The model's probability for the question." })
  score!: number;

  @Field(() => Float)
  priority!: number;

  @Field(() => Int, {
    description: 'Answers the in-loop model had learnt when it scored the task.',
  })
  scoredAt!: number;

  @Field(() => String, { nullable: true, description: 'The pattern that proposed the task.' })
  pattern!: string | null;
}
