// A Vite plugin for the library builds and the size budget: the element's Lit styles
// (src/element/*.styles.ts, css`` templates without interpolations) ship without their
// comments and indentation. Lit passes the text to the browser as is, so these bytes
// would otherwise reach every page; the source keeps its comments.

/**
 * Comments out, runs of whitespace to one space, none around braces and semicolons, none after
 * a colon or a comma (a selector's colon is never followed by a space; a declaration's may be),
 * no semicolon before a closing brace.
 */
export function minifyCss(text) {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};])\s*/g, '$1')
    .replace(/([:,]) /g, '$1')
    .replace(/;}/g, '}')
    .trim();
}

export function minifyCssTemplates() {
  return {
    name: 'chunk-uploader-minify-css-templates',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]src[\\/]element[\\/][^\\/]+\.styles\.ts$/.test(id)) return null;
      return { code: code.replace(/css`([^`$]*)`/g, (_, body) => `css\`${minifyCss(body)}\``), map: null };
    },
  };
}
