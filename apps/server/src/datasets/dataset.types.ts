import { AnswerKind, DatasetKind } from '@chorus/schema';
import { ArrayMaxSize, Length, MaxLength } from 'class-validator';
import { ArgsType, Field, Float, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { connectionType, PageArgs } from '../graphql/connection.js';
import { AgreementMethod } from './agreement.js';
import { Annotation } from './annotation.entity.js';
import { Dataset } from './dataset.entity.js';

registerEnumType(DatasetKind, { name: 'DatasetKind', description: 'What a dataset annotates.' });
registerEnumType(AnswerKind, { name: 'Answer', description: "An annotator's answer to a task." });
registerEnumType(AgreementMethod, {
  name: 'AgreementMethod',
  description: 'How an agreement figure is computed.',
  valuesConfig: {
    cohen_kappa: { description: "Cohen's kappa: exactly two annotators." },
    krippendorff_alpha: {
      description: "Krippendorff's alpha (nominal): three annotators or more.",
    },
  },
});

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
  answer?: AnswerKind | null;

  @Field(() => String, { nullable: true, description: 'Only the answers of this session.' })
  session?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Only answers naming this label: the task's label, a span's, or a cat from 0.5.",
  })
  @MaxLength(200)
  label?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Only answers whose text contains this, in any case.',
  })
  @MaxLength(200)
  search?: string | null;
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

@ObjectType({ description: 'Chance-corrected agreement between annotators on the same items.' })
export class AgreementScore {
  @Field(() => AgreementMethod)
  method!: AgreementMethod;

  @Field(() => Float, {
    description: '1 is perfect agreement, 0 what chance alone gives, below 0 worse than chance.',
  })
  value!: number;

  @Field(() => Int, { description: 'Items rated by two annotators or more.' })
  items!: number;

  @Field(() => Int)
  annotators!: number;
}

@ObjectType()
export class LabelAgreement extends AgreementScore {
  @Field(() => String)
  label!: string;
}

@ObjectType({
  description:
    'Agreement between the sessions that answered the same questions: binary answers by task, manual spans by (input, span), choices and cats by (input, option). Only the latest answer of a session counts; ignored answers do not.',
})
export class Agreement {
  @Field(() => AgreementScore, {
    nullable: true,
    description: "Every label's items together; null until two sessions answer the same item.",
  })
  overall!: AgreementScore | null;

  @Field(() => [LabelAgreement], { description: 'By label name.' })
  labels!: LabelAgreement[];
}

export const DatasetConnection = connectionType(Dataset, 'Dataset');
export const AnnotationConnection = connectionType(Annotation, 'Annotation');
