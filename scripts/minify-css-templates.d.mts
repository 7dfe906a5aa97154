import type { Plugin } from 'vite';

/** The element's css`` text without comments and needless whitespace. */
export function minifyCss(text: string): string;
/** Vite plugin: minifies the css`` templates of src/element/*.styles.ts. */
export function minifyCssTemplates(): Plugin;
