// A webhook receiver written the way the seed guides write one (Express, express.json(),
// HMAC-SHA256 over JSON.stringify(req.body), compared with crypto.timingSafeEqual), for
// bench/listen.sh. Usage: SECRET=... node server.js [PORT]; prints "listening on PORT".
// Note: re-serialising req.body is how the guides do it; it only matches because the bench
// body is compact JSON (whk verify flags this pattern as `body_reserialized` otherwise).
const crypto = require('crypto');
const express = require('express');

const secret = process.env.SECRET || 'bench-secret';
const app = express();
app.use(express.json({ limit: '10mb' }));

function verifyWebhookSignature(payload, signature, secretKey) {
  if (!signature) return false;
  const expected = crypto.createHmac('sha256', secretKey).update(payload).digest('hex');
  const given = Buffer.from(signature.replace('sha256=', ''), 'hex');
  const want = Buffer.from(expected, 'hex');
  return given.length === want.length && crypto.timingSafeEqual(given, want);
}

app.post('*', (req, res) => {
  const signature = req.headers['x-webhook-signature'];
  const payload = JSON.stringify(req.body);
  if (!verifyWebhookSignature(payload, signature, secret)) {
    return res.status(401).json({ error: 'Invalid signature' });
  }
  res.json({ success: true });
});

const server = app.listen(Number(process.argv[2] || 0), '127.0.0.1', () => {
  console.log(`listening on ${server.address().port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
