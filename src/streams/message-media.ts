import * as z from 'zod';
import { childOf, defineStream, twilioDateTime, type AccountContext } from './definition.js';
import { messages } from './messages.js';

export const mediaSchema = z.object({
  account_sid: z.string().nullable(),
  content_type: z.string().nullable(),
  date_created: twilioDateTime(),
  date_updated: twilioDateTime(),
  parent_sid: z.string().nullable().describe('The SID of the message the medium belongs to.'),
  sid: z.string(),
  uri: z.string().nullable().describe('The medium itself is at this URI without its .json suffix.'),
});

interface MessageContext extends AccountContext {
  readonly messageSid: string;
}

/**
 * The media of the messages that have any (`num_media` is not "0"), one list per such message. An incremental sync
 * reads the media of the messages of its windows: a medium is created with its message.
 */
export const messageMedia = defineStream({
  name: 'message_media',
  description:
    '[Media](https://www.twilio.com/docs/messaging/api/media-resource) of the messages that have any (`num_media` not `"0"`), read with their messages',
  api: 'api',
  path: ({ accountSid, messageSid }: MessageContext) =>
    `/2010-04-01/Accounts/${accountSid}/Messages/${encodeURIComponent(messageSid)}/Media.json`,
  itemsKey: 'media_list',
  schema: mediaSchema,
  primaryKey: ['sid'],
  // No filter of its own: read with the messages of each window, not by a sweep of every message's media by date.
  incremental: { cursorField: 'date_created' },
  parent: childOf({
    stream: messages,
    where: (message) => message.num_media !== null && message.num_media !== '0',
    context: (message, { accountSid }): MessageContext => ({ accountSid, messageSid: message.sid }),
  }),
  notFoundIsEmpty: true,
});
