import * as z from 'zod';
import { configError } from './protocol/errors.js';
import { DAY_MS } from './reading/windows.js';
import { REGIONS } from './twilio/apis.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A message for a missing value or one of the wrong type; `what` says what the field holds. */
const expected = (what: string) => ({
  error: (issue: { input: unknown }) => (issue.input === undefined ? `is required: ${what}` : `must be ${what}`),
});

const sid = (prefix: 'AC' | 'SK', what: string) =>
  z
    .string(expected(`${what}, "${prefix}" followed by 32 hexadecimal characters`))
    .regex(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`), `must be "${prefix}" followed by 32 hexadecimal characters`);

const secret = (what: string) => z.string(expected(what)).min(1, 'must not be empty');

const credentialsSchema = z.discriminatedUnion(
  'auth_type',
  [
    z.object({
      auth_type: z.literal('api_key'),
      api_key_sid: sid('SK', 'the API key SID'),
      api_key_secret: secret("the API key's secret"),
    }),
    z.object({
      auth_type: z.literal('auth_token'),
      auth_token: secret("the account's Auth Token"),
    }),
  ],
  {
    error: ({ input }) => {
      const choice = '"api_key" (an API key SID and secret) or "auth_token" (the account\'s Auth Token)';
      if (input === undefined) return `is required: an object whose "auth_type" is ${choice}`;
      if (typeof input !== 'object' || input === null || Array.isArray(input)) {
        return `must be an object whose "auth_type" is ${choice}`;
      }
      return 'auth_type' in input ? `must be ${choice}` : `is required: ${choice}`;
    },
  },
);

const startDate = z
  .string(expected('a date written YYYY-MM-DD'))
  .regex(DAY, { message: 'must be a date written YYYY-MM-DD, such as 2024-01-01', abort: true })
  .refine((day) => new Date(`${day}T00:00:00Z`).toISOString().startsWith(day), { message: 'is not a calendar date', abort: true })
  // A day of slack: east of UTC, the user's own today is UTC's tomorrow.
  .refine((day) => day <= new Date(Date.now() + DAY_MS).toISOString().slice(0, 10), 'lies in the future, so no record could match');

function wholeNumber(min: number, max: number, unit = ''): z.ZodNumber {
  const what = `a whole number${unit === '' ? '' : ` of ${unit}`} from ${min} to ${max}`;
  return z
    .number(expected(what))
    .int(`must be ${what}`)
    .min(min, `must be ${what}`)
    .max(max, `must be ${what}`);
}

/** The config of spec.json as a zod schema; a unit test holds the two to the same fields and rules. */
export const configSchema = z.object({
  account_sid: sid('AC', 'the Account SID'),
  credentials: credentialsSchema,
  region: z.enum(REGIONS, expected(`one of ${REGIONS.join(', ')}`)).default('us1'),
  start_date: startDate.optional(),
  max_concurrency: wholeNumber(1, 32).default(8),
  subaccounts: z.enum(['all', 'none'], expected('"all" or "none"')).default('all'),
  account_sids: z
    .array(sid('AC', 'an Account SID'), expected('a list of Account SIDs'))
    .min(1, 'must list at least one Account SID, or be left out')
    .refine((sids) => new Set(sids).size === sids.length, 'must not list an Account SID twice')
    .optional(),
  lookback_window: wholeNumber(0, 10_080, 'minutes').default(0),
  slice_days: wholeNumber(1, 365, 'days').default(1),
});
export type TwilioConfig = z.output<typeof configSchema>;

export function parseConfig(raw: unknown): TwilioConfig {
  return readConfig(raw).config;
}

/** The config, and what was read differently from how it was written (a legacy shape), to tell the user once. */
export function readConfig(raw: unknown): { config: TwilioConfig; notes: string[] } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw configError('Config validation error: the config must be a JSON object.');
  }
  const { fields, notes } = fromLegacyShape(withoutNullOptionals(raw as Record<string, unknown>));
  const result = configSchema.safeParse(fields);
  if (result.success) return { config: result.data, notes };
  const problems = result.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
  throw configError(`Config validation error: ${[...new Set(problems)].join('; ')}.`);
}

/** API clients send an unset optional field as null: it means "not set", as if absent. */
function withoutNullOptionals(raw: Record<string, unknown>): Record<string, unknown> {
  const optional = (key: string) => configSchema.shape[key as keyof typeof configSchema.shape]?.safeParse(undefined).success === true;
  return Object.fromEntries(Object.entries(raw).filter(([key, value]) => !(value === null && optional(key))));
}

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * The config of Airbyte's own Twilio connector, pasted by a user moving from it: a flat `account_sid` + `auth_token`
 * and a date-time `start_date` (2020-10-01T00:00:00Z), read as the nested credentials and the UTC day.
 */
function fromLegacyShape(raw: Record<string, unknown>): { fields: Record<string, unknown>; notes: string[] } {
  const fields = { ...raw };
  const notes: string[] = [];
  if (fields['credentials'] === undefined && typeof fields['auth_token'] === 'string') {
    fields['credentials'] = { auth_type: 'auth_token', auth_token: fields['auth_token'] };
    delete fields['auth_token'];
    notes.push('the top-level auth_token is read as credentials {"auth_type": "auth_token", "auth_token": …}');
  }
  const startDate = fields['start_date'];
  const dateTime = typeof startDate === 'string' ? DATE_TIME.exec(startDate) : null;
  if (typeof startDate === 'string' && dateTime !== null && !Number.isNaN(Date.parse(startDate))) {
    const day = new Date(startDate).toISOString().slice(0, 10);
    fields['start_date'] = day;
    notes.push(`start_date ${startDate} is read as the UTC day ${day}`);
  }
  return { fields, notes };
}

/** HTTP Basic credentials: an API key when there is one (Twilio's advice), else the account's Auth Token. */
export function basicCredentials(config: TwilioConfig): { username: string; password: string } {
  const { credentials } = config;
  return credentials.auth_type === 'api_key'
    ? { username: credentials.api_key_sid, password: credentials.api_key_secret }
    : { username: config.account_sid, password: credentials.auth_token };
}
