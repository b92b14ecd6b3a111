export const REGIONS = ['us1', 'ie1', 'au1'] as const;
export type Region = (typeof REGIONS)[number];

const HOSTS: Record<Region, string> = {
  us1: 'https://api.twilio.com',
  ie1: 'https://api.dublin.ie1.twilio.com',
  au1: 'https://api.sydney.au1.twilio.com',
};

export function regionBaseUrl(region: Region): string {
  return HOSTS[region];
}
