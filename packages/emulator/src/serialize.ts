import type { StoredClient, StoredSession, StoredUser, User } from './types.js';
import type { Store } from './store.js';

/** A session in the Backend API's shape. */
export function sessionJSON(s: StoredSession) {
  return {
    object: 'session' as const,
    id: s.id,
    client_id: s.clientId,
    user_id: s.userId,
    status: s.status,
    last_active_at: s.lastActiveAt,
    expire_at: s.expireAt,
    abandon_at: s.abandonAt,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
  };
}

/** A client in the Backend API's shape, with all its sessions. */
export function clientJSON(c: StoredClient, store: Store) {
  const sessions = c.sessionIds.map((id) => store.sessions.get(id)).filter((s): s is StoredSession => s !== undefined);
  return {
    object: 'client' as const,
    id: c.id,
    session_ids: [...c.sessionIds],
    sessions: sessions.map(sessionJSON),
    sign_in_id: null,
    sign_up_id: null,
    last_active_session_id: c.lastActiveSessionId,
    last_authentication_strategy: null,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  };
}

/** A user in the Backend API's shape. */
export function userJSON(u: StoredUser) {
  return {
    id: u.id,
    object: 'user' as const,
    external_id: null,
    primary_email_address_id: u.primaryEmailAddressId,
    primary_phone_number_id: null,
    primary_web3_wallet_id: null,
    username: null,
    first_name: u.firstName,
    last_name: u.lastName,
    image_url: '',
    profile_image_url: '',
    has_image: false,
    public_metadata: {},
    private_metadata: {},
    unsafe_metadata: {},
    email_addresses: u.emails.map((e) => ({
      id: e.id,
      object: 'email_address' as const,
      email_address: e.emailAddress,
      reserved: false,
      verification: {
        object: 'verification_otp' as const,
        status: 'verified' as const,
        strategy: 'email_code' as const,
        attempts: 1,
        expire_at: e.createdAt + 600_000,
      },
      linked_to: [],
      created_at: e.createdAt,
      updated_at: e.createdAt,
    })),
    phone_numbers: [],
    web3_wallets: [],
    passkeys: [],
    password_enabled: false,
    two_factor_enabled: false,
    totp_enabled: false,
    backup_code_enabled: false,
    mfa_enabled_at: null,
    mfa_disabled_at: null,
    external_accounts: [],
    saml_accounts: [],
    enterprise_accounts: [],
    last_sign_in_at: u.lastSignInAt,
    banned: false,
    locked: false,
    lockout_expires_in_seconds: null,
    verification_attempts_remaining: null,
    delete_self_enabled: true,
    create_organization_enabled: true,
    last_active_at: u.lastActiveAt,
    legal_accepted_at: null,
    created_at: u.createdAt,
    updated_at: u.updatedAt,
  };
}

/** A user in the programmatic API's camelCase shape. */
export function publicUser(u: StoredUser): User {
  return {
    id: u.id,
    firstName: u.firstName,
    lastName: u.lastName,
    emailAddresses: u.emails.map((e) => ({ id: e.id, emailAddress: e.emailAddress })),
    primaryEmailAddressId: u.primaryEmailAddressId,
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
  };
}
