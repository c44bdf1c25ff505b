// A tiny HTTP app; `node server.js --once` prints its greeting and exits (used by the demo).
const http = require('node:http');

const greeting = () =>
  `${process.env.GREETING ?? 'hello'} from ${process.env.OPENSHIFT_BUILD_NAME ?? 'a local run'} (mode ${process.env.APP_MODE ?? 'unset'})`;

if (process.argv.includes('--once')) {
  console.log(greeting());
} else {
  const port = Number(process.env.PORT ?? 8080);
  http
    .createServer((_req, res) => res.end(`${greeting()}\n`))
    .listen(port, () => console.log(`listening on ${port}`));
}
