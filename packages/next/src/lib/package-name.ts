/** The package name, for error messages. */
export const PKG = typeof __PKG_NAME__ === 'string' ? __PKG_NAME__ : '@sessiongate/next';
