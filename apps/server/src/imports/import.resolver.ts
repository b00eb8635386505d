import {
  Arg,
  Field,
  Float,
  ID,
  Int,
  ObjectType,
  Resolver,
  Root,
  Subscription,
  Authorized,
} from 'type-graphql';
import { Topic, type ImportProgressPayload } from '../events.js';
import { can } from '../users/access.js';
import { UserRole } from '../users/user-role.js';

@ObjectType({ description: 'How far an import has got; the last event has done = true.' })
export class ImportProgress implements ImportProgressPayload {
  @Field(() => ID)
  importId!: string;

  @Field(() => Int)
  linesRead!: number;

  @Field(() => Int)
  inserted!: number;

  @Field(() => Int)
  duplicates!: number;

  @Field(() => Float)
  bytesRead!: number;

  @Field(() => Float, { nullable: true })
  totalBytes!: number | null;

  @Field(() => Boolean)
  done!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Why the import failed; nothing was written.',
  })
  error!: string | null;
}

@Resolver()
export class ImportResolver {
  @Authorized(can(UserRole.admin))
  @Subscription(() => ImportProgress, {
    topics: Topic.IMPORT_PROGRESS,
    topicId: ({ args }) => args.importId,
    description: 'Progress of an import started over HTTP with this import id.',
  })
  importProgress(
    @Arg('importId', () => ID) _importId: string,
    @Root() progress: ImportProgressPayload,
  ) {
    return progress;
  }
}
