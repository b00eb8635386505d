import { Field, ObjectType } from 'type-graphql';
import { ApiToken } from './user.entity.js';

@ObjectType({ description: 'A new API token: `token` is shown this once and stored only hashed.' })
export class CreatedApiToken {
  @Field(() => String, { description: 'Send as `Authorization: Bearer <token>`.' })
  token!: string;

  @Field(() => ApiToken)
  apiToken!: ApiToken;
}
