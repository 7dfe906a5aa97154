// An Express app that mounts chunk-uploader/server for S3 (or any S3-compatible store).
// Users sign in with a cookie session; the signer's `authorize` reads it. Settings come from
// the environment (README, "Your backend in five minutes"):
//   S3_ENDPOINT (absent: AWS), S3_REGION, S3_BUCKET, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
//   UPLOAD_SESSION_SECRET (32+ bytes), ALLOWED_ORIGINS (comma separated), PORT.
import { randomBytes } from 'node:crypto';
import express from 'express';
import { createSigner, jsonLines, toNodeHandler } from 'chunk-uploader/server';

const env = process.env;
const allowedOrigins = (env.ALLOWED_ORIGINS ?? '').split(',').filter((origin) => origin !== '');

/** sid → user id. A real app keeps sessions in its store; this one keeps them in memory. */
const sessions = new Map();

function cookie(header, name) {
  for (const pair of (header ?? '').split(';')) {
    const [key, ...value] = pair.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

const signer = createSigner({
  provider: 's3',
  bucket: env.S3_BUCKET,
  region: env.S3_REGION ?? 'us-east-1',
  ...(env.S3_ENDPOINT ? { endpoint: env.S3_ENDPOINT, forcePathStyle: true } : {}),
  ...(env.AWS_ACCESS_KEY_ID ? { credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY } } : {}),
  secret: env.UPLOAD_SESSION_SECRET,
  // Who is asking: the user of the session cookie, or nobody (401).
  authorize: (request) => {
    const user = sessions.get(cookie(request.headers.get('cookie'), 'sid'));
    return user === undefined ? null : { id: user };
  },
  maxFileSize: 5 * 1024 ** 3,
  allowedOrigins,
  log: jsonLines((line) => console.log(line)),
});

const app = express();

// CORS for the sign-in route, by the same allowlist (the signer answers its own CORS).
app.use('/login', (req, res, next) => {
  const origin = req.headers.origin;
  if (origin !== undefined && allowedOrigins.includes(origin)) {
    res.set({ 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' });
  }
  if (req.method === 'OPTIONS') res.set('Access-Control-Allow-Methods', 'POST').sendStatus(204);
  else next();
});

// Stands in for your real sign-in: any name is accepted.
app.post('/login', express.text(), (req, res) => {
  const user = String(req.body || 'guest').replace(/[^\w-]/g, '').slice(0, 40) || 'guest';
  const sid = randomBytes(24).toString('base64url');
  sessions.set(sid, user);
  res.cookie('sid', sid, { httpOnly: true, sameSite: 'lax', path: '/' }).json({ user });
});

app.use('/api/upload', toNodeHandler(signer));

const server = app.listen(Number(env.PORT ?? 8787), '127.0.0.1', () => {
  console.log(`chunk-uploader example (express) listening on http://127.0.0.1:${server.address().port}/api/upload`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
