import * as z from 'zod';
import { defineStream, twilioDateTime } from './definition.js';
import { integer, nestedObject } from './fields.js';

export const flowSchema = z.object({
  sid: z.string(),
  account_sid: z.string().nullable(),
  author_sid: z.string().nullable(),
  friendly_name: z.string().nullable(),
  // The flow's widgets and transitions, as Studio's editor saved them.
  definition: nestedObject(),
  status: z.enum(['draft', 'published']).nullable(),
  revision: integer(),
  commit_message: z.string().nullable(),
  valid: z.boolean().nullable(),
  errors: z.array(z.looseObject({})).nullable(),
  warnings: z.array(z.looseObject({})).nullable(),
  date_created: twilioDateTime(),
  date_updated: twilioDateTime(),
  webhook_url: z.string().nullable(),
  url: z.string().nullable(),
  links: nestedObject(),
});

/** The Studio flows of the credentials' account (Studio v2, the current API; v1 hides contact SIDs). */
export const flows = defineStream({
  name: 'flows',
  description:
    '[Studio flows](https://www.twilio.com/docs/studio/rest-api/v2/flow) (`studio.twilio.com/v2/Flows`)',
  api: 'studio',
  path: () => '/v2/Flows',
  itemsKey: 'flows',
  schema: flowSchema,
  primaryKey: ['sid'],
  scope: 'credentials',
});
