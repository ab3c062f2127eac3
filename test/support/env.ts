/** Real services the tests run against (DATABASE_URL, REDIS_URL). */
export const DATABASE_URL = process.env.DATABASE_URL || 'mysql://root@127.0.0.1:3306/test';
/**
 * `sqlite`: e2e specs that boot the test app run on a fresh SQLite file (better-sqlite3, schema
 * by synchronize), the store of the example app; anything else: MariaDB at DATABASE_URL.
 */
export const TEST_DATABASE = process.env.TEST_DATABASE || 'mysql';
export const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

export const TOKENS = {
  admin: 'admin-token',
  user: 'user-token', // alice, Webhook User
  otherUser: 'bob-token', // bob, Webhook User
  guest: 'guest-token', // no webhook permission
} as const;

export const TEST_USERS = {
  [TOKENS.admin]: { id: 'admin', permissions: ['Webhook Admin'] },
  [TOKENS.user]: { id: 'alice', permissions: ['Webhook User'] },
  [TOKENS.otherUser]: { id: 'bob', permissions: ['Webhook User', 'Lab Tech'] },
  [TOKENS.guest]: { id: 'guest', permissions: ['Lab Tech'] },
};

/** The callers of a route-by-caller matrix; `assigned` is alice, `unassigned` bob. */
export type Who = 'none' | 'guest' | 'assigned' | 'unassigned' | 'admin';
export const TOKEN_OF: Record<Who, string | undefined> = {
  none: undefined,
  guest: TOKENS.guest,
  assigned: TOKENS.user,
  unassigned: TOKENS.otherUser,
  admin: TOKENS.admin,
};

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
