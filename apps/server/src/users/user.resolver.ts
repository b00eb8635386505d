import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { ForbiddenError, UnauthenticatedError } from '../errors.js';
import type { Context } from '../graphql/context.js';
import { can } from './access.js';
import { UserRole } from './user-role.js';
import { ApiToken, User } from './user.entity.js';
import { createApiToken, listApiTokens, revokeApiToken, userForPassword } from './user.service.js';
import { CreatedApiToken } from './user.types.js';

/** The signed-in user, or a refusal; the token operations need one even with auth off. */
function signedIn({ viewer }: Context): User {
  if (!viewer.user) throw new UnauthenticatedError();
  return viewer.user;
}

/** Only admins act on other users' tokens; everyone on their own. */
const ownerFilter = (user: User) => (user.role === UserRole.admin ? undefined : user);

@Resolver()
export class UserResolver {
  @Query(() => User, { nullable: true, description: 'The signed-in user; null when anonymous.' })
  me(@Ctx() { viewer }: Context): User | null {
    return viewer.user ?? null;
  }

  @Mutation(() => User, {
    description: 'Signs in with a name and password and sets the session cookie (HTTP only).',
  })
  async signIn(
    @Arg('name', () => String) name: string,
    @Arg('password', () => String) password: string,
    @Ctx() { em, session }: Context,
  ): Promise<User> {
    const user = await userForPassword(em, name, password);
    if (!user) throw new UnauthenticatedError();
    if (!session) throw new ForbiddenError('sign in over HTTP, where the cookie can be set');
    await session.signIn(user.id);
    return user;
  }

  @Mutation(() => Boolean, { description: "Ends this browser's session (clears its cookie)." })
  signOut(@Ctx() { session }: Context): boolean {
    session?.signOut();
    return true;
  }

  @Authorized(can(UserRole.viewer))
  @Mutation(() => CreatedApiToken, {
    description: 'A new API token for yourself, or (admins) for the user named `user`.',
  })
  async createApiToken(
    @Arg('user', () => String, { nullable: true }) userName: string | undefined,
    @Arg('label', () => String, { nullable: true }) label: string | undefined,
    @Ctx() context: Context,
  ): Promise<CreatedApiToken> {
    const me = signedIn(context);
    if (userName !== undefined && userName !== me.name && me.role !== UserRole.admin)
      throw new ForbiddenError("only an admin creates another user's tokens");
    const { token, record } = await createApiToken(context.em, userName ?? me.name, label);
    return { token, apiToken: record };
  }

  @Authorized(can(UserRole.viewer))
  @Query(() => [ApiToken], { description: 'Your API tokens (an admin: everyone’s), newest first.' })
  apiTokens(@Ctx() context: Context): Promise<ApiToken[]> {
    return listApiTokens(context.em, ownerFilter(signedIn(context)));
  }

  @Authorized(can(UserRole.viewer))
  @Mutation(() => ApiToken, { description: 'Revokes one of your tokens (an admin: anyone’s).' })
  revokeApiToken(@Arg('id', () => ID) id: string, @Ctx() context: Context): Promise<ApiToken> {
    return revokeApiToken(context.em, Number(id), ownerFilter(signedIn(context)));
  }
}
