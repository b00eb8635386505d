import {
  Arg,
  Args,
  Ctx,
  FieldResolver,
  Int,
  Query,
  Resolver,
  Root,
  Authorized,
} from 'type-graphql';
import type { Context } from '../graphql/context.js';
import { connectionType, PageArgs } from '../graphql/connection.js';
import { Input } from './input.entity.js';
import { Source } from './source.entity.js';
import { countInputs, findSource, inputsPage, listSources } from './source.service.js';
import { can } from '../users/access.js';
import { UserRole } from '../users/user-role.js';

const SourceConnection = connectionType(Source, 'Source');
const InputConnection = connectionType(Input, 'Input');

@Resolver(() => Source)
export class SourceResolver {
  @Authorized(can(UserRole.viewer))
  @Query(() => SourceConnection, { description: 'Every source, oldest first.' })
  sources(@Args(() => PageArgs) { first, after }: PageArgs, @Ctx() { em }: Context) {
    return listSources(em, first, after);
  }

  @Authorized(can(UserRole.viewer))
  @Query(() => Source, { description: 'One source by name; NOT_FOUND when there is none.' })
  source(@Arg('name', () => String) name: string, @Ctx() { em }: Context) {
    return findSource(em, name);
  }

  @FieldResolver(() => Int)
  inputCount(@Root() source: Source, @Ctx() { em }: Context) {
    return countInputs(em, source.id);
  }

  @FieldResolver(() => InputConnection, { description: 'The inputs in import order.' })
  inputs(
    @Root() source: Source,
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Ctx() { em }: Context,
  ) {
    return inputsPage(em, source.id, first, after);
  }
}
