// Runs cognito-local (from the node_modules folder given as the first argument) as a child of the
// local stack. The stack holds this process's stdin open; when the stack exits, however it exits,
// stdin closes and this process ends with it, so no orphan is left behind.
'use strict';
const path = require('node:path');

const nodeModules = process.argv[2];
if (!nodeModules) {
  console.error('usage: node cognito-local.js NODE_MODULES_DIR');
  process.exit(2);
}
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => process.exit(0));
}
const lib = path.join(path.resolve(nodeModules), 'cognito-local', 'lib');

// cognito-local 5.3.0 has no AdminUserGlobalSignOut (the API calls it when an admin suspends a user) and
// would answer 500 "unsupported". Added here as Cognito does it: every refresh token of the user is
// revoked (REFRESH_TOKEN_AUTH then fails); ID and access tokens already issued stay valid until they expire.
const { Targets } = require(path.join(lib, 'targets', 'targets.js'));
const { UserNotFoundError } = require(path.join(lib, 'errors.js'));
if (!Targets.AdminUserGlobalSignOut) {
  Targets.AdminUserGlobalSignOut = ({ cognito, clock }) => async (ctx, req) => {
    const userPool = await cognito.getUserPool(ctx, req.UserPoolId);
    const user = await userPool.getUserByUsername(ctx, req.Username);
    if (!user) {
      throw new UserNotFoundError();
    }
    await userPool.saveUser(ctx, { ...user, RefreshTokens: [], UserLastModifiedDate: clock.get() });
    return {};
  };
}

// cognito-local 5.3.0 saves a user made by the UserMigration trigger with only the attributes the trigger
// returned, so it has no sub, which Cognito always generates (and our PostAuthentication trigger needs as
// the profile's id). Given here as Cognito gives it to users of a pool whose user names are emails: the
// sub is the generated user name (a UUID). The user object is changed in place because the migration
// hands the same object to PostAuthentication.
const { UserPoolServiceImpl } = require(path.join(lib, 'services', 'userPoolService.js'));
const saveUser = UserPoolServiceImpl.prototype.saveUser;
UserPoolServiceImpl.prototype.saveUser = async function (ctx, user) {
  if (user && user.Username && !(user.Attributes ?? []).some((a) => a.Name === 'sub')) {
    user.Attributes = [...(user.Attributes ?? []), { Name: 'sub', Value: user.Username }];
  }
  return saveUser.call(this, ctx, user);
};

require(path.join(lib, 'bin', 'start.js'));
