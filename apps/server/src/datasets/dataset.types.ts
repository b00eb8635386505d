import { AnswerKind, DatasetKind } from '@chorus/schema';
import { ArrayMaxSize, Length, MaxLength } from 'class-validator';
import { ArgsType, Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { connectionType, PageArgs } from '../graphql/connection.js';
import { Annotation } from './annotation.entity.js';
import { Dataset } from './dataset.entity.js';

registerEnumType(DatasetKind, { name: 'DatasetKind', description: 'What a dataset annotates.' });
registerEnumType(AnswerKind, { name: 'Answer', description: "An annotator's answer to a task." });

@InputType()
export class CreateDatasetInput {
  @Field(() => String)
  @Length(1, 100)
  name!: string;

  @Field(() => DatasetKind)
  kind!: DatasetKind;

  @Field(() => [String], { defaultValue: [] })
  @ArrayMaxSize(1000)
  labels!: string[];

  @Field(() => String, { nullable: true })
  @MaxLength(10_000)
  description?: string;
}

@ArgsType()
export class AnnotationsArgs extends PageArgs {
  @Field(() => AnswerKind, { nullable: true })
  answer?: AnswerKind;

  @Field(() => String, { nullable: true, description: 'Only the answers of this session.' })
  session?: string;
}

@ObjectType()
export class AnswerCount {
  @Field(() => AnswerKind)
  answer!: AnswerKind;

  @Field(() => Int)
  count!: number;
}

@ObjectType()
export class LabelCount {
  @Field(() => String)
  label!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType()
export class SessionCount {
  @Field(() => String, { nullable: true })
  session!: string | null;

  @Field(() => Int)
  count!: number;
}

@ObjectType('DatasetCounts')
export class DatasetCountsType {
  @Field(() => Int)
  total!: number;

  @Field(() => [AnswerCount])
  byAnswer!: AnswerCount[];

  @Field(() => [LabelCount], {
    description: 'Answers naming each label (task label, span labels, cats).',
  })
  byLabel!: LabelCount[];

  @Field(() => [SessionCount])
  bySession!: SessionCount[];
}

export const DatasetConnection = connectionType(Dataset, 'Dataset');
export const AnnotationConnection = connectionType(Annotation, 'Annotation');
