// A Hono app (fetch-style: the same code runs on Node, Deno, Bun or an edge runtime) that mounts
// chunk-uploader/server for S3 (or any S3-compatible store). Users present a bearer token; the
// signer's `authorize` checks it. Settings come from the environment (README, "Your backend in
// five minutes"): S3_ENDPOINT (absent: AWS), S3_REGION, S3_BUCKET, AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY, UPLOAD_SESSION_SECRET (32+ bytes), ALLOWED_ORIGINS, PORT.
import { randomBytes } from 'node:crypto';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { createSigner, jsonLines } from 'chunk-uploader/server';

const env = process.env;
const allowedOrigins = (env.ALLOWED_ORIGINS ?? '').split(',').filter((origin) => origin !== '');

/** token → user id. A real app verifies a JWT or asks its identity provider instead. */
const tokens = new Map();

const signer = createSigner({
  provider: 's3',
  bucket: env.S3_BUCKET,
  region: env.S3_REGION ?? 'us-east-1',
  ...(env.S3_ENDPOINT ? { endpoint: env.S3_ENDPOINT, forcePathStyle: true } : {}),
  ...(env.AWS_ACCESS_KEY_ID ? { credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY } } : {}),
  secret: env.UPLOAD_SESSION_SECRET,
  authorize: (request) => {
    const token = /^Bearer (\S+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
    const user = token === undefined ? undefined : tokens.get(token);
    return user === undefined ? null : { id: user };
  },
  allowedOrigins,
  log: jsonLines((line) => console.log(line)),
});

const app = new Hono();

// Stands in for your real token endpoint: any name gets a token.
app.use('/token', cors({ origin: allowedOrigins, allowMethods: ['POST'] }));
app.post('/token', async (c) => {
  const user = (await c.req.text()).replace(/[^\w-]/g, '').slice(0, 40) || 'guest';
  const token = randomBytes(24).toString('base64url');
  tokens.set(token, user);
  return c.json({ token });
});

// The signer answers everything under /api/upload itself, preflights and CORS included.
app.all('/api/upload/*', (c) => signer.handle(c.req.raw));

const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: Number(env.PORT ?? 8788) }, (info) => {
  console.log(`chunk-uploader example (hono) listening on http://127.0.0.1:${info.port}/api/upload`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
