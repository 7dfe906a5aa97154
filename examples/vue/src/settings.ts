/**
 * Where uploads go: `?provider=oss&endpoint=http://127.0.0.1:5173/api/oss` in the address, by
 * default the playground's signer (`npm start` at the repository's root). A real app fixes both.
 */
const query = new URLSearchParams(location.search);
export const provider = query.get('provider') ?? 'oss';
export const endpoint = query.get('endpoint') ?? `http://127.0.0.1:5173/api/${provider}`;
