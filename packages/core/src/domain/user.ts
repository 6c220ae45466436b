/** One email address of a user. */
export interface EmailAddress {
  id: string;
  emailAddress: string;
}

/** A user, camelCased (the fields session-verifying apps need; extra wire fields are ignored). */
export interface User {
  id: string;
  username: string | null;
  firstName: string | null;
  lastName: string | null;
  emailAddresses: EmailAddress[];
  primaryEmailAddressId: string | null;
  profileImageUrl?: string;
  imageUrl?: string;
  publicMetadata: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}
