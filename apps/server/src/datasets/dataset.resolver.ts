import {
  Arg,
  Args,
  Ctx,
  FieldResolver,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
  Authorized,
} from 'type-graphql';
import type { Context } from '../graphql/context.js';
import { PageArgs } from '../graphql/connection.js';
import { Dataset } from './dataset.entity.js';
import {
  annotationsPage,
  createDataset,
  datasetAgreement,
  datasetCounts,
  deleteDataset,
  findDataset,
  listDatasets,
} from './dataset.service.js';
import {
  Agreement,
  AnnotationConnection,
  AnnotationsArgs,
  CreateDatasetInput,
  DatasetConnection,
  DatasetCountsType,
} from './dataset.types.js';
import { can, inDataset } from '../users/access.js';
import { UserRole } from '../users/user-role.js';

@Resolver(() => Dataset)
export class DatasetResolver {
  @Authorized(can(UserRole.viewer))
  @Query(() => DatasetConnection, { description: 'Every dataset, oldest first.' })
  datasets(@Args(() => PageArgs) { first, after }: PageArgs, @Ctx() { em }: Context) {
    return listDatasets(em, first, after);
  }

  @Authorized(can(UserRole.viewer, inDataset()))
  @Query(() => Dataset, { description: 'One dataset by name; NOT_FOUND when there is none.' })
  dataset(@Arg('name', () => String) name: string, @Ctx() { em }: Context) {
    return findDataset(em, name);
  }

  @Authorized(can(UserRole.admin))
  @Mutation(() => Dataset)
  createDataset(
    @Arg('input', () => CreateDatasetInput) input: CreateDatasetInput,
    @Ctx() { em }: Context,
  ) {
    return createDataset(em, input);
  }

  @Authorized(can(UserRole.admin))
  @Mutation(() => Int, {
    description: 'Deletes a dataset with all its answers and returns how many answers went.',
  })
  deleteDataset(
    @Arg('name', () => String) name: string,
    @Arg('confirmName', () => String, { description: 'The name again, as a confirmation.' })
    confirmName: string,
    @Ctx() { em }: Context,
  ) {
    return deleteDataset(em, name, confirmName);
  }

  @FieldResolver(() => DatasetCountsType)
  counts(@Root() dataset: Dataset, @Ctx() { em }: Context) {
    return datasetCounts(em, dataset.id);
  }

  @FieldResolver(() => AnnotationConnection)
  annotations(
    @Root() dataset: Dataset,
    @Args(() => AnnotationsArgs) args: AnnotationsArgs,
    @Ctx() { em }: Context,
  ) {
    const { answer, session, label, search, first, after } = args;
    // A filter or cursor sent as null means "none", as an absent one does.
    return annotationsPage(
      em,
      dataset.id,
      {
        answer: answer ?? undefined,
        session: session ?? undefined,
        label: label ?? undefined,
        search: search ?? undefined,
      },
      first,
      after ?? undefined,
    );
  }

  @FieldResolver(() => Agreement, {
    description: 'How far the sessions agree on the items they both answered, by label.',
  })
  agreement(@Root() dataset: Dataset, @Ctx() { em }: Context) {
    return datasetAgreement(em, dataset.id);
  }
}
