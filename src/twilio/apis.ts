export const REGIONS = ['us1', 'ie1', 'au1'] as const;
export type Region = (typeof REGIONS)[number];

/** The edge that serves each region's hosts: `{product}.{edge}.{region}.twilio.com`. */
const EDGES: Record<Exclude<Region, 'us1'>, string> = { ie1: 'dublin', au1: 'sydney' };

/**
 * Where a list says its next page is. `2010`: a relative `next_page_uri` at the top of the answer. `v1`: an absolute
 * `meta.next_page_url` (every API but the 2010 one, Studio's v2 included).
 */
export type PagingStyle = '2010' | 'v1';

export interface TwilioApi {
  /** The host's first label, also the name of its environment override (`TWILIO_<NAME>_BASE_URL`). */
  readonly product: string;
  readonly paging: PagingStyle;
  /** The regions where Twilio runs this API. */
  readonly regions: readonly Region[];
  /**
   * Regions where Twilio's own pages disagree whether it runs this API (reference §9): its regional host is tried there,
   * and a host that does not exist or a list it does not have is said to be that.
   */
  readonly unconfirmedRegions?: readonly Region[];
}

export const APIS = {
  api: { product: 'api', paging: '2010', regions: REGIONS },
  // Twilio's regional availability (reference §9): one page says Insights is not yet in ie1, a newer one implies it is;
  // Monitor is documented for us1, and nowhere said to be missing elsewhere; Conversations runs in ie1 (the Chat
  // channel only); Studio runs in ie1 as a public beta; Elastic SIP Trunking in every region. None but Voice and
  // Trunking is documented in au1.
  insights: { product: 'insights', paging: 'v1', regions: ['us1'], unconfirmedRegions: ['ie1'] },
  monitor: { product: 'monitor', paging: 'v1', regions: ['us1'], unconfirmedRegions: ['ie1', 'au1'] },
  conversations: { product: 'conversations', paging: 'v1', regions: ['us1', 'ie1'] },
  studio: { product: 'studio', paging: 'v1', regions: ['us1', 'ie1'] },
  trunking: { product: 'trunking', paging: 'v1', regions: ['us1', 'ie1', 'au1'] },
  // TaskRouter runs in ie1 as a public beta, not in au1; Verify and Video run in us1 alone; Messaging Services are
  // documented for us1, ie1 having a limited SMS beta without a word on the Services API.
  taskrouter: { product: 'taskrouter', paging: 'v1', regions: ['us1', 'ie1'] },
  verify: { product: 'verify', paging: 'v1', regions: ['us1'] },
  video: { product: 'video', paging: 'v1', regions: ['us1'] },
  messaging: { product: 'messaging', paging: 'v1', regions: ['us1'], unconfirmedRegions: ['ie1'] },
} as const satisfies Record<string, TwilioApi>;
export type ApiName = keyof typeof APIS;
export const API_NAMES = Object.keys(APIS) as ApiName[];

/** Whether Twilio's pages disagree on whether it runs the API in the region, where the connector tries it anyway. */
export function isUnconfirmedIn(name: ApiName, region: Region): boolean {
  const api: TwilioApi = APIS[name];
  return api.unconfirmedRegions?.includes(region) ?? false;
}

/** The API's host in the region, or undefined where Twilio does not run it. */
export function apiOrigin(name: ApiName, region: Region): string | undefined {
  const api: TwilioApi = APIS[name];
  if (!api.regions.includes(region) && !isUnconfirmedIn(name, region)) return undefined;
  return region === 'us1' ? `https://${api.product}.twilio.com` : `https://${api.product}.${EDGES[region]}.${region}.twilio.com`;
}
