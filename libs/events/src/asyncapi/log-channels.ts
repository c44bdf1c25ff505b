import { logLineSchema } from '../payloads.js';
import { logSubject } from '../subjects.js';
import { storageText } from './descriptions.js';
import {
  channelMessageRef,
  channelRef,
  messagesOf,
  msgIdHeaders,
  schemaRef,
  type Fragment,
} from './document.js';
import { withStream } from './jetstream.js';

const LOG = 'BuildLog';
const LINE = 'BuildLogLine';

/** The per-build log subject: one channel, its namespace and name as parameters. */
export function logChannels(): Fragment {
  const address = logSubject('{namespace}', '{build}');
  return {
    schemas: { [LINE]: logLineSchema },
    messages: {
      [LINE]: {
        name: LINE,
        title: 'Build log line',
        summary: 'One line of a build log, numbered by `seq` within the stage that wrote it.',
        description: 'A bare JSON line, not a CloudEvent: logs are read in bulk.',
        contentType: 'application/json',
        headers: msgIdHeaders(
          '`<build uid>:<stage>:<attempt>:<seq>`, so a redelivered job writing the same lines ' +
            'again does not duplicate them.',
        ),
        payload: schemaRef(LINE),
      },
    },
    channels: {
      [LOG]: {
        address,
        title: 'Build log',
        description:
          'The log of one build, in order: a reader follows exactly one build by its subject. ' +
          'Secret values are masked before publishing. ' +
          storageText(address),
        parameters: {
          namespace: { description: "The build's namespace." },
          build: { description: "The build's name." },
        },
        messages: messagesOf(LINE),
        ...withStream(address),
      },
    },
    operations: {
      [`send${LOG}`]: {
        action: 'send',
        channel: channelRef(LOG),
        summary: 'Every stage writes the lines of its work.',
        description: 'Published in the order written.',
        messages: [channelMessageRef(LOG, LINE)],
      },
      [`receive${LOG}`]: {
        action: 'receive',
        channel: channelRef(LOG),
        summary: 'Read the log of one build.',
        description:
          "An ephemeral consumer of the stream filtered on the one build's subject, from its " +
          'first line (build-api serves the build log so).',
        messages: [channelMessageRef(LOG, LINE)],
      },
    },
  };
}
