import * as z from 'zod';
import type { User } from '../domain/user.js';

const nullableString = z.string().nullable().optional();

const userWire = z.object({
  id: z.string().min(1),
  username: nullableString,
  first_name: nullableString,
  last_name: nullableString,
  email_addresses: z.array(z.object({ id: z.string().min(1), email_address: z.string() })),
  primary_email_address_id: nullableString,
  profile_image_url: z.string().optional(),
  image_url: z.string().optional(),
  public_metadata: z.record(z.string(), z.unknown()).nullable().optional(),
  created_at: z.number().finite(),
  updated_at: z.number().finite(),
});

/** A user as the Backend API sends it. */
export const userSchema: z.ZodType<User> = userWire.transform((w) => {
  const u: User = {
    id: w.id,
    username: w.username ?? null,
    firstName: w.first_name ?? null,
    lastName: w.last_name ?? null,
    emailAddresses: w.email_addresses.map((e) => ({ id: e.id, emailAddress: e.email_address })),
    primaryEmailAddressId: w.primary_email_address_id ?? null,
    publicMetadata: w.public_metadata ?? {},
    createdAt: w.created_at,
    updatedAt: w.updated_at,
  };
  if (w.profile_image_url !== undefined) u.profileImageUrl = w.profile_image_url;
  if (w.image_url !== undefined) u.imageUrl = w.image_url;
  return u;
});

export const userListSchema: z.ZodType<User[]> = z.array(userSchema);
