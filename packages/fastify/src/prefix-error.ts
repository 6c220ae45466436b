import { prefixError as prefixWith } from '@sessiongate/core/adapter';

/** Names this package at the start of a registration error's message (in place of the core's name). */
export const prefixError = (error: unknown): unknown => prefixWith(error, __PKG_NAME__);
