// A real SMTP server offering STARTTLS (RFC 3207) for MailServerTests, which GreenMail cannot be (it has no STARTTLS).
// It listens on SMTP_PORT in plain text with the PKCS#12 key pair SMTP_PFX for the upgrade, and accepts the one user
// SMTP_USER / SMTP_PASSWORD only once the connection is encrypted (smtp-server refuses AUTH before STARTTLS unless
// told otherwise). Prints "listening" when ready, then one JSON line per mail: whether its connection was encrypted,
// who signed in, the recipients and the message.
import { readFileSync } from 'node:fs';
import { SMTPServer } from 'smtp-server';

const server = new SMTPServer({
  secure: false,
  pfx: readFileSync(process.env.SMTP_PFX),
  passphrase: process.env.SMTP_PFX_PASSWORD,
  authMethods: ['PLAIN', 'LOGIN'],
  logger: false,
  onAuth(auth, session, callback) {
    if (auth.username === process.env.SMTP_USER && auth.password === process.env.SMTP_PASSWORD) {
      callback(null, { user: auth.username });
    } else {
      callback(new Error('Invalid username or password'));
    }
  },
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => {
      console.log(JSON.stringify({
        secure: session.secure,
        user: session.user,
        to: session.envelope.rcptTo.map((recipient) => recipient.address),
        message: Buffer.concat(chunks).toString('utf8'),
      }));
      callback();
    });
  },
});
server.listen(Number(process.env.SMTP_PORT), '127.0.0.1', () => console.log('listening'));
