declare const __PKG_NAME__: string;
declare const __PKG_VERSION__: string;
